/* SPDX-License-Identifier: MIT */
/* Names of the kernel's error codes, for messages and tests. */
#include "kernel/errors.h"

static const char *const names[] = {
	"ERR_OK",          "ERR_INVALID",   "ERR_NULL",       "ERR_PRIORITY",    "ERR_STACK_SIZE",
	"ERR_STACK_ALIGN", "ERR_NO_MEMORY", "ERR_DEADLOCK",   "ERR_DETACHED",    "ERR_STATE",
	"ERR_TIMEOUT",     "ERR_WOULD_BLOCK", "ERR_CONTEXT",  "ERR_BUSY",        "ERR_DELETED",
	"ERR_PERMISSION",  "ERR_RANGE",     "ERR_STALE",      "ERR_OWNER_DIED",  "ERR_FULL",
	"ERR_KILLED",      "ERR_FAULT",     "ERR_HANDLE",     "ERR_NOSYS",       "ERR_NO_PROCESS",
};

const char *error_name(int err)
{
	unsigned index = 0u - (unsigned)err; /* no overflow, even for INT_MIN */

	if (err > 0 || index >= sizeof(names) / sizeof(names[0]))
		return "ERR_?";
	return names[index];
}
