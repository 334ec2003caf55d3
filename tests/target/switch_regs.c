/* SPDX-License-Identifier: MIT */
/*
 * Context switches preserve every register.
 *
 * Three equal-priority workers fill r4-r11 (and, on FPU boards, s0-s31)
 * with patterns of their own and check them thousands of times.  Between
 * checks a worker either yields (a voluntary switch) or pends an
 * interrupt whose handler resumes a higher-priority "bouncer" thread, so
 * the worker is switched out by PendSV in the middle of its loop with its
 * patterns live in the registers (a switch forced by an interrupt).  The
 * bouncer carries patterns of its own.  Any register that comes back
 * wrong ends the loop with the number of rounds it had left.
 *
 * While a worker is switched out, the bouncer also checks the frame it
 * will resume with: integer-only workers keep a basic frame (EXC_RETURN
 * ARCH_EXC_RETURN_THREAD, 0xfffffffd: they pay nothing for the FPU) or,
 * where the profile has the direct switch and they yielded, the direct
 * switch's context (a return address where EXC_RETURN would be); FP
 * workers always an extended one (ARCH_EXC_RETURN_THREAD_FP, 0xffffffed,
 * with s16-s31 saved by the switch): live FP state never switches
 * directly.
 *
 * The workers are written in assembly twice: Thumb-2 for ARMv7-M and
 * ARMv8-M, and ARMv6-M's Thumb, which reaches r8-r11 only through MOV
 * from and to r0-r7 (so the patterns go in and are checked that way).
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "ktest.h"

#define TEST_IRQ 31
#define NVIC_ISPR0 0xe000e200u
#define ROUNDS 2000
#define WORKERS 3
#define STACK_BYTES 1024

typedef uint32_t (*hammer_fn)(uint32_t seed, uint32_t rounds, uint32_t ispr, uint32_t bit);

/*
 * uint32_t hammer(seed, rounds, ispr, bit): r4-r11 = seed+0 .. seed+7
 * [s0-s31 = seed+8 .. seed+39]; each round pends the IRQ (if ispr != 0),
 * yields on odd rounds, then checks every register.  Returns 0, or the
 * rounds left when a check failed.  Arguments live on the stack.
 */
#if defined(__ARM_ARCH_6M__)

#define HAMMER_PROLOGUE                                 \
	".syntax unified\n\t"                           \
	"push   {r4-r7, lr}\n\t"                        \
	"mov    r4, r8\n\t"                             \
	"mov    r5, r9\n\t"                             \
	"mov    r6, r10\n\t"                            \
	"mov    r7, r11\n\t"                            \
	"push   {r4-r7}\n\t"                            \
	"sub    sp, #16\n\t"                            \
	"str    r0, [sp, #0]\n\t"                       \
	"str    r1, [sp, #4]\n\t"                       \
	"str    r2, [sp, #8]\n\t"                       \
	"str    r3, [sp, #12]\n\t"                      \
	"adds   r1, r0, #4\n\t"                         \
	"mov    r8, r1\n\t"                             \
	"adds   r1, r0, #5\n\t"                         \
	"mov    r9, r1\n\t"                             \
	"adds   r1, r0, #6\n\t"                         \
	"mov    r10, r1\n\t"                            \
	"adds   r1, r0, #7\n\t"                         \
	"mov    r11, r1\n\t"                            \
	"adds   r4, r0, #0\n\t"                         \
	"adds   r5, r0, #1\n\t"                         \
	"adds   r6, r0, #2\n\t"                         \
	"adds   r7, r0, #3\n\t"

#define HAMMER_LOOP_HEAD                                \
	"1:\n\t"                                        \
	"ldr    r1, [sp, #8]\n\t"                       \
	"cmp    r1, #0\n\t"                             \
	"beq    2f\n\t"                                 \
	"ldr    r2, [sp, #12]\n\t"                      \
	"str    r2, [r1]\n\t"                           \
	"dsb\n\t"                                       \
	"isb\n\t"                                       \
	"2:\n\t"                                        \
	"ldr    r1, [sp, #4]\n\t"                       \
	"movs   r2, #1\n\t"                             \
	"tst    r1, r2\n\t"                             \
	"beq    3f\n\t"                                 \
	"bl     thread_yield\n\t"                       \
	"3:\n\t"                                        \
	"ldr    r0, [sp, #0]\n\t"

#define CHECK_LOW(reg, k)                               \
	"subs   r1, " reg ", r0\n\t"                    \
	"cmp    r1, #" #k "\n\t"                        \
	"bne    8f\n\t"

#define CHECK_HIGH(reg, k)                              \
	"mov    r1, " reg "\n\t"                        \
	"subs   r1, r1, r0\n\t"                         \
	"cmp    r1, #" #k "\n\t"                        \
	"bne    8f\n\t"

#define HAMMER_INT_CHECKS                                               \
	CHECK_LOW("r4", 0) CHECK_LOW("r5", 1) CHECK_LOW("r6", 2)        \
	CHECK_LOW("r7", 3) CHECK_HIGH("r8", 4) CHECK_HIGH("r9", 5)      \
	CHECK_HIGH("r10", 6) CHECK_HIGH("r11", 7)

#define HAMMER_EPILOGUE                                 \
	"ldr    r1, [sp, #4]\n\t"                       \
	"subs   r1, #1\n\t"                             \
	"str    r1, [sp, #4]\n\t"                       \
	"bne    1b\n\t"                                 \
	"movs   r0, #0\n\t"                             \
	"b      9f\n\t"                                 \
	"8:\n\t"                                        \
	"ldr    r0, [sp, #4]\n\t"                       \
	"9:\n\t"                                        \
	"add    sp, #16\n\t"                            \
	"pop    {r4-r7}\n\t"                            \
	"mov    r8, r4\n\t"                             \
	"mov    r9, r5\n\t"                             \
	"mov    r10, r6\n\t"                            \
	"mov    r11, r7\n\t"                            \
	"pop    {r4-r7, pc}\n\t"

#else

#define HAMMER_PROLOGUE                                 \
	"push   {r4-r11, lr}\n\t"                       \
	"sub    sp, #16\n\t"                            \
	"stm    sp, {r0-r3}\n\t"                        \
	"add    r4, r0, #0\n\t"                         \
	"add    r5, r0, #1\n\t"                         \
	"add    r6, r0, #2\n\t"                         \
	"add    r7, r0, #3\n\t"                         \
	"add    r8, r0, #4\n\t"                         \
	"add    r9, r0, #5\n\t"                         \
	"add    r10, r0, #6\n\t"                        \
	"add    r11, r0, #7\n\t"

#define HAMMER_LOOP_HEAD                                \
	"1:\n\t"                                        \
	"ldr    r1, [sp, #8]\n\t"                       \
	"cbz    r1, 2f\n\t"                             \
	"ldr    r2, [sp, #12]\n\t"                      \
	"str    r2, [r1]\n\t"                           \
	"dsb\n\t"                                       \
	"isb\n\t"                                       \
	"2:\n\t"                                        \
	"ldr    r1, [sp, #4]\n\t"                       \
	"tst    r1, #1\n\t"                             \
	"beq    3f\n\t"                                 \
	"bl     thread_yield\n\t"                       \
	"3:\n\t"                                        \
	"ldr    r0, [sp, #0]\n\t"

#define CHECK_REG(reg, k)                               \
	"sub    r1, " reg ", r0\n\t"                    \
	"cmp    r1, #" #k "\n\t"                        \
	"bne    8f\n\t"

#define HAMMER_INT_CHECKS                                               \
	CHECK_REG("r4", 0) CHECK_REG("r5", 1) CHECK_REG("r6", 2)        \
	CHECK_REG("r7", 3) CHECK_REG("r8", 4) CHECK_REG("r9", 5)        \
	CHECK_REG("r10", 6) CHECK_REG("r11", 7)

#define HAMMER_EPILOGUE                                 \
	"ldr    r1, [sp, #4]\n\t"                       \
	"subs   r1, #1\n\t"                             \
	"str    r1, [sp, #4]\n\t"                       \
	"bne    1b\n\t"                                 \
	"movs   r0, #0\n\t"                             \
	"b      9f\n\t"                                 \
	"8:\n\t"                                        \
	"ldr    r0, [sp, #4]\n\t"                       \
	"9:\n\t"                                        \
	"add    sp, #16\n\t"                            \
	"pop    {r4-r11, pc}\n\t"

#endif

__attribute__((naked)) static uint32_t hammer_int(uint32_t seed, uint32_t rounds, uint32_t ispr,
						  uint32_t bit)
{
	__asm__ volatile(HAMMER_PROLOGUE HAMMER_LOOP_HEAD HAMMER_INT_CHECKS HAMMER_EPILOGUE);
}

#ifdef __ARM_FP
#define FP_REGS "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"

__attribute__((naked)) static uint32_t hammer_fp(uint32_t seed, uint32_t rounds, uint32_t ispr,
						 uint32_t bit)
{
	__asm__ volatile(HAMMER_PROLOGUE
			 ".irp n, " FP_REGS "\n\t"
			 "add    r1, r0, #(\\n + 8)\n\t"
			 "vmov   s\\n, r1\n\t"
			 ".endr\n\t"
			 HAMMER_LOOP_HEAD HAMMER_INT_CHECKS
			 ".irp n, " FP_REGS "\n\t"
			 "vmov   r1, s\\n\n\t"
			 "sub    r1, r1, r0\n\t"
			 "cmp    r1, #(\\n + 8)\n\t"
			 "bne    8f\n\t"
			 ".endr\n\t"
			 HAMMER_EPILOGUE);
}
#endif

struct worker {
	struct thread thread;
	hammer_fn hammer;
	uint32_t seed;
	uint32_t result;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct worker workers[WORKERS];
static struct worker bouncer;
static volatile uint32_t irq_count, bouncer_runs, bouncer_failures;
static volatile bool bouncer_stop;
static volatile uint32_t frames_checked, frames_direct, frame_mismatches;

/* Each switched-out worker must resume with the frame its code needs:
 * basic (ARCH_EXC_RETURN_THREAD) unless it used the FPU, extended
 * (ARCH_EXC_RETURN_THREAD_FP) if it did.  The EXC_RETURN sits above
 * r4-r11. */
static void check_worker_frames(void)
{
	for (unsigned i = 0; i < WORKERS; i++) {
		const struct thread *t = &workers[i].thread;
		if (t->state != THREAD_READY || t->switches_in == 0)
			continue; /* running, finished, or not started yet */
		uint32_t expected = ARCH_EXC_RETURN_THREAD;
		bool fp = false;
#ifdef __ARM_FP
		fp = workers[i].hammer == hammer_fp;
		if (fp)
			expected = ARCH_EXC_RETURN_THREAD_FP;
#endif
		frames_checked++;
		uint32_t word = t->saved_sp[8];
		if (ARCH_SWITCH_DIRECT && word < 0xff000000u && (word & 1u) && !fp)
			frames_direct++; /* a return address: it yielded by a direct switch */
		else if (word != expected)
			frame_mismatches++;
	}
}

void isr_irq31(void)
{
	irq_count++;
	thread_resume(&bouncer.thread);
}

static void *worker_entry(void *arg)
{
	struct worker *w = arg;

	w->result = w->hammer(w->seed, ROUNDS, NVIC_ISPR0, 1u << TEST_IRQ);
	return NULL;
}

static void *bouncer_entry(void *arg)
{
	struct worker *w = arg;

	while (!bouncer_stop) {
		bouncer_runs++;
		if (w->hammer(w->seed, 1, 0, 0) != 0)
			bouncer_failures++;
		check_worker_frames();
		thread_suspend(thread_self());
	}
	return NULL;
}

static void start(struct worker *w, const char *name, hammer_fn hammer, uint32_t seed,
		  unsigned priority, thread_entry_t entry)
{
	w->hammer = hammer;
	w->seed = seed;
	w->result = 0xffffffffu;
	CHECK_EQ(thread_create(&w->thread, name, entry, w, priority, w->stack, STACK_BYTES), 0);
}

static void run(hammer_fn worker_hammer[WORKERS], hammer_fn bouncer_hammer)
{
	irq_count = bouncer_runs = bouncer_failures = 0;
	frames_checked = frames_direct = frame_mismatches = 0;
	bouncer_stop = false;
	arch_irq_set_priority(TEST_IRQ, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(TEST_IRQ);
	start(&bouncer, "bouncer", bouncer_hammer, 0xb0b00000u, 20, bouncer_entry);
	for (unsigned i = 0; i < WORKERS; i++)
		start(&workers[i], "worker", worker_hammer[i], 0x1000000u * (i + 1), 10,
		      worker_entry);
	for (unsigned i = 0; i < WORKERS; i++) {
		CHECK_EQ(thread_join(&workers[i].thread, NULL, TIMEOUT_FOREVER), 0);
		CHECK_EQ(workers[i].result, 0);
	}
	bouncer_stop = true;
	thread_resume(&bouncer.thread);
	CHECK_EQ(thread_join(&bouncer.thread, NULL, TIMEOUT_FOREVER), 0);
	arch_irq_disable(TEST_IRQ);

	CHECK_EQ(bouncer_failures, 0);
	CHECK_EQ(frame_mismatches, 0);
	CHECK_EQ(irq_count, WORKERS * ROUNDS);
	/* One run per interrupt, plus the first and the last. */
	CHECK(bouncer_runs >= WORKERS * ROUNDS);
}

static void test_integer_registers_survive(void)
{
	hammer_fn h[WORKERS] = { hammer_int, hammer_int, hammer_int };

	run(h, hammer_int);
	for (unsigned i = 0; i < WORKERS; i++)
		CHECK(workers[i].thread.switches_in >= ROUNDS); /* thousands of switches */
	/* Both kinds were checked: preempted (PendSV) and, where the profile
	 * has it, yielded by the direct switch. */
	CHECK(frames_checked - frames_direct > 0);
	CHECK(ARCH_SWITCH_DIRECT ? frames_direct > 0 : frames_direct == 0);
}

#ifdef __ARM_FP
static void test_fp_registers_survive(void)
{
	hammer_fn h[WORKERS] = { hammer_fp, hammer_int, hammer_fp };

	run(h, hammer_fp);
	CHECK(frames_checked >= WORKERS * ROUNDS);
}
#endif

int main(void)
{
	ktest_run("switch.integer_registers_survive", test_integer_registers_survive);
#ifdef __ARM_FP
	ktest_run("switch.fp_registers_survive", test_fp_registers_survive);
#endif
	return ktest_finish();
}
