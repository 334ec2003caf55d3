/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the ready queue (kernel/readyq.c).
 *
 * Besides the fixed cases, a long random sequence of operations over all
 * PRIORITY_LEVELS levels (64, or 32 with CONFIG_PRIORITY_LEVELS=32) is checked after every step against a reference model (one
 * plain array per level): the bitmap invariant, each level's order and
 * links, the top priority and the first node.
 */
#include <stdint.h>

#include "kernel/readyq.h"
#include "ktest.h"

#define N_NODES 64

struct rnode {
	int id;
	struct list_node node;
	int level; /* -1 when on no level */
};

static struct rnode nodes[N_NODES];
static struct readyq q;

/* The bitmap as one number, bit p for level p, whatever its word count. */
#define BIT(p) ((uint64_t)1 << (p))

static uint64_t bits_of(const struct readyq *r)
{
	uint64_t v = 0;

	for (unsigned w = 0; w < READYQ_WORDS; w++)
		v |= (uint64_t)r->bitmap[w] << (32 * w);
	return v;
}

static void set_bits(struct readyq *r, uint64_t v)
{
	for (unsigned w = 0; w < READYQ_WORDS; w++)
		r->bitmap[w] = (uint32_t)(v >> (32 * w));
}

static void reset(void)
{
	readyq_init(&q);
	for (int i = 0; i < N_NODES; i++) {
		nodes[i].id = i;
		nodes[i].level = -1;
		list_node_init(&nodes[i].node);
	}
}

static int id_of(const struct list_node *node)
{
	return list_entry(node, struct rnode, node)->id;
}

/*
 * readyq_top_priority()/readyq_first() on an empty queue are undefined
 * (clz of 0); these wrappers let a broken bitmap show as a failed check
 * instead of a sanitizer abort.
 */
static int top(void)
{
	return bits_of(&q) != 0 ? (int)readyq_top_priority(&q) : -1;
}

static struct list_node *first(void)
{
	return bits_of(&q) != 0 ? readyq_first(&q) : NULL;
}

/* ---------------------------------------------------------------- model -- */

static struct {
	int ids[PRIORITY_LEVELS][N_NODES];
	int count[PRIORITY_LEVELS];
} model;

static void model_reset(void)
{
	for (int p = 0; p < PRIORITY_LEVELS; p++)
		model.count[p] = 0;
}

static void model_push_back(int id, int p)
{
	model.ids[p][model.count[p]++] = id;
}

static void model_push_front(int id, int p)
{
	for (int i = model.count[p]; i > 0; i--)
		model.ids[p][i] = model.ids[p][i - 1];
	model.ids[p][0] = id;
	model.count[p]++;
}

static void model_remove(int id, int p)
{
	int i = 0;

	while (model.ids[p][i] != id)
		i++;
	for (; i + 1 < model.count[p]; i++)
		model.ids[p][i] = model.ids[p][i + 1];
	model.count[p]--;
}

static void model_rotate(int p)
{
	int head = model.ids[p][0];

	for (int i = 0; i + 1 < model.count[p]; i++)
		model.ids[p][i] = model.ids[p][i + 1];
	model.ids[p][model.count[p] - 1] = head;
}

static int model_top(void)
{
	for (int p = PRIORITY_LEVELS - 1; p >= 0; p--)
		if (model.count[p] > 0)
			return p;
	return -1;
}

/* Level p of q holds exactly the model's ids, in order, well linked. */
static bool level_matches(int p)
{
	const struct list_node *head = &q.level[p];
	const struct list_node *pos = head;

	for (int i = 0; i < model.count[p]; i++) {
		if (pos->next->prev != pos)
			return false;
		pos = pos->next;
		if (pos == head || id_of(pos) != model.ids[p][i])
			return false;
	}
	return pos->next == head && head->prev == pos;
}

/* Compares q with the model; reports the first mismatch only. */
static bool queue_matches_model(void)
{
	uint64_t want_bitmap = 0;

	for (int p = 0; p < PRIORITY_LEVELS; p++) {
		if (model.count[p] > 0)
			want_bitmap |= BIT(p);
		if (!CHECK(level_matches(p)))
			return false;
		if (!CHECK_EQ(list_empty(&q.level[p]), model.count[p] == 0))
			return false;
	}
	if (!CHECK_EQ(bits_of(&q), want_bitmap))
		return false;
	if (want_bitmap != 0) {
		int want_top = model_top();

		if (!CHECK_EQ(readyq_top_priority(&q), want_top))
			return false;
		if (!CHECK_EQ(id_of(readyq_first(&q)), model.ids[want_top][0]))
			return false;
	}
	for (int i = 0; i < N_NODES; i++)
		if (!CHECK_EQ(list_node_linked(&nodes[i].node), nodes[i].level >= 0))
			return false;
	return true;
}

/* ------------------------------------------------------------------ rng -- */

static uint32_t rng_state;

static uint32_t xorshift32(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

static unsigned below(unsigned n)
{
	return xorshift32() % n;
}

/* ---------------------------------------------------------- fixed cases -- */

static void test_init_empty(void)
{
	reset();
	model_reset();
	CHECK_EQ(bits_of(&q), 0);
	for (int p = 0; p < PRIORITY_LEVELS; p++)
		CHECK(list_empty(&q.level[p]));
	queue_matches_model();
}

static void test_fifo_within_level(void)
{
	reset();
	for (int i = 0; i < 5; i++)
		readyq_push_back(&q, &nodes[i].node, 7);
	CHECK_EQ(bits_of(&q), BIT(7));
	for (int i = 0; i < 5; i++) {
		CHECK_EQ(top(), 7);
		CHECK(first() == &nodes[i].node);
		readyq_remove(&q, &nodes[i].node, 7);
		CHECK(!list_node_linked(&nodes[i].node));
	}
	CHECK_EQ(bits_of(&q), 0);
	CHECK(list_empty(&q.level[7]));
}

static void test_push_front_at_head(void)
{
	reset();
	readyq_push_back(&q, &nodes[0].node, 3);
	readyq_push_back(&q, &nodes[1].node, 3);
	readyq_push_front(&q, &nodes[2].node, 3);
	CHECK(first() == &nodes[2].node);
	CHECK(q.level[3].next == &nodes[2].node);
	CHECK(nodes[2].node.next == &nodes[0].node);
	CHECK(q.level[3].prev == &nodes[1].node);
	/* push_front onto an empty level sets its bit. */
	readyq_push_front(&q, &nodes[3].node, 9);
	CHECK_EQ(bits_of(&q), BIT(3) | BIT(9));
	CHECK(first() == &nodes[3].node);
	CHECK(q.level[9].next == &nodes[3].node && q.level[9].prev == &nodes[3].node);
}

static void test_remove_keeps_bit_until_empty(void)
{
	reset();
	readyq_push_back(&q, &nodes[0].node, 20);
	readyq_push_back(&q, &nodes[1].node, 20);
	readyq_push_back(&q, &nodes[2].node, 4);
	readyq_remove(&q, &nodes[0].node, 20);
	CHECK_EQ(bits_of(&q), BIT(20) | BIT(4));
	CHECK(first() == &nodes[1].node);
	readyq_remove(&q, &nodes[1].node, 20);
	CHECK_EQ(bits_of(&q), BIT(4));
	CHECK_EQ(top(), 4);
	CHECK(first() == &nodes[2].node);
	readyq_remove(&q, &nodes[2].node, 4);
	CHECK_EQ(bits_of(&q), 0);
}

static void test_rotate(void)
{
	reset();
	for (int i = 0; i < 3; i++)
		readyq_push_back(&q, &nodes[i].node, 12);
	CHECK(readyq_rotate(&q, 12) == &nodes[1].node);
	CHECK(first() == &nodes[1].node);
	CHECK(q.level[12].prev == &nodes[0].node);
	CHECK(readyq_rotate(&q, 12) == &nodes[2].node);
	CHECK(readyq_rotate(&q, 12) == &nodes[0].node);
	CHECK(q.level[12].prev == &nodes[2].node);
	CHECK_EQ(bits_of(&q), BIT(12));

	/* Two elements: they swap. */
	reset();
	readyq_push_back(&q, &nodes[0].node, 0);
	readyq_push_back(&q, &nodes[1].node, 0);
	CHECK(readyq_rotate(&q, 0) == &nodes[1].node);
	CHECK(q.level[0].prev == &nodes[0].node);
	CHECK_EQ(bits_of(&q), BIT(0));

	/* One element: the same node comes back and stays alone and linked. */
	reset();
	readyq_push_back(&q, &nodes[5].node, PRIORITY_MAX);
	CHECK(readyq_rotate(&q, PRIORITY_MAX) == &nodes[5].node);
	CHECK(list_is_singular(&q.level[PRIORITY_MAX]));
	CHECK(q.level[PRIORITY_MAX].next == &nodes[5].node);
	CHECK(nodes[5].node.next == &q.level[PRIORITY_MAX]);
	CHECK(nodes[5].node.prev == &q.level[PRIORITY_MAX]);
	CHECK_EQ(bits_of(&q), BIT(PRIORITY_MAX));

	/* Rotating one level leaves the others alone. */
	reset();
	readyq_push_back(&q, &nodes[0].node, 1);
	readyq_push_back(&q, &nodes[1].node, 1);
	readyq_push_back(&q, &nodes[2].node, 2);
	readyq_push_back(&q, &nodes[3].node, 2);
	readyq_rotate(&q, 1);
	CHECK(first() == &nodes[2].node);
	CHECK(q.level[1].next == &nodes[1].node);
}

/* ------------------------------------------------- top priority, exhaustive -- */

static void test_top_single_bit(void)
{
	struct readyq r;

	for (unsigned p = 0; p < PRIORITY_LEVELS; p++) {
		set_bits(&r, BIT(p));
		CHECK_EQ(readyq_top_priority(&r), p);
	}
	/* The same through the queue: one node at each level in turn. */
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++) {
		reset();
		readyq_push_back(&q, &nodes[0].node, p);
		CHECK_EQ(bits_of(&q), BIT(p));
		CHECK_EQ(top(), p);
		CHECK(first() == &nodes[0].node);
		readyq_remove(&q, &nodes[0].node, p);
		CHECK_EQ(bits_of(&q), 0);
	}
}

static void test_top_two_bits(void)
{
	struct readyq r;

	for (unsigned lo = 0; lo < PRIORITY_LEVELS; lo++) {
		for (unsigned hi = lo + 1; hi < PRIORITY_LEVELS; hi++) {
			set_bits(&r, BIT(lo) | BIT(hi));
			CHECK_EQ(readyq_top_priority(&r), hi);
		}
	}
	/* Through the queue: the higher level wins whichever was queued first,
	 * and removing it leaves the lower one on top. */
	for (unsigned lo = 0; lo < PRIORITY_LEVELS; lo++) {
		for (unsigned hi = lo + 1; hi < PRIORITY_LEVELS; hi++) {
			for (int order = 0; order < 2; order++) {
				reset();
				if (order == 0) {
					readyq_push_back(&q, &nodes[0].node, lo);
					readyq_push_back(&q, &nodes[1].node, hi);
				} else {
					readyq_push_front(&q, &nodes[1].node, hi);
					readyq_push_front(&q, &nodes[0].node, lo);
				}
				CHECK_EQ(bits_of(&q), BIT(lo) | BIT(hi));
				CHECK_EQ(top(), hi);
				CHECK(first() == &nodes[1].node);
				readyq_remove(&q, &nodes[1].node, hi);
				CHECK_EQ(bits_of(&q), BIT(lo));
				CHECK_EQ(top(), lo);
				CHECK(first() == &nodes[0].node);
			}
		}
	}
}

static void test_top_random_bitmaps(void)
{
	struct readyq r;
	int failures = 0;

	rng_state = 0x9e3779b9u;
	for (int n = 0; n < 1000000; n++) {
		uint64_t bitmap = (uint64_t)xorshift32() << 32 | xorshift32();
		int want = PRIORITY_LEVELS - 1;

		/* Thin some samples out so low top bits are covered too. */
		bitmap &= ~(uint64_t)0 >> (64 - PRIORITY_LEVELS);
		bitmap >>= below(PRIORITY_LEVELS);
		if (bitmap == 0)
			continue;
		while (!(bitmap & BIT(want)))
			want--;
		set_bits(&r, bitmap);
		if ((int)readyq_top_priority(&r) != want && failures++ < 5)
			CHECK_EQ(readyq_top_priority(&r), want);
	}
	CHECK_EQ(failures, 0);
}

/* ------------------------------------------------------ random sequence -- */

enum op { OP_PUSH_BACK, OP_PUSH_FRONT, OP_REMOVE, OP_ROTATE, OP_COUNT };

static struct {
	long ops[OP_COUNT];
	long rotate_single;  /* rotations of a one-node level */
	long level_emptied;  /* removals that emptied a level */
	long top_changed;    /* steps after which the top level differed */
	bool level_used[PRIORITY_LEVELS];
} seen;

/*
 * Picks a level: most of the time one of a few "hot" levels (so levels
 * grow long, then drain), otherwise any of the 32.
 */
static unsigned pick_level(const unsigned hot[4])
{
	return below(4) ? hot[below(4)] : below(PRIORITY_LEVELS);
}

static bool random_step(const unsigned hot[4])
{
	int queued[N_NODES], idle[N_NODES];
	int n_queued = 0, n_idle = 0;
	int old_top = model_top();

	for (int i = 0; i < N_NODES; i++) {
		if (nodes[i].level >= 0)
			queued[n_queued++] = i;
		else
			idle[n_idle++] = i;
	}

	enum op op = (enum op)below(OP_COUNT);

	if (n_queued == 0)
		op = below(2) ? OP_PUSH_BACK : OP_PUSH_FRONT;
	else if (n_idle == 0 && (op == OP_PUSH_BACK || op == OP_PUSH_FRONT))
		op = OP_REMOVE;
	seen.ops[op]++;

	switch (op) {
	case OP_PUSH_BACK:
	case OP_PUSH_FRONT: {
		int id = idle[below((unsigned)n_idle)];
		unsigned p = pick_level(hot);

		nodes[id].level = (int)p;
		seen.level_used[p] = true;
		if (op == OP_PUSH_BACK) {
			readyq_push_back(&q, &nodes[id].node, p);
			model_push_back(id, (int)p);
		} else {
			readyq_push_front(&q, &nodes[id].node, p);
			model_push_front(id, (int)p);
		}
		break;
	}
	case OP_REMOVE: {
		int id = queued[below((unsigned)n_queued)];
		int p = nodes[id].level;

		readyq_remove(&q, &nodes[id].node, (unsigned)p);
		model_remove(id, p);
		nodes[id].level = -1;
		if (model.count[p] == 0)
			seen.level_emptied++;
		break;
	}
	case OP_ROTATE: {
		/* A level that is not empty: that of a random queued node. */
		int p = nodes[queued[below((unsigned)n_queued)]].level;
		int old_head = model.ids[p][0];
		struct list_node *head;

		head = readyq_rotate(&q, (unsigned)p);
		model_rotate(p);
		if (model.count[p] == 1) {
			seen.rotate_single++;
			if (!CHECK_EQ(id_of(head), old_head))
				return false;
		}
		if (!CHECK_EQ(id_of(head), model.ids[p][0]))
			return false;
		break;
	}
	case OP_COUNT:
		break;
	}
	if (model_top() != old_top)
		seen.top_changed++;
	return queue_matches_model();
}

static void test_random_sequence(void)
{
	const long steps = 200000;
	unsigned hot[4] = {0, 0, 0, 0};

	rng_state = 0x12345678u;
	reset();
	model_reset();
	for (long s = 0; s < steps; s++) {
		/* The hot levels move every few thousand steps, to sweep all 32. */
		if (s % 4000 == 0)
			for (int i = 0; i < 4; i++)
				hot[i] = below(PRIORITY_LEVELS);
		if (!random_step(hot))
			return;
	}
	/* The sequence really exercised what it claims to. */
	for (int op = 0; op < OP_COUNT; op++)
		CHECK(seen.ops[op] > steps / 8);
	for (int p = 0; p < PRIORITY_LEVELS; p++)
		CHECK(seen.level_used[p]);
	CHECK(seen.rotate_single > 100);
	CHECK(seen.level_emptied > 1000);
	CHECK(seen.top_changed > 1000);
}

int main(void)
{
	ktest_run("readyq.init_empty", test_init_empty);
	ktest_run("readyq.fifo_within_level", test_fifo_within_level);
	ktest_run("readyq.push_front_at_head", test_push_front_at_head);
	ktest_run("readyq.remove_keeps_bit_until_empty", test_remove_keeps_bit_until_empty);
	ktest_run("readyq.rotate", test_rotate);
	ktest_run("readyq.top_single_bit", test_top_single_bit);
	ktest_run("readyq.top_two_bits", test_top_two_bits);
	ktest_run("readyq.top_random_bitmaps", test_top_random_bitmaps);
	ktest_run("readyq.random_sequence", test_random_sequence);
	return ktest_finish();
}
