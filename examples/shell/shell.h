/* SPDX-License-Identifier: MIT */
/*
 * The shell example (make run APP=shell): a command line on the console
 * UART for looking at the running system.
 *
 *   main.c      the session: prompt, line editing, dispatch
 *   commands.c  help, ps, threads, top, kill, mem, trace, exit
 *   workload.c  a few background threads so there is something to see
 *
 * Everything runs in main's thread (priority CONFIG_MAIN_PRIORITY), above
 * the workload, so the shell always answers.
 */
#ifndef SHELL_H
#define SHELL_H

#include <stdbool.h>
#include <stdint.h>

struct thread;

#define SHELL_LINE_MAX 79 /* characters a command line may hold */
#define SHELL_ARGS_MAX 8

/* A command: argv[0] is its name.  Returns false to end the session. */
struct shell_command {
	const char *name;
	const char *usage;
	const char *help;
	bool (*run)(int argc, char **argv);
};

extern const struct shell_command shell_commands[];
extern const unsigned shell_command_count;

/* Starts the background threads and the shell's trace ring. */
void workload_start(void);

/* The shell's own thread, left out of the trace listing. */
extern const struct thread *shell_thread;

/* Parses a decimal number in [min, max]; false (and prints why, naming
 * the command) if it is not one. */
bool shell_number(const char *command, const char *text, uint32_t min, uint32_t max,
		  uint32_t *out);

/* Waits up to timeout_ticks for a key; true if one came (it is
 * consumed). */
bool shell_wait_key(uint32_t timeout_ticks);

#endif
