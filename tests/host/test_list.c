/* SPDX-License-Identifier: MIT */
/* Host tests of the intrusive circular list (kernel/list.h). */
#include <stddef.h>

#include "kernel/list.h"
#include "ktest.h"

struct item {
	int value;
	struct list_node node;
	int after; /* so node sits in the middle, not at either end */
};

#define N_ITEMS 8

static struct item items[N_ITEMS];

static void init_items(void)
{
	for (int i = 0; i < N_ITEMS; i++) {
		items[i].value = i;
		items[i].after = -i;
		list_node_init(&items[i].node);
	}
}

/*
 * Checks that head holds exactly the values expected[0..n-1] in that
 * order, walking forwards and backwards, and that every next/prev pair
 * agrees.
 */
static bool list_is(const struct list_node *head, const int *expected, int n)
{
	const struct list_node *pos = head;
	bool ok = true;

	for (int i = 0; i < n; i++) {
		if (pos->next->prev != pos)
			ok = false;
		pos = pos->next;
		if (pos == head || list_entry(pos, struct item, node)->value != expected[i])
			return false;
	}
	if (pos->next != head || head->prev != pos)
		return false;
	pos = head;
	for (int i = n - 1; i >= 0; i--) {
		pos = pos->prev;
		if (list_entry(pos, struct item, node)->value != expected[i])
			return false;
	}
	return ok && pos->prev == head;
}

static void test_init_and_empty(void)
{
	struct list_node head;
	struct list_node static_head = LIST_HEAD_INIT(static_head);

	list_init(&head);
	CHECK(head.next == &head);
	CHECK(head.prev == &head);
	CHECK(list_empty(&head));
	CHECK(!list_is_singular(&head));
	CHECK(list_first(&head) == NULL);
	CHECK(list_is(&head, NULL, 0));

	CHECK(static_head.next == &static_head);
	CHECK(static_head.prev == &static_head);
	CHECK(list_empty(&static_head));
	CHECK(list_first(&static_head) == NULL);
}

static void test_node_linked(void)
{
	struct list_node head;

	init_items();
	list_init(&head);
	CHECK(!list_node_linked(&items[0].node));
	list_push_back(&head, &items[0].node);
	CHECK(list_node_linked(&items[0].node));
	CHECK(!list_empty(&head));
	list_remove(&items[0].node);
	CHECK(!list_node_linked(&items[0].node));
	CHECK(items[0].node.next == &items[0].node);
	CHECK(items[0].node.prev == &items[0].node);
	CHECK(list_empty(&head));
}

/* list_unlink leaves the node's own links as they were (list_remove
 * resets them); the list itself is as after list_remove, and the node can
 * be linked again without a reset. */
static void test_unlink_leaves_links(void)
{
	struct list_node head;

	init_items();
	list_init(&head);
	for (int i = 0; i < 3; i++)
		list_push_back(&head, &items[i].node);
	list_unlink(&items[1].node);
	CHECK(list_is(&head, (const int[]){0, 2}, 2));
	CHECK(items[1].node.next == &items[2].node);
	CHECK(items[1].node.prev == &items[0].node);
	list_push_front(&head, &items[1].node);
	CHECK(list_is(&head, (const int[]){1, 0, 2}, 3));
	list_unlink(&items[0].node);
	list_unlink(&items[2].node);
	list_unlink(&items[1].node);
	CHECK(list_empty(&head));
	CHECK(list_sane(&head, 0));
}

static void test_push_back_is_fifo(void)
{
	struct list_node head;
	static const int want[] = {0, 1, 2, 3};

	init_items();
	list_init(&head);
	for (int i = 0; i < 4; i++) {
		list_push_back(&head, &items[i].node);
		CHECK(list_first(&head) == &items[0].node);
		CHECK(head.prev == &items[i].node);
		CHECK(list_is(&head, want, i + 1));
	}
}

static void test_push_front_is_lifo(void)
{
	struct list_node head;
	static const int want[] = {3, 2, 1, 0};

	init_items();
	list_init(&head);
	for (int i = 0; i < 4; i++) {
		list_push_front(&head, &items[i].node);
		CHECK(list_first(&head) == &items[i].node);
		CHECK(head.prev == &items[0].node);
		CHECK(list_is(&head, want + 3 - i, i + 1));
	}
}

static void test_insert_before(void)
{
	struct list_node head;

	init_items();
	list_init(&head);
	/* Before the head of an empty list: the only element. */
	list_insert_before(&head, &items[2].node);
	CHECK(list_is(&head, (const int[]){2}, 1));
	/* Before the head: append. */
	list_insert_before(&head, &items[4].node);
	CHECK(list_is(&head, (const int[]){2, 4}, 2));
	/* Before the first element: new first. */
	list_insert_before(&items[2].node, &items[0].node);
	CHECK(list_is(&head, (const int[]){0, 2, 4}, 3));
	CHECK(list_first(&head) == &items[0].node);
	/* In the middle and before the last. */
	list_insert_before(&items[2].node, &items[1].node);
	list_insert_before(&items[4].node, &items[3].node);
	CHECK(list_is(&head, (const int[]){0, 1, 2, 3, 4}, 5));
}

static void test_remove_each_position(void)
{
	/* For every length and every position, removing that element leaves the
	 * others in order and the list well linked. */
	for (int n = 1; n <= N_ITEMS; n++) {
		for (int victim = 0; victim < n; victim++) {
			struct list_node head;
			int want[N_ITEMS];
			int k = 0;

			init_items();
			list_init(&head);
			for (int i = 0; i < n; i++)
				list_push_back(&head, &items[i].node);
			list_remove(&items[victim].node);
			for (int i = 0; i < n; i++)
				if (i != victim)
					want[k++] = i;
			CHECK(list_is(&head, want, k));
			CHECK(!list_node_linked(&items[victim].node));
			CHECK_EQ(list_empty(&head), n == 1);
			CHECK_EQ(list_is_singular(&head), n == 2);
		}
	}
}

static void test_is_singular(void)
{
	struct list_node head;

	init_items();
	list_init(&head);
	CHECK(!list_is_singular(&head));
	list_push_back(&head, &items[0].node);
	CHECK(list_is_singular(&head));
	list_push_back(&head, &items[1].node);
	CHECK(!list_is_singular(&head));
	list_push_back(&head, &items[2].node);
	CHECK(!list_is_singular(&head));
	list_remove(&items[0].node);
	list_remove(&items[2].node);
	CHECK(list_is_singular(&head));
	list_remove(&items[1].node);
	CHECK(!list_is_singular(&head));
	CHECK(list_empty(&head));
}

static void test_for_each_visits_in_order(void)
{
	struct list_node head, *pos;
	int seen = 0;

	init_items();
	list_init(&head);
	list_for_each(pos, &head)
		seen++;
	CHECK_EQ(seen, 0);
	for (int i = 0; i < N_ITEMS; i++)
		list_push_back(&head, &items[i].node);
	list_for_each(pos, &head) {
		CHECK_EQ(list_entry(pos, struct item, node)->value, seen);
		seen++;
	}
	CHECK_EQ(seen, N_ITEMS);
}

static void test_for_each_safe_removal(void)
{
	struct list_node head, *pos, *tmp;
	int visited = 0;

	/* Remove every odd element while walking: all are still visited once. */
	init_items();
	list_init(&head);
	for (int i = 0; i < N_ITEMS; i++)
		list_push_back(&head, &items[i].node);
	list_for_each_safe(pos, tmp, &head) {
		struct item *it = list_entry(pos, struct item, node);

		CHECK_EQ(it->value, visited);
		if (++visited > N_ITEMS)
			break; /* a broken walk would loop forever */
		if (it->value % 2)
			list_remove(pos);
	}
	CHECK_EQ(visited, N_ITEMS);
	CHECK(list_is(&head, (const int[]){0, 2, 4, 6}, 4));

	/* Remove every element while walking: the list ends empty. */
	visited = 0;
	list_for_each_safe(pos, tmp, &head) {
		list_remove(pos);
		if (++visited > N_ITEMS)
			break;
	}
	CHECK_EQ(visited, 4);
	CHECK(list_empty(&head));
	for (int i = 0; i < N_ITEMS; i++)
		CHECK(!list_node_linked(&items[i].node));

	/* Moving each element to another list while walking. */
	struct list_node other;

	list_init(&other);
	for (int i = 0; i < N_ITEMS; i++)
		list_push_back(&head, &items[i].node);
	visited = 0;
	list_for_each_safe(pos, tmp, &head) {
		list_remove(pos);
		list_push_front(&other, pos);
		if (++visited > N_ITEMS)
			break;
	}
	CHECK_EQ(visited, N_ITEMS);
	CHECK(list_empty(&head));
	CHECK(list_is(&other, (const int[]){7, 6, 5, 4, 3, 2, 1, 0}, N_ITEMS));
}

static void test_entry_round_trip(void)
{
	init_items();
	for (int i = 0; i < N_ITEMS; i++) {
		struct list_node *node = &items[i].node;

		CHECK(list_entry(node, struct item, node) == &items[i]);
		CHECK_EQ(list_entry(node, struct item, node)->value, i);
		CHECK_EQ(list_entry(node, struct item, node)->after, -i);
	}
}

static void test_first(void)
{
	struct list_node head;

	init_items();
	list_init(&head);
	CHECK(list_first(&head) == NULL);
	list_push_back(&head, &items[5].node);
	CHECK(list_first(&head) == &items[5].node);
	list_push_back(&head, &items[6].node);
	CHECK(list_first(&head) == &items[5].node);
	list_push_front(&head, &items[7].node);
	CHECK(list_first(&head) == &items[7].node);
	list_remove(&items[7].node);
	list_remove(&items[5].node);
	CHECK(list_first(&head) == &items[6].node);
	list_remove(&items[6].node);
	CHECK(list_first(&head) == NULL);
}

int main(void)
{
	ktest_run("list.init_and_empty", test_init_and_empty);
	ktest_run("list.node_linked", test_node_linked);
	ktest_run("list.unlink_leaves_links", test_unlink_leaves_links);
	ktest_run("list.push_back_is_fifo", test_push_back_is_fifo);
	ktest_run("list.push_front_is_lifo", test_push_front_is_lifo);
	ktest_run("list.insert_before", test_insert_before);
	ktest_run("list.remove_each_position", test_remove_each_position);
	ktest_run("list.is_singular", test_is_singular);
	ktest_run("list.for_each_visits_in_order", test_for_each_visits_in_order);
	ktest_run("list.for_each_safe_removal", test_for_each_safe_removal);
	ktest_run("list.entry_round_trip", test_entry_round_trip);
	ktest_run("list.first", test_first);
	return ktest_finish();
}
