/* SPDX-License-Identifier: MIT */
/*
 * The kernel's self-check: walks every structure the scheduler, the
 * thread records and the process records keep (ready queue, wait queues,
 * timeouts, stacks and canaries, each PCB's threads, stack slots, tree
 * and handles) and verifies the invariants the code relies on.
 * Tests run it after stress; a debugger can call it.
 *
 * Returns the number of problems found (0: consistent); each is printed
 * with kprintf.  Context: thread; takes the kernel lock for the whole
 * walk (O(threads * priority levels)), so it is not for hot paths.
 */
#ifndef KERNEL_CHECK_H
#define KERNEL_CHECK_H

unsigned kernel_check(void);

#endif
