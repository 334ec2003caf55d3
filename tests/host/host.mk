# Kernel sources each host test links against (portable code only).
HOST_SRCS_test_kprintf := kernel/kprintf.c
HOST_SRCS_test_readyq  := kernel/readyq.c
HOST_SRCS_test_errors  := kernel/errors.c
HOST_SRCS_test_list    :=
HOST_SRCS_test_time    :=

# test_errors reads the list of codes from the header itself.
$(HOST_BUILD)/test_errors: HOST_CFLAGS += \
	-DERRORS_HEADER='"$(abspath kernel/include/kernel/errors.h)"'
