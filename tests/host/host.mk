# SPDX-License-Identifier: MIT
# Kernel sources each host test links against (portable code only).
HOST_SRCS_test_kprintf := kernel/kprintf.c
HOST_SRCS_test_readyq  := kernel/readyq.c
HOST_SRCS_test_readyq32 := kernel/readyq.c
HOST_SRCS_test_errors  := kernel/errors.c
HOST_SRCS_test_list    :=
HOST_SRCS_test_time    :=

# test_readyq32 is test_readyq on the 32-level queue.
$(HOST_BUILD)/test_readyq32: HOST_CFLAGS += -DCONFIG_PRIORITY_LEVELS=32
$(HOST_BUILD)/test_readyq32: tests/host/test_readyq.c

# test_errors reads the list of codes from the header itself.
$(HOST_BUILD)/test_errors: HOST_CFLAGS += \
	-DERRORS_HEADER='"$(abspath kernel/include/kernel/errors.h)"'

# The scheduler core as it is, against the host arch stand-in; the trace's
# hooks compiled out (there is no trace ring).
HOST_SRCS_test_sched := kernel/sched.c kernel/sched_check.c kernel/readyq.c kernel/waitq.c tests/host/host_panic.c
$(HOST_BUILD)/test_sched: HOST_CFLAGS += -Itests/host/arch -DCONFIG_TRACE=0

# Priority inheritance: kernel/mutex.c on the real scheduler core and
# thread API, driven by puppet threads (host_sched.c, puppet.c,
# mutex_steps.c) and checked after every step against a reference
# (pi_model.c); the trace's hooks compiled out.
PI_HARNESS := tests/host/host_sched.c tests/host/puppet.c tests/host/mutex_steps.c \
	      tests/host/pi_model.c tests/host/pi_checks.c tests/host/host_panic.c
HOST_SRCS_test_mutex_pi := kernel/mutex.c kernel/sched.c kernel/sched_check.c kernel/readyq.c kernel/waitq.c \
			   kernel/thread.c kernel/pool.c kernel/errors.c $(PI_HARNESS)
$(HOST_BUILD)/test_mutex_pi: HOST_CFLAGS += -Itests/host/arch -Itests/host -DCONFIG_TRACE=0
$(HOST_BUILD)/test_mutex_pi: $(PI_HARNESS) $(wildcard tests/host/*.h tests/host/arch/*.h)

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

# Board code for real boards QEMU does not run, against models of their
# chips' registers (tests/host/boards/): fake_mmio.h, included first,
# replaces boards/drivers/mmio.h, so every register access goes to the
# model.
BOARD_TEST_CFLAGS := -Iboards/drivers -Itests/host/arch -include tests/host/boards/fake_mmio.h
STM32F4_TEST_SRCS := boards/drivers/stm32f4.c boards/drivers/uart_stm32.c \
                     tests/host/boards/fake_mmio.c tests/host/boards/stm32f4_model.c \
                     tests/host/boards/stm32f4_console_rx.c
HOST_SRCS_test_board_nucleo_f401re := boards/nucleo-f401re/board.c $(STM32F4_TEST_SRCS)
HOST_SRCS_test_board_stm32f4_discovery := boards/stm32f4-discovery/board.c $(STM32F4_TEST_SRCS)
$(HOST_BUILD)/test_board_nucleo_f401re $(HOST_BUILD)/test_board_stm32f4_discovery: \
	HOST_CFLAGS += $(BOARD_TEST_CFLAGS)
$(HOST_BUILD)/test_board_nucleo_f401re: $(HOST_SRCS_test_board_nucleo_f401re) \
	$(wildcard tests/host/boards/*.h boards/drivers/*.h)
$(HOST_BUILD)/test_board_stm32f4_discovery: $(HOST_SRCS_test_board_stm32f4_discovery) \
	$(wildcard tests/host/boards/*.h boards/drivers/*.h)
HOST_SRCS_test_board_rpi_pico := boards/rpi-pico/board.c boards/drivers/uart_pl011.c \
                                 tests/host/boards/fake_mmio.c
$(HOST_BUILD)/test_board_rpi_pico: HOST_CFLAGS += $(BOARD_TEST_CFLAGS) -DCONFIG_TICKLESS=1
$(HOST_BUILD)/test_board_rpi_pico: $(HOST_SRCS_test_board_rpi_pico) \
	$(wildcard tests/host/boards/*.h boards/drivers/*.h)
HOST_SRCS_test_board_microbit_v2 := boards/microbit-v2/board.c boards/drivers/uart_nrf51.c \
                                    boards/drivers/nrf_timer.c tests/host/boards/fake_mmio.c
$(HOST_BUILD)/test_board_microbit_v2: HOST_CFLAGS += $(BOARD_TEST_CFLAGS) -DCONFIG_TICKLESS=1
$(HOST_BUILD)/test_board_microbit_v2: $(HOST_SRCS_test_board_microbit_v2) \
	$(wildcard tests/host/boards/*.h boards/drivers/*.h)
