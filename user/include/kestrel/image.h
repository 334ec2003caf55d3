/* SPDX-License-Identifier: MIT */
/*
 * A process image: what an application declares about one of its
 * processes (with PROCESS(), kestrel/user.h) and what the linker adds
 * about where the process's memory is.  The kernel spawns processes from
 * images; one image has at most one live process at a time, because the
 * image's data, heap and stacks exist once in RAM.
 *
 * Shared by the user library and the kernel.  The descriptor itself is
 * placed in the kernel's read-only data (section .process_image, which
 * the linker collects into the table the kernel searches by name);
 * everything it points to belongs to the process.
 */
#ifndef KESTREL_IMAGE_H
#define KESTREL_IMAGE_H

#include <stdint.h>

/* Permissions (process_image.permissions, and the PCB's). */
#define PERM_SPAWN (1u << 0)      /* may spawn processes of its own */
#define PERM_PRIVILEGED (1u << 1) /* threads run privileged, no MPU (kernel and init only) */

/* The most device windows one process may be granted. */
#define IMAGE_MAX_DEVICES 2

struct image_device {
	uintptr_t base; /* as the MPU needs it: see README, "A process's memory" */
	uint32_t size;
};

struct process_image {
	const char *name;
	int (*main)(void); /* runs unprivileged in the process's first thread */
	uint8_t priority;  /* of the first thread */
	uint8_t ceiling;   /* no thread of the process runs above this */
	uint8_t max_threads;
	uint8_t device_count;
	uint32_t permissions; /* PERM_* */
	struct image_device devices[IMAGE_MAX_DEVICES];

	/* Filled in by PROCESS(): the process's stacks and heap, inside its
	 * .bss, and the user library's entry points. */
	uint8_t *stacks; /* max_threads stacks of stack_bytes each */
	uint32_t stack_bytes;
	uint8_t *heap;
	uint32_t heap_bytes;
	void (*start)(void *main);           /* first thread: calls main, then exits */
	void (*thread_return)(void *value); /* where a returning thread goes */

	/* Laid out by the linker (tools/proc_image.py writes the script). */
	char *code_start, *code_end; /* code and read-only data: read, execute */
	char *ram_start, *data_end;  /* .data (copied from data_load), then .bss */
	char *ram_end;               /* end of the region the MPU describes */
	const char *data_load;
};

#endif
