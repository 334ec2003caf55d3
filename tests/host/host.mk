# SPDX-License-Identifier: MIT
# Kernel sources each host test links against (portable code only).
HOST_SRCS_test_kprintf := kernel/kprintf.c
HOST_SRCS_test_readyq  := kernel/readyq.c
HOST_SRCS_test_errors  := kernel/errors.c
HOST_SRCS_test_list    :=
HOST_SRCS_test_time    :=

# test_errors reads the list of codes from the header itself.
$(HOST_BUILD)/test_errors: HOST_CFLAGS += \
	-DERRORS_HEADER='"$(abspath kernel/include/kernel/errors.h)"'

# Priority inheritance: kernel/mutex.c against a model of the scheduler.
HOST_SRCS_test_mutex_pi := kernel/mutex.c kernel/pool.c kernel/waitq.c tests/host/sched_model.c
$(HOST_BUILD)/test_mutex_pi: HOST_CFLAGS += -Itests/host/arch -Itests/host
# The trace's hooks in mutex.c compiled out: the model has no trace ring.
$(HOST_BUILD)/test_mutex_pi: HOST_CFLAGS += -DCONFIG_TRACE=0
$(HOST_BUILD)/test_mutex_pi: tests/host/sched_model.c tests/host/sched_model.h

# The user library (user/): portable code, built as it is for processes.
HOST_SRCS_test_uheap   := user/uheap.c
HOST_SRCS_test_uformat := user/uformat.c
$(HOST_BUILD)/test_uheap: HOST_CFLAGS += -Iuser/include
$(HOST_BUILD)/test_uheap: user/uheap.c user/include/kestrel/uheap.h
$(HOST_BUILD)/test_uformat: HOST_CFLAGS += -Iuser/include
$(HOST_BUILD)/test_uformat: user/uformat.c user/include/kestrel/uformat.h

# The user-pointer check of the syscall layer (a header-only function).
HOST_SRCS_test_mem_region :=
$(HOST_BUILD)/test_mem_region: HOST_CFLAGS += -Itests/host/arch
