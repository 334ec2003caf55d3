/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the scheduler core, kernel/sched.c compiled as it is
 * (with the ready queue and wait queues), against a stand-in arch
 * (tests/host/arch: the lock is a nesting counter, a switch request is
 * counted) and with the trace's hooks compiled out.
 *
 * The switch is played by the test: whenever the core asked for one, the
 * test runs sched_pick_locked, as sched_switch does after PendSV saved the
 * outgoing thread.
 *
 * Besides the fixed cases, long random sequences of the core's operations
 * (make ready, block with and without a deadline on a wait queue or none,
 * wake, block and be woken before the switch, yield, suspend, resume,
 * change priority, end, exit, tick) run
 * against a reference model: one FIFO per priority level, the running
 * thread at the head of its level, deadlines in order, the slice.  After
 * every step: the running thread, every thread's state, each level's
 * order, who timed out, and that the core asked for a switch whenever
 * the running thread must change; and sched_check_locked finds nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_random.h"
#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "ktest.h"

/* ---- the stand-ins the core links against ---------------------------- */

unsigned host_lock_depth;
unsigned host_switch_pends;
const uint32_t kernel_tick_initial = 0xfffffff0u; /* the wrap comes early */

void arch_start_first(struct thread *first)
{
	(void)first;
	abort(); /* the tests never start the kernel */
}


/* ---- the threads -------------------------------------------------------- */

#define N_THREADS 12
#define N_QUEUES 3
#define IDLE N_THREADS /* the last record: priority 0, never leaves the ready queue */

static struct process proc = { .priority_ceiling = PRIORITY_MAX };
static struct thread threads[N_THREADS + 1];
static struct wait_queue queues[N_QUEUES];
static unsigned problems_seen;

static int id_of(const struct thread *t)
{
	return t ? (int)(t - threads) : -1;
}

static void problem(const char *what, const struct thread *t)
{
	fprintf(stderr, "sched_check: %s (thread %d)\n", what, id_of(t));
	problems_seen++;
}

static void record(struct thread *t, unsigned priority)
{
	memset(t, 0, sizeof(*t));
	t->magic = THREAD_MAGIC;
	t->process = &proc;
	t->base_priority = t->priority = (uint8_t)priority;
	t->state = THREAD_FREE;
	list_node_init(&t->sched_node);
	list_node_init(&t->timeout_node);
	list_init(&t->held_mutexes);
}

/* The switch, when the core asked for one. */
static void run_switch(void)
{
	if (host_switch_pends == 0)
		return;
	host_switch_pends = 0;
	uint32_t key = kernel_lock();
	struct sched_pick pick;
	sched_pick_locked(&pick);
	kernel_unlock(key);
}

/* A fresh core with the idle thread running. */
static void boot(void)
{
	sched_init();
	memset(threads, 0, sizeof(threads)); /* every record THREAD_FREE */
	for (unsigned q = 0; q < N_QUEUES; q++)
		wait_queue_init(&queues[q], NULL);
	record(&threads[IDLE], 0);
	uint32_t key = kernel_lock();
	sched_ready_locked(&threads[IDLE], TRACE_CREATED);
	kernel_unlock(key);
	/* sched_start without the arch: the first thread runs. */
	threads[IDLE].state = THREAD_RUNNING;
	sched_current = &threads[IDLE];
	host_switch_pends = 0;
}

static unsigned check_core(void)
{
	unsigned before = problems_seen;
	uint32_t key = kernel_lock();

	sched_check_locked(problem);
	for (unsigned i = 0; i <= N_THREADS; i++)
		if (threads[i].state != THREAD_FREE)
			sched_check_thread_locked(&threads[i], problem);
	kernel_unlock(key);
	return problems_seen - before;
}

/* ---- fixed cases -------------------------------------------------------- */

static void make_ready(struct thread *t)
{
	uint32_t key = kernel_lock();
	sched_ready_locked(t, TRACE_CREATED);
	kernel_unlock(key);
	run_switch();
}

static void test_higher_priority_preempts(void)
{
	boot();
	record(&threads[0], 5);
	record(&threads[1], 9);
	make_ready(&threads[0]);
	CHECK(sched_current == &threads[0]);
	make_ready(&threads[1]);
	CHECK(sched_current == &threads[1]);
	CHECK_EQ(threads[0].state, THREAD_READY);
	CHECK_EQ(check_core(), 0);
}

static void test_round_robin_by_yield_and_slice(void)
{
	boot();
	for (int i = 0; i < 3; i++) {
		record(&threads[i], 4);
		make_ready(&threads[i]);
	}
	CHECK(sched_current == &threads[0]);
	uint32_t key = kernel_lock();
	sched_yield_locked();
	kernel_unlock(key);
	run_switch();
	CHECK(sched_current == &threads[1]);
	/* A whole slice of ticks moves it behind its equals. */
	for (unsigned i = 0; i < CONFIG_TIME_SLICE_TICKS; i++) {
		key = kernel_lock();
		sched_tick_locked();
		kernel_unlock(key);
		run_switch();
	}
	CHECK(sched_current == &threads[2]);
	CHECK_EQ(check_core(), 0);
}

static void test_timeout_across_the_wrap(void)
{
	boot();
	record(&threads[0], 7);
	make_ready(&threads[0]);
	uint32_t start = sched_ticks();
	uint32_t key = kernel_lock();
	sched_block_locked(&queues[0], NULL, "test", 40); /* the tick wraps meanwhile */
	kernel_unlock(key);
	run_switch();
	CHECK(sched_current == &threads[IDLE]);
	for (unsigned i = 0; i < 39; i++) {
		key = kernel_lock();
		sched_tick_locked();
		kernel_unlock(key);
		run_switch();
	}
	CHECK_EQ(threads[0].state, THREAD_BLOCKED);
	key = kernel_lock();
	sched_tick_locked();
	kernel_unlock(key);
	run_switch();
	CHECK(sched_current == &threads[0]);
	CHECK_EQ(threads[0].wait_result, ERR_TIMEOUT);
	CHECK(sched_ticks() < start); /* it wrapped */
	CHECK_EQ(check_core(), 0);
}

/* Many ticks at once, as after an idle period without the tick: the
 * waits whose deadlines the new count reaches end, in deadline order, the
 * others stay, and the nearest deadline is the next one left. */
static void test_ticks_advance_at_once(void)
{
	static const uint32_t deadlines[3] = { 9, 3, 5 };
	uint32_t deadline;

	boot();
	uint32_t start = sched_ticks();
	for (int i = 0; i < 3; i++) {
		record(&threads[i], 7);
		make_ready(&threads[i]);
		uint32_t key = kernel_lock();
		sched_block_locked(NULL, NULL, "test", deadlines[i]);
		kernel_unlock(key);
		run_switch();
	}
	CHECK(sched_current == &threads[IDLE]);
	uint32_t key = kernel_lock();
	CHECK(sched_next_deadline_locked(&deadline));
	CHECK_EQ(deadline, start + 3);
	CHECK_EQ(sched_ticks_advance_locked(6), start + 6);
	kernel_unlock(key);
	CHECK_EQ(threads[1].state, THREAD_READY); /* woken first: 3 */
	CHECK_EQ(threads[2].state, THREAD_READY); /* then 5 */
	CHECK_EQ(threads[0].state, THREAD_BLOCKED);
	CHECK_EQ(threads[1].wait_result, ERR_TIMEOUT);
	CHECK(threads[1].sched_node.next == &threads[2].sched_node); /* in that order */
	key = kernel_lock();
	CHECK(sched_next_deadline_locked(&deadline));
	CHECK_EQ(deadline, start + 9);
	kernel_unlock(key);
	run_switch();
	CHECK(sched_current == &threads[1]);
	key = kernel_lock();
	sched_ticks_advance_locked(3);
	CHECK(!sched_next_deadline_locked(&deadline));
	kernel_unlock(key);
	CHECK_EQ(threads[0].state, THREAD_READY);
	CHECK_EQ(check_core(), 0);
}

/* ---- the reference model ------------------------------------------------ */

struct model {
	int level[PRIORITY_LEVELS][N_THREADS + 1]; /* thread ids, head first */
	int count[PRIORITY_LEVELS];
	enum thread_state state[N_THREADS + 1];
	unsigned priority[N_THREADS + 1];
	bool has_deadline[N_THREADS + 1];
	uint32_t deadline[N_THREADS + 1];
	uint32_t since[N_THREADS + 1]; /* order of deadline insertion, for ties */
	int queue[N_THREADS + 1];      /* wait queue, -1 for a plain sleep */
	uint32_t order[N_THREADS + 1]; /* order of arrival in its wait queue */
	int running;
	unsigned slice[N_THREADS + 1]; /* ticks of round-robin slice left */
	uint32_t now, stamp;
	bool timed_out[N_THREADS + 1];
};

static struct model m;

static void m_remove(int id)
{
	int *lv = m.level[m.priority[id]];
	int *n = &m.count[m.priority[id]];

	for (int i = 0; i < *n; i++)
		if (lv[i] == id) {
			memmove(&lv[i], &lv[i + 1], (size_t)(*n - i - 1) * sizeof(int));
			(*n)--;
			return;
		}
	abort();
}

static void m_push_back(int id)
{
	m.level[m.priority[id]][m.count[m.priority[id]]++] = id;
}

static void m_push_front(int id)
{
	int p = (int)m.priority[id];
	memmove(&m.level[p][1], &m.level[p][0], (size_t)m.count[p] * sizeof(int));
	m.level[p][0] = id;
	m.count[p]++;
}

static int m_best(void)
{
	for (int p = PRIORITY_LEVELS - 1; p >= 0; p--)
		if (m.count[p])
			return m.level[p][0];
	abort();
}

static bool m_must_switch(void)
{
	return m_best() != m.running || m.state[m.running] != THREAD_RUNNING;
}

/* The pick, as the model sees it. */
static void m_pick(void)
{
	int next = m_best();

	if (next != m.running && m.state[m.running] == THREAD_RUNNING)
		m.state[m.running] = THREAD_READY;
	m.state[next] = THREAD_RUNNING;
	if (next != m.running)
		m.running = next;
}

static void m_ready(int id)
{
	m.state[id] = THREAD_READY;
	m.slice[id] = CONFIG_TIME_SLICE_TICKS;
	m_push_back(id);
}

static void m_unwait(int id)
{
	m.has_deadline[id] = false;
	m.queue[id] = -1;
}

/* The most urgent waiter of a queue: highest priority, then first come. */
static int m_first_waiter(int q)
{
	int best = -1;

	for (int i = 0; i < N_THREADS; i++) {
		if (m.state[i] != THREAD_BLOCKED || m.queue[i] != q)
			continue;
		if (best < 0 || m.priority[i] > m.priority[best] ||
		    (m.priority[i] == m.priority[best] && m.order[i] < m.order[best]))
			best = i;
	}
	return best;
}

/* The earliest deadline due at now, ties in order of insertion. */
static int m_first_due(void)
{
	int best = -1;

	for (int i = 0; i < N_THREADS; i++) {
		if (m.state[i] != THREAD_BLOCKED || !m.has_deadline[i] ||
		    !tick_reached(m.now, m.deadline[i]))
			continue;
		if (best < 0 || tick_before(m.deadline[i], m.deadline[best]) ||
		    (m.deadline[i] == m.deadline[best] && m.since[i] < m.since[best]))
			best = i;
	}
	return best;
}

/* ---- random sequences --------------------------------------------------- */


static bool compare(unsigned step)
{
	bool ok = true;

	if (id_of(sched_current) != m.running) {
		fprintf(stderr, "step %u: running %d, model %d\n", step, id_of(sched_current),
			m.running);
		ok = false;
	}
	for (int i = 0; i <= N_THREADS; i++) {
		if (threads[i].state != m.state[i]) {
			fprintf(stderr, "step %u: thread %d state %d, model %d\n", step, i,
				threads[i].state, m.state[i]);
			ok = false;
		}
		if ((m.state[i] == THREAD_READY || m.state[i] == THREAD_RUNNING) &&
		    threads[i].slice_left != m.slice[i]) {
			fprintf(stderr, "step %u: thread %d slice %u, model %u\n", step, i,
				(unsigned)threads[i].slice_left, m.slice[i]);
			ok = false;
		}
		if (threads[i].priority != m.priority[i]) {
			fprintf(stderr, "step %u: thread %d priority %u, model %u\n", step, i,
				threads[i].priority, m.priority[i]);
			ok = false;
		}
	}
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++) {
		const struct list_node *pos;
		int i = 0;
		list_for_each(pos, &sched_ready.level[p]) {
			int id = id_of(list_entry(pos, struct thread, sched_node));
			if (i >= m.count[p] || m.level[p][i] != id) {
				fprintf(stderr, "step %u: level %u position %d holds %d\n", step, p, i, id);
				ok = false;
				break;
			}
			i++;
		}
		if (ok && i != m.count[p]) {
			fprintf(stderr, "step %u: level %u has %d, model %d\n", step, p, i, m.count[p]);
			ok = false;
		}
	}
	return ok;
}

static void random_sequence(uint32_t start_seed, unsigned steps)
{
	host_seed = start_seed;
	boot();
	memset(&m, 0, sizeof(m));
	for (int i = 0; i <= N_THREADS; i++) {
		m.state[i] = THREAD_FREE;
		m.queue[i] = -1;
	}
	m.state[IDLE] = THREAD_RUNNING;
	m.priority[IDLE] = 0;
	m_push_back(IDLE);
	m.running = IDLE;
	m.slice[IDLE] = threads[IDLE].slice_left;
	m.now = sched_ticks();

	for (unsigned step = 0; step < steps; step++) {
		int self = m.running;
		int t = (int)rnd(N_THREADS);
		uint32_t key = kernel_lock();

		switch (rnd(12)) {
		case 0: /* a new thread, or a resumed one */
			if (m.state[t] == THREAD_FREE) {
				record(&threads[t], 1 + rnd(6));
				m.priority[t] = threads[t].priority;
				sched_ready_locked(&threads[t], TRACE_CREATED);
				m_ready(t);
			} else if (m.state[t] == THREAD_SUSPENDED) {
				sched_ready_locked(&threads[t], TRACE_RESUMED);
				m_ready(t);
			}
			break;
		case 1: /* the running thread blocks, on a queue or a sleep */
		case 2:
			if (self != IDLE) {
				int q = (int)rnd(N_QUEUES + 1) - 1;
				uint32_t timeout = rnd(3) ? 1 + rnd(12) : TIMEOUT_FOREVER;
				sched_block_locked(q >= 0 ? &queues[q] : NULL, NULL, "test", timeout);
				m_remove(self);
				m.state[self] = THREAD_BLOCKED;
				m.queue[self] = q;
				m.order[self] = ++m.stamp;
				m.has_deadline[self] = timeout != TIMEOUT_FOREVER;
				m.deadline[self] = m.now + timeout;
				m.since[self] = m.stamp;
				m.timed_out[self] = false;
			}
			break;
		case 3: { /* a queue's most urgent waiter is woken */
			int q = (int)rnd(N_QUEUES);
			struct thread *w = wait_queue_first(&queues[q]);
			int expect = m_first_waiter(q);
			if (id_of(w) != expect) {
				fprintf(stderr, "step %u: queue %d's first is %d, model %d\n", step, q,
					id_of(w), expect);
				CHECK(!"wait queue order");
			}
			if (w != NULL) {
				sched_wake_locked(w, 0);
				m_unwait(expect);
				m_ready(expect);
			}
			break;
		}
		case 4: /* a sleeper is woken early */
			if (m.state[t] == THREAD_BLOCKED && m.queue[t] < 0) {
				sched_wake_locked(&threads[t], 0);
				m_unwait(t);
				m_ready(t);
			}
			break;
		case 5: /* a yield, as sched_yield_locked or as sched_yield makes it */
			if (self != IDLE) {
				bool settled = !m_must_switch();
				struct thread *next = NULL;
				if (rnd(2)) {
					sched_yield_locked();
				} else {
					next = sched_rotate_locked();
					if (next != sched_current)
						sched_request_locked(TRACE_YIELDED);
				}
				m.slice[self] = CONFIG_TIME_SLICE_TICKS;
				if (m.count[m.priority[self]] > 1) {
					m_remove(self);
					m_push_back(self);
				}
				/* With no switch pending, the rotation names the thread
				 * that sched_yield switches to at once: the best. */
				if (next != NULL && settled)
					CHECK_EQ(id_of(next), m_best());
			}
			break;
		case 6: /* suspend a READY or RUNNING thread */
			if (t != IDLE &&
			    (m.state[t] == THREAD_READY || m.state[t] == THREAD_RUNNING)) {
				sched_suspend_locked(&threads[t]);
				m_remove(t);
				m.state[t] = THREAD_SUSPENDED;
			}
			break;
		case 7: { /* a new priority */
			unsigned p = 1 + rnd(6);
			if (m.state[t] == THREAD_FREE || m.state[t] == THREAD_EXITED)
				break;
			/* As thread_set_priority with nothing inherited: base and
			 * effective priority alike. */
			threads[t].base_priority = (uint8_t)p;
			sched_set_priority_locked(&threads[t], p);
			if (p == m.priority[t])
				break;
			if (m.state[t] == THREAD_RUNNING) {
				m_remove(t);
				m.priority[t] = p;
				m_push_front(t);
			} else if (m.state[t] == THREAD_READY) {
				m_remove(t);
				m.priority[t] = p;
				m_push_back(t);
			} else {
				m.priority[t] = p;
				if (m.state[t] == THREAD_BLOCKED && m.queue[t] >= 0)
					m.order[t] = ++m.stamp; /* re-queued behind its new equals */
			}
			break;
		}
		case 8: /* end a thread that is not running, or the running one exits */
			if (t != self && t != IDLE &&
			    (m.state[t] == THREAD_READY || m.state[t] == THREAD_BLOCKED ||
			     m.state[t] == THREAD_SUSPENDED)) {
				sched_end_locked(&threads[t]);
				if (m.state[t] == THREAD_READY)
					m_remove(t);
				else if (m.state[t] == THREAD_BLOCKED)
					m_unwait(t); /* out of its queue and the timeouts */
				m.state[t] = THREAD_EXITED;
			} else if (t == self && self != IDLE && rnd(4) == 0) {
				sched_exit_locked();
				m_remove(self);
				m.state[self] = THREAD_EXITED;
			}
			break;
		case 9: /* it sleeps and is woken (by an interrupt) before the switch runs */
			if (self != IDLE) {
				sched_block_locked(NULL, NULL, "test", 1 + rnd(5));
				sched_wake_locked(&threads[self], 0);
				m_remove(self);
				m_ready(self);
			}
			break;
		default: { /* a tick */
			sched_tick_locked();
			m.now++;
			int due;
			while ((due = m_first_due()) >= 0) {
				m.timed_out[due] = true;
				m_unwait(due);
				m_ready(due);
			}
			if (m.state[self] == THREAD_RUNNING && --m.slice[self] == 0) {
				m.slice[self] = CONFIG_TIME_SLICE_TICKS;
				if (m.count[m.priority[self]] > 1) {
					m_remove(self);
					m_push_back(self);
				}
			}
			break;
		}
		}
		kernel_unlock(key);

		/* Recycle ended threads so the sequence goes on. */
		bool must = m_must_switch();
		if (must && host_switch_pends == 0) {
			fprintf(stderr, "step %u: the running thread must change, no switch asked\n",
				step);
			CHECK(!"switch requested");
			return;
		}
		run_switch();
		if (must)
			m_pick();
		for (int i = 0; i < N_THREADS; i++) {
			if (m.timed_out[i] && threads[i].wait_result != ERR_TIMEOUT) {
				fprintf(stderr, "step %u: thread %d timed out in the model only\n", step, i);
				CHECK(!"timeout");
			}
			m.timed_out[i] = false;
			if (m.state[i] == THREAD_EXITED && i != m.running) {
				m.state[i] = THREAD_FREE;
				threads[i].state = THREAD_FREE;
			}
		}
		if (!CHECK(compare(step)) || !CHECK_EQ(check_core(), 0))
			return;
	}
}

static void test_random_sequences(void)
{
	for (uint32_t run = 1; run <= 40; run++)
		random_sequence(0x9e3779b9u * run, 5000);
}

int main(void)
{
	ktest_run("sched.higher_priority_preempts", test_higher_priority_preempts);
	ktest_run("sched.round_robin_by_yield_and_slice", test_round_robin_by_yield_and_slice);
	ktest_run("sched.timeout_across_the_wrap", test_timeout_across_the_wrap);
	ktest_run("sched.ticks_advance_at_once", test_ticks_advance_at_once);
	ktest_run("sched.random_sequences", test_random_sequences);
	return ktest_finish();
}
