# SPDX-License-Identifier: MIT
# Sources a target test image links besides its own file and the OS:
# TEST_SRCS_<test> (<test> as in tests/target/<test>.c).  The demo's
# counter race and priority inversion are tested by running the demo's
# own code.
TEST_SRCS_counter_race := examples/demo/counter.c
TEST_SRCS_inversion    := examples/demo/inversion.c
TEST_PROCS_process := tests/target/procs/hello tests/target/procs/window
TEST_PROCS_isolation := tests/target/procs/worker tests/target/procs/bad
TEST_PROCS_syscall_args := tests/target/procs/args
TEST_PROCS_syscall_fuzz := tests/target/procs/fuzz tests/target/procs/witness
TEST_PROCS_process_lifecycle := tests/target/procs/holder tests/target/procs/waiter tests/target/procs/crasher tests/target/procs/parent tests/target/procs/orphan tests/target/procs/hello tests/target/procs/multi
TEST_PROCS_ipc := tests/target/procs/server tests/target/procs/client
TEST_PROCS_containment := tests/target/procs/entry tests/target/procs/worker
# The CMSIS-RTOS2 layer's tests link it.
TEST_SRCS_cmsis_kernel    := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_thread    := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_timer     := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_event     := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_mutex     := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_semaphore := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_mempool   := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_msgqueue  := $(CMSIS_RTOS2_SRCS)
TEST_SRCS_cmsis_example   := examples/cmsis/station.c $(CMSIS_RTOS2_SRCS)
