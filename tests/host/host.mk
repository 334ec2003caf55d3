# Kernel sources each host test links against (portable code only).
HOST_SRCS_test_kprintf := kernel/kprintf.c
