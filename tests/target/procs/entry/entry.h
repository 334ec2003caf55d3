/* SPDX-License-Identifier: MIT */
/*
 * What the containment test (tests/target/containment.c) asks the entry
 * process (entry.c) to do, and what the process answers; entry.c says
 * what each action is.
 */
#ifndef TESTS_ENTRY_H
#define TESTS_ENTRY_H

enum entry_action {
	ENTRY_SVC = 1,
	ENTRY_SVC_YIELD,
	ENTRY_SVC_OTHER,
	ENTRY_SPIN,
	ENTRY_UDF,
	ENTRY_FP_SVC,
	ENTRY_FP_SVC_YIELD,
	ENTRY_FP_SPIN,
	ENTRY_RECURSE,
	ENTRY_FORGE,
	ENTRY_FORGE_SYSCALL,
	ENTRY_BKPT,
	ENTRY_PSPLIM,
};

/* Its exit status when the action came back (the SP was usable). */
#define ENTRY_RAN_ON 77

/* While it spins, r5-r11 hold ENTRY_MARK + 5 .. + 11: a switch that
 * stored them anywhere but the kernel's own records would show. */
#define ENTRY_MARK 0xe17e0000u

#endif
