/* SPDX-License-Identifier: MIT */
/*
 * The scheduler and the thread API on the target: preemption order,
 * round robin, sleep, priorities, suspend/resume, join/detach, ending
 * another thread, the pool, interrupts that make threads ready, and every
 * bad-input error.
 *
 * main() runs at CONFIG_MAIN_PRIORITY (16).  Threads below it run only
 * when main blocks; threads above it run as soon as they are ready.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/check.h"
#include "ktest.h"

#define STACK_BYTES 1024
#define TEST_IRQ 31 /* present and unused on every board */

static struct thread workers[4];
static uint8_t stacks[4][STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));

/* ---- an event log threads append to ---------------------------------- */

static char event_log[64];
static unsigned event_count;

static void log_event(char c)
{
	uint32_t key = kernel_lock();
	if (event_count < sizeof(event_log) - 1)
		event_log[event_count++] = c;
	event_log[event_count] = '\0';
	kernel_unlock(key);
}

static void log_reset(void)
{
	event_count = 0;
	event_log[0] = '\0';
}

static void *log_entry(void *arg)
{
	log_event((char)(uintptr_t)arg);
	return arg;
}

static int start(unsigned i, unsigned priority, thread_entry_t entry, void *arg)
{
	return thread_create(&workers[i], "worker", entry, arg, priority, stacks[i], STACK_BYTES);
}

static void join_all(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(thread_join(&workers[i], NULL, TIMEOUT_FOREVER), 0);
}

/* ---- cases ----------------------------------------------------------- */

static void test_main_thread_records(void)
{
	struct thread *self = thread_self();

	CHECK(strcmp(thread_name(self), "main") == 0);
	CHECK_EQ(self->state, THREAD_RUNNING);
	CHECK_EQ(thread_priority(self), 16);
	CHECK(self->process == process_init());
	CHECK_EQ(process_init()->pid, 1);
	CHECK(process_init()->parent == process_kernel());
	CHECK_EQ(process_kernel()->pid, 0);
	CHECK_EQ(sched_idle_thread()->state, THREAD_READY);
	CHECK(sched_idle_thread()->process == process_kernel());
	CHECK(process_init()->code.size > 0 && process_init()->heap.size > 0);
}

static void test_lower_priorities_run_in_priority_order(void)
{
	log_reset();
	CHECK_EQ(start(0, 10, log_entry, (void *)'a'), 0);
	CHECK_EQ(start(1, 12, log_entry, (void *)'b'), 0);
	CHECK_EQ(start(2, 11, log_entry, (void *)'c'), 0);
	CHECK_EQ(start(3, 12, log_entry, (void *)'d'), 0);
	CHECK(strcmp(event_log, "") == 0); /* none outranks main */
	CHECK_EQ(workers[1].state, THREAD_READY);
	thread_sleep(1);
	CHECK(strcmp(event_log, "bdca") == 0); /* priority, then FIFO */
	join_all(4);
}

static void test_higher_priority_preempts_at_once(void)
{
	log_reset();
	CHECK_EQ(start(0, 20, log_entry, (void *)'h'), 0);
	log_event('m');
	CHECK(strcmp(event_log, "hm") == 0);
	join_all(1);
}

static void *set_flag(void *arg)
{
	*(volatile int *)arg = 1;
	return NULL;
}

static void test_priority_change_takes_effect_at_once(void)
{
	volatile int ran = 0;

	CHECK_EQ(start(0, 10, set_flag, (void *)&ran), 0);
	CHECK_EQ(ran, 0);
	CHECK_EQ(thread_set_priority(&workers[0], 20), 0);
	CHECK_EQ(ran, 1); /* it ran before set_priority returned */
	join_all(1);

	/* Lowering ourselves below a ready thread yields to it at once. */
	ran = 0;
	CHECK_EQ(start(0, 12, set_flag, (void *)&ran), 0);
	CHECK_EQ(thread_set_priority(thread_self(), 11), 0);
	CHECK_EQ(ran, 1);
	CHECK_EQ(thread_set_priority(thread_self(), 16), 0);
	join_all(1);
}

static volatile bool spin_stop;
static volatile uint32_t spin_counts[3];

static void *spin(void *arg)
{
	unsigned i = (unsigned)(uintptr_t)arg;

	while (!spin_stop)
		spin_counts[i]++;
	return NULL;
}

static void test_round_robin_shares_equally(void)
{
	const uint32_t run_ticks = 12 * CONFIG_TIME_SLICE_TICKS;

	spin_stop = false;
	for (unsigned i = 0; i < 3; i++) {
		spin_counts[i] = 0;
		CHECK_EQ(start(i, 8, spin, (void *)(uintptr_t)i), 0);
	}
	thread_sleep(run_ticks);
	spin_stop = true;
	uint32_t ticks[3], switches[3];
	for (unsigned i = 0; i < 3; i++) {
		ticks[i] = workers[i].ticks_run;
		switches[i] = workers[i].switches_in;
	}
	join_all(3);

	uint32_t total = ticks[0] + ticks[1] + ticks[2];
	CHECK(total >= run_ticks - 1 && total <= run_ticks + 1);
	for (unsigned i = 0; i < 3; i++) {
		/* Equal shares within one slice. */
		CHECK(ticks[i] + CONFIG_TIME_SLICE_TICKS >= total / 3);
		CHECK(ticks[i] <= total / 3 + CONFIG_TIME_SLICE_TICKS);
		CHECK(switches[i] >= 3); /* each got several slices */
		CHECK(spin_counts[i] > 0);
	}
}

static void *yield_a_lot(void *arg)
{
	for (unsigned i = 0; i < 100; i++) {
		log_event((char)(uintptr_t)arg);
		thread_yield();
	}
	return NULL;
}

static void test_yield_alternates_equals(void)
{
	log_reset();
	CHECK_EQ(start(0, 8, yield_a_lot, (void *)'x'), 0);
	CHECK_EQ(start(1, 8, yield_a_lot, (void *)'y'), 0);
	thread_sleep(1); /* far less than a tick is needed */
	CHECK(strncmp(event_log, "xyxyxyxyxyxy", 12) == 0);
	join_all(2);
}

static void test_sleep_wakes_at_the_right_tick(void)
{
	thread_sleep(1); /* start on a tick boundary: no tick can slip in below */
	uint32_t before = time_ticks();

	CHECK_EQ(thread_sleep(7), 0);
	CHECK_EQ(time_ticks() - before, 7);
	before = time_ticks();
	CHECK_EQ(thread_sleep_ms(3 * 1000 / CONFIG_TICK_HZ), 0);
	CHECK_EQ(time_ticks() - before, 3);
	CHECK_EQ(thread_sleep(TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
}

struct sleeper {
	uint32_t ticks;
	uint32_t slept_at;
	uint32_t woke_at;
};

static void *sleep_and_note(void *arg)
{
	struct sleeper *s = arg;

	s->slept_at = time_ticks();
	thread_sleep(s->ticks);
	s->woke_at = time_ticks();
	log_event((char)('0' + s->ticks));
	return NULL;
}

static void test_sleepers_wake_in_deadline_order(void)
{
	struct sleeper s[3] = { { 9, 0, 0 }, { 3, 0, 0 }, { 6, 0, 0 } };

	log_reset();
	thread_sleep(1); /* start on a tick boundary */
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(start(i, 20, sleep_and_note, &s[i]), 0);
	join_all(3);
	CHECK(strcmp(event_log, "369") == 0);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(s[i].woke_at - s[i].slept_at, s[i].ticks);
}

static void test_suspend_and_resume(void)
{
	volatile int ran = 0;

	CHECK_EQ(start(0, 10, set_flag, (void *)&ran), 0);
	CHECK_EQ(thread_suspend(&workers[0]), 0);
	CHECK_EQ(workers[0].state, THREAD_SUSPENDED);
	thread_sleep(2);
	CHECK_EQ(ran, 0);
	CHECK_EQ(thread_suspend(&workers[0]), ERR_STATE);
	CHECK_EQ(thread_resume(&workers[0]), 0);
	CHECK_EQ(workers[0].state, THREAD_READY);
	thread_sleep(1);
	CHECK_EQ(ran, 1);
	join_all(1);
}

static void test_suspend_while_blocked_parks_after_wake(void)
{
	struct sleeper s = { 3, 0, 0 };

	CHECK_EQ(start(0, 20, sleep_and_note, &s), 0);
	CHECK_EQ(workers[0].state, THREAD_BLOCKED);
	CHECK_EQ(thread_suspend(&workers[0]), 0);
	CHECK_EQ(thread_suspend(&workers[0]), ERR_STATE);
	thread_sleep(5);
	CHECK_EQ(workers[0].state, THREAD_SUSPENDED); /* the sleep ended, parked */
	CHECK_EQ(s.woke_at, 0);
	CHECK_EQ(thread_resume(&workers[0]), 0);
	CHECK(s.woke_at != 0); /* priority 20: ran at once */
	join_all(1);
}

static void *return_double(void *arg)
{
	return (void *)((uintptr_t)arg * 2);
}

static void test_join_returns_exit_value(void)
{
	void *value = NULL;

	CHECK_EQ(start(0, 10, return_double, (void *)21), 0);
	CHECK_EQ(thread_join(&workers[0], &value, TIMEOUT_FOREVER), 0);
	CHECK_EQ((uintptr_t)value, 42);
	CHECK_EQ(workers[0].state, THREAD_FREE);
	CHECK_EQ(thread_join(&workers[0], &value, TIMEOUT_FOREVER), ERR_STALE);
}

static void *sleep_until_released(void *arg)
{
	while (!*(volatile bool *)arg)
		thread_sleep(1);
	return NULL;
}

static void test_join_timeouts(void)
{
	volatile bool release = false;
	unsigned free_before = thread_pool_free();
	struct thread *t;

	CHECK_EQ(thread_create_pooled(&t, "sleeper", sleep_until_released, (void *)&release, 10), 0);
	thread_sleep(1); /* start on a tick boundary */
	uint32_t before = time_ticks();
	CHECK_EQ(thread_join(t, NULL, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(thread_join(t, NULL, 4), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 4);
	CHECK(t->joiner == NULL); /* a timed-out join leaves no trace */
	CHECK_EQ(thread_join(t, NULL, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
	CHECK_EQ(thread_detach(t), 0);
	CHECK_EQ(thread_join(t, NULL, TIMEOUT_FOREVER), ERR_DETACHED);
	CHECK_EQ(thread_detach(t), ERR_DETACHED);
	release = true;
	thread_sleep(2);
	CHECK_EQ(thread_pool_free(), free_before); /* exited and reclaimed */
}

static void *sleep_5_then_exit(void *arg)
{
	(void)arg;
	thread_sleep(5);
	return (void *)7;
}

/* The thread's sleep and the join's timeout end on the same tick: the
 * joiner is woken by the timeout first, then the thread exits before the
 * joiner runs.  The join must still succeed, and the exit must not try to
 * wake a joiner that is no longer waiting. */
static void test_join_timeout_racing_the_exit(void)
{
	void *value = NULL;

	thread_sleep(1);
	CHECK_EQ(start(0, 20, sleep_5_then_exit, NULL), 0);
	CHECK_EQ(thread_join(&workers[0], &value, 5), 0);
	CHECK_EQ((uintptr_t)value, 7);
	CHECK_EQ(workers[0].state, THREAD_FREE);
}

static void test_detached_thread_is_reclaimed_on_exit(void)
{
	struct thread *t;
	unsigned free_before = thread_pool_free();

	CHECK_EQ(thread_create_pooled(&t, "detached", return_double, (void *)1, 10), 0);
	CHECK_EQ(thread_pool_free(), free_before - 1);
	CHECK_EQ(thread_detach(t), 0);
	thread_sleep(1);
	CHECK_EQ(thread_pool_free(), free_before);
	CHECK_EQ(t->state, THREAD_FREE);
}

static void test_ten_thousand_threads(void)
{
	unsigned free_before = thread_pool_free();
	uint32_t threads_before = process_init()->thread_count;
	uint32_t sum = 0;

	for (uint32_t i = 0; i < 10000; i++) {
		struct thread *t;
		void *value;
		if (!CHECK_EQ(thread_create_pooled(&t, "many", return_double, (void *)i, 10), 0))
			break;
		if (!CHECK_EQ(thread_join(t, &value, TIMEOUT_FOREVER), 0))
			break;
		sum += (uint32_t)(uintptr_t)value;
	}
	CHECK_EQ(sum, 2u * (9999u * 10000u / 2u));
	CHECK_EQ(thread_pool_free(), free_before);
	CHECK_EQ(process_init()->thread_count, threads_before);

	/* The same caller-provided record and stack, 10,000 times. */
	sum = 0;
	for (uint32_t i = 0; i < 10000; i++) {
		void *value;
		if (!CHECK_EQ(start(0, 20, return_double, (void *)i), 0))
			break;
		if (!CHECK_EQ(thread_join(&workers[0], &value, TIMEOUT_FOREVER), 0))
			break;
		sum += (uint32_t)(uintptr_t)value;
	}
	CHECK_EQ(sum, 2u * (9999u * 10000u / 2u));
	CHECK_EQ(process_init()->thread_count, threads_before);
}

static void test_pool_exhaustion(void)
{
	struct thread *t[CONFIG_THREAD_POOL_SIZE + 1];
	unsigned free_before = thread_pool_free();
	unsigned n = 0;

	volatile bool release = false;

	CHECK_EQ(free_before, CONFIG_THREAD_POOL_SIZE);
	while (n < free_before)
		CHECK_EQ(thread_create_pooled(&t[n++], "filler", sleep_until_released,
					      (void *)&release, 10), 0);
	struct thread *extra = NULL;
	CHECK_EQ(thread_create_pooled(&extra, "extra", return_double, NULL, 10), ERR_NO_MEMORY);
	CHECK(extra == NULL);
	CHECK_EQ(thread_pool_free(), 0);
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(thread_detach(t[i]), 0);
	release = true;
	thread_sleep(2);
	CHECK_EQ(thread_pool_free(), free_before);
}

static void test_bad_input(void)
{
	uint32_t threads_before = process_init()->thread_count;
	void *value;

	CHECK_EQ(thread_create(&workers[0], "p0", return_double, NULL, 0, stacks[0], STACK_BYTES),
		 ERR_PRIORITY);
	CHECK_EQ(thread_create(&workers[0], "pmax", return_double, NULL, PRIORITY_MAX + 1, stacks[0],
			       STACK_BYTES),
		 ERR_PRIORITY);
	CHECK_EQ(thread_create(&workers[0], "null", NULL, NULL, 10, stacks[0], STACK_BYTES),
		 ERR_NULL);
	CHECK_EQ(thread_create(NULL, "null", return_double, NULL, 10, stacks[0], STACK_BYTES),
		 ERR_NULL);
	CHECK_EQ(thread_create(&workers[0], "small", return_double, NULL, 10, stacks[0],
			       THREAD_STACK_MIN_BYTES - 8),
		 ERR_STACK_SIZE);
	CHECK_EQ(thread_create(&workers[0], "align", return_double, NULL, 10, stacks[0] + 4,
			       STACK_BYTES - 8),
		 ERR_STACK_ALIGN);
	CHECK_EQ(thread_create(&workers[0], "align", return_double, NULL, 10, stacks[0],
			       STACK_BYTES - 4),
		 ERR_STACK_ALIGN);
	CHECK_EQ(workers[0].state, THREAD_FREE); /* nothing changed */
	CHECK_EQ(process_init()->thread_count, threads_before);

	CHECK_EQ(thread_join(thread_self(), &value, TIMEOUT_FOREVER), ERR_DEADLOCK);
	CHECK_EQ(thread_join(NULL, &value, TIMEOUT_FOREVER), ERR_NULL);
	CHECK_EQ(thread_resume(thread_self()), ERR_STATE);
	CHECK_EQ(thread_suspend(sched_idle_thread()), ERR_STATE);
	CHECK_EQ(thread_set_priority(thread_self(), 0), ERR_PRIORITY);
	CHECK_EQ(thread_set_priority(thread_self(), PRIORITY_MAX + 1), ERR_PRIORITY);
	CHECK_EQ(thread_priority(thread_self()), 16);

	/* A live record cannot be created over. */
	CHECK_EQ(start(0, 10, return_double, NULL), 0);
	CHECK_EQ(start(0, 10, return_double, NULL), ERR_STATE);
	join_all(1);
	CHECK_EQ(process_init()->thread_count, threads_before);
}

/* ---- ending another thread (thread_terminate) ------------------------- */

static struct semaphore term_sem, term_hold;
static struct mutex term_mutex;
static struct thread *irq_end;
static volatile int irq_end_result;
static volatile int term_result;

static void *take_forever(void *arg)
{
	log_event('s');
	semaphore_take(&term_sem, TIMEOUT_FOREVER);
	log_event('S'); /* never: it is ended while it waits */
	return arg;
}

static void *sleep_long(void *arg)
{
	thread_sleep(3);
	log_event('Z'); /* never */
	return arg;
}

static void *lock_then_wait(void *arg)
{
	CHECK_EQ(mutex_lock(&term_mutex, TIMEOUT_FOREVER), 0);
	semaphore_take(&term_hold, TIMEOUT_FOREVER);
	return arg;
}

static void *lock_and_record(void *arg)
{
	term_result = mutex_lock(&term_mutex, TIMEOUT_FOREVER);
	if (term_result == 0 || term_result == ERR_OWNER_DIED)
		mutex_unlock(&term_mutex);
	return arg;
}

static void *join_worker_1(void *arg)
{
	thread_join(&workers[1], NULL, TIMEOUT_FOREVER);
	log_event('J'); /* never */
	return arg;
}

static void *end_self(void *arg)
{
	log_event('e');
	thread_terminate(thread_self());
	log_event('E'); /* never */
	return arg;
}

static void test_terminate_ready_blocked_suspended(void)
{
	void *value = (void *)1;

	log_reset();
	CHECK_EQ(semaphore_init(&term_sem, 0, 1), 0);
	CHECK_EQ(start(0, 10, log_entry, (void *)'r'), 0); /* READY, below main */
	CHECK_EQ(start(1, 20, take_forever, (void *)2), 0); /* blocks on term_sem */
	CHECK_EQ(start(2, 20, sleep_long, (void *)3), 0);   /* sleeps 3 ticks */
	CHECK_EQ(start(3, 10, log_entry, (void *)'p'), 0);
	CHECK_EQ(thread_suspend(&workers[3]), 0);
	CHECK_EQ(workers[1].state, THREAD_BLOCKED);
	CHECK_EQ(workers[2].state, THREAD_BLOCKED);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(thread_terminate(&workers[i]), 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(workers[i].state, THREAD_EXITED);
	CHECK_EQ(thread_terminate(&workers[0]), ERR_STATE); /* ended already */
	/* Nothing waits on the semaphore or in the timeout list any more: the
	 * give is kept, and the sleeper's deadline passes quietly. */
	CHECK_EQ(semaphore_give(&term_sem), 0);
	CHECK_EQ(semaphore_count(&term_sem), 1);
	thread_sleep(5);
	CHECK(strcmp(event_log, "s") == 0);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(thread_join(&workers[i], &value, TIMEOUT_NO_WAIT), 0);
		CHECK(value == NULL); /* as thread_exit(NULL) */
	}
	CHECK_EQ(thread_terminate(&workers[0]), ERR_STALE); /* joined: reclaimed */
	CHECK_EQ(kernel_check(), 0);
}

static void test_terminate_passes_on_mutexes(void)
{
	CHECK_EQ(mutex_init(&term_mutex, 0), 0);
	CHECK_EQ(semaphore_init(&term_hold, 0, 1), 0);

	/* The owner ends while a higher thread waits: the waiter takes the
	 * mutex, told its owner died. */
	term_result = 1;
	CHECK_EQ(start(0, 20, lock_then_wait, NULL), 0);
	CHECK_EQ(start(1, 22, lock_and_record, NULL), 0);
	CHECK_EQ(thread_priority(&workers[0]), 22); /* inherited */
	CHECK_EQ(thread_terminate(&workers[0]), 0);
	CHECK_EQ(term_result, ERR_OWNER_DIED); /* the waiter ran at once */
	join_all(2);
	CHECK(term_mutex.owner == NULL);

	/* A waiter ends: the owner (main) no longer owes it its priority. */
	CHECK_EQ(mutex_lock(&term_mutex, TIMEOUT_FOREVER), 0);
	CHECK_EQ(start(0, 24, lock_and_record, NULL), 0);
	CHECK_EQ(thread_priority(thread_self()), 24);
	CHECK_EQ(thread_terminate(&workers[0]), 0);
	CHECK_EQ(thread_priority(thread_self()), CONFIG_MAIN_PRIORITY);
	CHECK_EQ(mutex_unlock(&term_mutex), 0);
	join_all(1);
	CHECK_EQ(kernel_check(), 0);
}

static void test_terminate_joiner_self_and_errors(void)
{
	struct thread *pooled;
	unsigned free_before = thread_pool_free();

	/* A joiner that is ended leaves the thread it joined joinable. */
	log_reset();
	CHECK_EQ(start(1, 10, log_entry, (void *)'b'), 0);
	CHECK_EQ(start(0, 20, join_worker_1, NULL), 0);
	CHECK(workers[1].joiner == &workers[0]);
	CHECK_EQ(thread_terminate(&workers[0]), 0);
	CHECK(workers[1].joiner == NULL);
	CHECK_EQ(thread_join(&workers[1], NULL, TIMEOUT_FOREVER), 0);
	CHECK_EQ(thread_join(&workers[0], NULL, TIMEOUT_FOREVER), 0);
	CHECK(strcmp(event_log, "b") == 0);

	/* A thread that ends itself this way ends there. */
	CHECK_EQ(start(0, 20, end_self, (void *)5), 0);
	void *value = (void *)1;
	CHECK_EQ(thread_join(&workers[0], &value, TIMEOUT_FOREVER), 0);
	CHECK(value == NULL);
	CHECK(strcmp(event_log, "be") == 0);

	/* A detached record goes back to the pool at once. */
	volatile bool release = false;
	CHECK_EQ(thread_create_pooled(&pooled, "ended", sleep_until_released, (void *)&release, 10),
		 0);
	CHECK_EQ(thread_detach(pooled), 0);
	CHECK_EQ(thread_pool_free(), free_before - 1);
	CHECK_EQ(thread_terminate(pooled), 0);
	CHECK_EQ(thread_pool_free(), free_before);

	CHECK_EQ(thread_terminate(NULL), ERR_NULL);
	CHECK_EQ(thread_terminate(sched_idle_thread()), ERR_PERMISSION);
	/* Not from an interrupt handler, which could end the thread it
	 * interrupted. */
	CHECK_EQ(start(0, 10, log_entry, (void *)'i'), 0);
	irq_end_result = 1;
	irq_end = &workers[0];
	arch_irq_set_priority(TEST_IRQ, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(TEST_IRQ);
	arch_irq_trigger(TEST_IRQ);
	arch_irq_disable(TEST_IRQ);
	irq_end = NULL;
	CHECK_EQ(irq_end_result, ERR_CONTEXT);
	CHECK_EQ(workers[0].state, THREAD_READY);
	join_all(1);
	CHECK_EQ(kernel_check(), 0);
}

/* ---- interrupts make threads ready ---------------------------------- */

static struct thread *irq_target;
static volatile uint32_t irq_count;
void isr_irq31(void)
{
	irq_count++;
	if (irq_target)
		thread_resume(irq_target);
	if (irq_end)
		irq_end_result = thread_terminate(irq_end);
}

static void *suspend_loop(void *arg)
{
	for (;;) {
		log_event('T');
		if (thread_suspend(thread_self()) != 0)
			break;
		if (arg != NULL && *(volatile bool *)arg)
			break;
	}
	return NULL;
}

static void test_isr_wakes_higher_priority_thread_at_once(void)
{
	volatile bool stop = false;

	log_reset();
	irq_count = 0;
	arch_irq_set_priority(TEST_IRQ, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(TEST_IRQ);
	CHECK_EQ(start(0, 20, suspend_loop, (void *)&stop), 0); /* runs, logs, suspends */
	irq_target = &workers[0];
	for (unsigned i = 0; i < 3; i++) {
		log_event('m');
		arch_irq_trigger(TEST_IRQ); /* the thread runs before this returns */
	}
	stop = true;
	arch_irq_trigger(TEST_IRQ);
	join_all(1);
	irq_target = NULL;
	arch_irq_disable(TEST_IRQ);
	CHECK(strcmp(event_log, "TmTmTmT") == 0);
	CHECK_EQ(irq_count, 4);
}

static void test_stack_high_water_mark(void)
{
	CHECK_EQ(start(0, 20, return_double, NULL), 0);
	uint32_t unused = thread_stack_unused(&workers[0]);
	CHECK(unused > 0);
	CHECK(unused < STACK_BYTES);
	join_all(1);
	CHECK(thread_stack_unused(thread_self()) < CONFIG_MAIN_STACK_BYTES);
}

static void test_kernel_check(void)
{
	CHECK_EQ(kernel_check(), 0);

	/* It does see damage: a ready thread's canary and a wrong bitmap
	 * priority, made and undone under the lock so nothing runs on them. */
	CHECK_EQ(start(0, 10, return_double, NULL), 0);
	uint32_t key = kernel_lock();
	uint32_t canary = *workers[0].stack_limit;
	*workers[0].stack_limit = 0;
	unsigned canary_found = kernel_check();
	*workers[0].stack_limit = canary;
	workers[0].priority = 11;
	unsigned priority_found = kernel_check();
	workers[0].priority = 10;
	kernel_unlock(key);
	CHECK_EQ(canary_found, 1);
	CHECK(priority_found >= 1);
	CHECK_EQ(kernel_check(), 0);
	join_all(1);
}

int main(void)
{
	ktest_run("threads.main_thread_records", test_main_thread_records);
	ktest_run("threads.lower_priorities_run_in_priority_order",
		  test_lower_priorities_run_in_priority_order);
	ktest_run("threads.higher_priority_preempts_at_once", test_higher_priority_preempts_at_once);
	ktest_run("threads.priority_change_takes_effect_at_once",
		  test_priority_change_takes_effect_at_once);
	ktest_run("threads.round_robin_shares_equally", test_round_robin_shares_equally);
	ktest_run("threads.yield_alternates_equals", test_yield_alternates_equals);
	ktest_run("threads.sleep_wakes_at_the_right_tick", test_sleep_wakes_at_the_right_tick);
	ktest_run("threads.sleepers_wake_in_deadline_order", test_sleepers_wake_in_deadline_order);
	ktest_run("threads.suspend_and_resume", test_suspend_and_resume);
	ktest_run("threads.suspend_while_blocked_parks_after_wake",
		  test_suspend_while_blocked_parks_after_wake);
	ktest_run("threads.join_returns_exit_value", test_join_returns_exit_value);
	ktest_run("threads.join_timeouts", test_join_timeouts);
	ktest_run("threads.join_timeout_racing_the_exit", test_join_timeout_racing_the_exit);
	ktest_run("threads.detached_thread_is_reclaimed_on_exit",
		  test_detached_thread_is_reclaimed_on_exit);
	ktest_run("threads.terminate_ready_blocked_suspended", test_terminate_ready_blocked_suspended);
	ktest_run("threads.terminate_passes_on_mutexes", test_terminate_passes_on_mutexes);
	ktest_run("threads.terminate_joiner_self_and_errors", test_terminate_joiner_self_and_errors);
	ktest_run("threads.ten_thousand_threads", test_ten_thousand_threads);
	ktest_run("threads.bad_input", test_bad_input);
	ktest_run("threads.isr_wakes_higher_priority_thread_at_once",
		  test_isr_wakes_higher_priority_thread_at_once);
	ktest_run("threads.stack_high_water_mark", test_stack_high_water_mark);
	ktest_run("threads.pool_exhaustion", test_pool_exhaustion);
	ktest_run("threads.kernel_check", test_kernel_check);
	return ktest_finish();
}
