# SPDX-License-Identifier: MIT
# Kestrel: build, run and test.  make help prints this.
#
#   make run                   boot the default board in QEMU and run the demo
#   make test                  host tests + the default board's target tests
#   make test T=<name>         one test: an image (mutex), host test (list), tool test (console)
#   make test-all              host tests + target tests on every board
#   make BOARD=<board> ...     any target on another board (see boards/)
#   make new APP_DIR=<folder>  start an application of your own (docs/first-app.md)
#   make APP_DIR=<folder> run  build and run it (its outputs in <folder>/build)
#   make size                  text/data/bss per layer
#   make flash                 program a real board through OpenOCD
#                              (boards QEMU does not model: docs/boards/)
#   make debug                 QEMU paused, GDB attached, kernel threads as GDB threads
#   make console               type to the target while make debug runs
#                              (CONSOLE_PORT=<port>: make debug prints it)
#   make bench                 performance figures under QEMU (tools/bench.py)
#   make switch-profile        a yield's instructions, stage by stage of the switch
#                              (PROFILE=pingpong: a ping-pong round trip, by function;
#                              PROFILE=preempt: an interrupt preemption, by function)
#   make trace [APP=<app>]     trace an example under QEMU: JSON (Perfetto) and PNG timelines
#   make trace-images          redraw docs/img/trace-*.png from make trace on mps2-an385
#   make compile_commands.json the compile commands of this board, for clangd
#   make docs                  rewrite the transcripts in README.md and docs/ from their commands
#   make clean                 remove build/
#
# Options: APP=<examples/ folder> APP_DIR=<folder> NANO=1 (newlib-nano)
#          OPT=-Os SEMIHOSTING=0 TRACE=0 (the kernel trace's hooks compiled out)
#          TICKLESS=0 (the periodic tick even when idle, on a board that supports tickless)
#          CONFIG="-DCONFIG_TICK_HZ=100 ..." (kernel/include/kernel/config.h)
#          NO_INSTALL=1 (print the apt-get command for missing packages, run nothing)
#          V=1 (show every command)
#
# Every test run writes a JUnit XML report: build/<board>/test-report.xml for
# make test, build/test-all-report.xml for make test-all.

BOARD       ?= mps2-an385
APP         ?= demo
NANO        ?= 0
OPT         ?= -O2
SEMIHOSTING ?= 1
TRACE       ?= 1

# The application: APP=<name> is examples/<name>; APP_DIR=<folder> is any
# folder of C files (and an optional app.mk), named after the folder.  An
# application outside the repository builds into its own <folder>/build.
APP_DIR_GIVEN := $(origin APP_DIR)
ifdef APP_DIR
override APP_DIR := $(patsubst $(CURDIR)/%,%,$(abspath $(APP_DIR)))
override APP     := $(notdir $(APP_DIR))
else ifneq ($(findstring /,$(APP)),)
$(error APP names a folder of examples/ (APP=shell); for another folder use APP_DIR=$(APP))
else
APP_DIR := examples/$(APP)
endif
APP_OUTSIDE := $(filter /%,$(APP_DIR))
BUILD_ROOT  ?= $(if $(APP_OUTSIDE),$(APP_DIR)/build,build)
BUILD       ?= $(BUILD_ROOT)/$(BOARD)
HOST_BUILD  := $(BUILD_ROOT)/host
BOARDS      := $(sort $(notdir $(patsubst %/board.mk,%,$(wildcard boards/*/board.mk))))
PYTHON      := /usr/bin/python3
NO_INSTALL  ?= 0
DEPS        := NO_INSTALL=$(NO_INSTALL) sh tools/deps.sh

ifeq ($(wildcard boards/$(BOARD)/board.mk),)
$(error unknown BOARD '$(BOARD)'; boards: $(BOARDS))
endif
include boards/$(BOARD)/board.mk
# Tickless idle: on where the board supports it (BOARD_TICKLESS), TICKLESS=0
# turns it off.  A board with a clock but no alarm of its own lends SysTick
# to the alarm (BOARD_TICKLESS_SYSTICK := alarm), one with an alarm but no
# clock it can read lends SysTick to the clock (:= clock): arch/common/tick.c.
TICKLESS    ?= $(or $(BOARD_TICKLESS),0)
ifeq ($(TICKLESS)-$(BOARD_TICKLESS),1-)
$(error TICKLESS=1: $(BOARD) has no board clock and alarm for tickless idle (docs/boards.md); \
	the boards that have them set BOARD_TICKLESS in their board.mk)
endif
TICKLESS_SYSTICK := $(if $(filter 1,$(TICKLESS)),$(if $(filter alarm,$(BOARD_TICKLESS_SYSTICK)),1,$(if $(filter clock,$(BOARD_TICKLESS_SYSTICK)),2,0)),0)

CROSS   := arm-none-eabi-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
SIZE    := $(CROSS)size
QEMU    := qemu-system-arm

# ---------------------------------------------------------------- sources --
# A profile's profile.mk may name folders of code it shares with another
# profile (ARCH_SHARED, e.g. arch/mainline for ARMv7-M and ARMv8-M).
-include arch/$(ARCH)/profile.mk
KERNEL_SRCS := $(wildcard kernel/*.c)
ARCH_SRCS   := $(wildcard arch/common/*.c $(addsuffix /*.c,$(ARCH_SHARED)) $(addsuffix /*.S,$(ARCH_SHARED)) \
                          arch/$(ARCH)/*.c arch/$(ARCH)/*.S)
BRD_SRCS    := boards/$(BOARD)/board.c $(BOARD_SRCS)
OS_SRCS     := $(KERNEL_SRCS) $(ARCH_SRCS) $(BRD_SRCS)
APP_SRCS    := $(wildcard $(APP_DIR)/*.c $(APP_DIR)/*.S)
# The CMSIS-RTOS2 API (compat/cmsis-rtos2, docs/cmsis-rtos2.md): an
# application that uses it links these (APP_SRCS += $(CMSIS_RTOS2_SRCS)
# in its app.mk); cmsis_os2.h is on every image's include path.
CMSIS_RTOS2_SRCS := $(wildcard compat/cmsis-rtos2/*.c)
# An application may link more sources (APP_SRCS +=), want another console
# set-up under QEMU (QEMU_SERIAL :=) or real time for make run instead of
# -icount (QEMU_RUN_TIME :=) in its app.mk.
-include $(APP_DIR)/app.mk
EXAMPLES    := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard examples/*/*.c)))))
# Goals that need no application (make new creates one).
NO_APP_GOALS := new help clean compile_commands.json test test-all
ifneq ($(filter-out $(NO_APP_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(APP_SRCS),)
$(error $(if $(filter examples/%,$(APP_DIR)),unknown APP '$(APP)' (examples: $(EXAMPLES)),no C files in APP_DIR '$(APP_DIR)'); \
	make new APP_DIR=<folder> starts an application of your own)
endif
endif
QEMU_SERIAL   ?= -serial stdio
QEMU_RUN_TIME ?= -icount shift=0

# A board QEMU models names its machine (QEMU_MACHINE).  A real board QEMU
# does not model leaves it unset: its images are built and checked
# statically (IMAGE_PART, tools/image_check.py) and make run, bench and
# trace refuse.  If a QEMU model is close enough (QEMU_SMOKE_MACHINE, its
# console on QEMU_SMOKE_SERIAL), the board's test images also run there as
# a smoke test.
QEMU_TEST_MACHINE := $(or $(QEMU_MACHINE),$(QEMU_SMOKE_MACHINE))
ifeq ($(QEMU_MACHINE),)
QEMU_SERIAL := $(QEMU_SMOKE_SERIAL)
ifneq ($(filter run bench trace,$(MAKECMDGOALS)),)
$(error $(BOARD) needs real hardware, QEMU does not model it: $(REAL_BOARD). \
	Program it with 'make flash BOARD=$(BOARD)' (docs/boards/$(BOARD).md)$(if $(QEMU_SMOKE_MACHINE),; \
	'make test BOARD=$(BOARD)' runs its test images on QEMU's $(QEMU_SMOKE_MACHINE) as a smoke test))
endif
endif
TEST_LIB    := tests/lib/ktest.c
TARGET_TESTS := $(basename $(notdir $(wildcard tests/target/*.c)))

# ------------------------------------------------------------------ flags --
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CPPFLAGS := -Iarch/include -Iarch/common $(addprefix -I,$(ARCH_SHARED)) -Iarch/$(ARCH) \
            -Iboards/include -Iboards/drivers -Ikernel/include -Iuser/include -Itests/lib \
            -Icompat/cmsis-rtos2/include -DBOARD_IRQS=$(BOARD_IRQS) -DCONFIG_SEMIHOSTING=$(SEMIHOSTING) -DCONFIG_NANO=$(NANO) \
            -DCONFIG_TRACE=$(TRACE) -DCONFIG_TICKLESS=$(TICKLESS) -DCONFIG_TICKLESS_SYSTICK=$(TICKLESS_SYSTICK) \
            $(BOARD_CPPFLAGS) $(CONFIG)
CFLAGS   := $(CPU_FLAGS) -std=c11 $(OPT) -g3 $(WARN) -ffunction-sections -fdata-sections \
            -fno-common -MMD -MP
ASFLAGS  := $(CPU_FLAGS) -g3 -MMD -MP
SPECS    := $(if $(filter 1,$(NANO)),--specs=nano.specs,)
LDFLAGS  := $(CPU_FLAGS) $(SPECS) -nostartfiles -T linker/cortex-m.ld -Lboards/$(BOARD) \
            -Wl,--gc-sections -Wl,--no-warn-rwx-segments $(BOARD_LDFLAGS)
# stdio output calls take the console lock (kernel/libc_lock.c).
STDIO_WRAPS := printf vprintf fprintf vfprintf puts putchar fputs fputc putc fwrite fflush perror
LDFLAGS  += $(foreach f,$(STDIO_WRAPS),-Wl,--wrap=$(f))
LDLIBS   := -Wl,--start-group -lc -lm -lgcc -Wl,--end-group

HOST_CC     := gcc
HOST_CFLAGS := -std=c11 -O1 -g $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=all \
               -Ikernel/include -Iuser/include -Iboards/include -Iarch/include -Itests/lib \
               -DKTEST_HOST=1

QEMU_ARGS := -M $(QEMU_TEST_MACHINE) -nographic -monitor none $(QEMU_SERIAL) \
             -semihosting-config enable=on,target=native $(QEMU_FLAGS)

comma := ,
define newline


endef

# Quiet by default; V=1 shows every command, make -s shows nothing.
Q := $(if $(filter 1,$(V)),,@)
SILENT := $(findstring s,$(firstword -$(MAKEFLAGS)))
say = $(if $(filter 1,$(V)),,@$(if $(SILENT),,printf '  %-6s %s\n' $(1) $(2);))

# The flags an image was built with: changing BOARD options, NANO, OPT or
# SEMIHOSTING rebuilds what depends on them (the file changes only when
# the flags do).
CONFIG_STAMP := $(BUILD)/config.flags
CONFIG_TEXT := $(CC) $(CPPFLAGS) $(CFLAGS) $(ASFLAGS) $(LDFLAGS) $(LDLIBS)
ifneq ($(filter-out new help clean,$(or $(MAKECMDGOALS),all)),)
$(shell mkdir -p $(BUILD) && (echo '$(CONFIG_TEXT)' | cmp -s - $(CONFIG_STAMP) || \
	echo '$(CONFIG_TEXT)' > $(CONFIG_STAMP)))
endif

obj = $(patsubst %,$(BUILD)/obj/%.o,$(1))
# A board may build objects by rules of its own (BOARD_OBJS, e.g. the
# RP2040's boot block): every image links them.
OS_OBJS := $(call obj,$(OS_SRCS)) $(BOARD_OBJS)
# Every image is linked again when the linker script or the board's
# memory map changes ($(link) passes only the objects to the linker).
LINK_SCRIPTS := linker/cortex-m.ld boards/$(BOARD)/memory.ld

# ---------------------------------------------------------------- targets --
.PHONY: all run test test-all test-images host-tests size flash clean deps-build deps-run deps-test
.DEFAULT_GOAL := all

all: deps-build $(BUILD)/$(APP).elf $(BUILD)/$(APP).bin $(BUILD)/$(APP).hex \
	$(if $(UF2_FAMILY),$(BUILD)/$(APP).uf2)

deps-build:
	@$(DEPS) arm-none-eabi-gcc newlib python3
deps-run: deps-build
	@$(DEPS) qemu-system-arm
deps-test: deps-run
	@$(DEPS) gcc host-libc libasan

run: deps-run $(BUILD)/$(APP).elf
	@$(PYTHON) tools/qemu_run.py --elf $(BUILD)/$(APP).elf -- $(QEMU) $(QEMU_ARGS) $(QEMU_RUN_TIME)

$(BUILD)/obj/%.c.o: %.c $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

# An image: the OS objects plus the given application objects, and the
# processes of its image_procs line, placed by <image>.layout/procs_*.ld.
define link
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(LDFLAGS) -L$(basename $@).layout -Wl,-Map=$(basename $@).map \
		-o $@ $(filter %.o,$^) $(LDLIBS)
endef

# ------------------------------------------------------------- processes --
# A process is a folder of C files (<dir>/<name>/*.c) declaring itself
# with PROCESS() (user/include/kestrel/user.h).  It is compiled as usual,
# linked with the user library (user/) into one relocatable object whose
# sections are renamed .proc.<name>.* ($(BUILD)/procs/<dir>/<name>.o), and
# placed by the image's layout fragment, sized for the MPU.
USER_SRCS      := $(wildcard user/*.c) kernel/errors.c
LAYOUT_GRANULE := $(if $(filter armv8-m,$(ARCH)),32,pow2)

# $(1): a process folder.
define process_rules
$(BUILD)/procs/$(1).o: $(call obj,$(wildcard $(1)/*.c) $(USER_SRCS)) tools/proc_image.py
	@mkdir -p $$(dir $$@)
	$$(call say,PROC,$$@)$(PYTHON) tools/proc_image.py link --name $(notdir $(1)) --out $$@ \
		--cc "$(CC) $(CPU_FLAGS) $(SPECS)" --cross $(CROSS) $$(filter %.o,$$^)
endef

# $(1): an image's ELF; $(2): the process folders it contains (may be none).
define image_procs
$(1): $(foreach p,$(2),$(BUILD)/procs/$(p).o) $(basename $(1)).layout/procs_flash.ld
$(basename $(1)).layout/procs_flash.ld: $(foreach p,$(2),$(BUILD)/procs/$(p).o) tools/proc_image.py $(CONFIG_STAMP)
	@mkdir -p $$(dir $$@)
	$(PYTHON) tools/proc_image.py layout --out $$(dir $$@) --granule $(LAYOUT_GRANULE) \
		--cross $(CROSS) $(foreach p,$(2),$(notdir $(p))=$(BUILD)/procs/$(p).o)
endef

# Cores without an MPU (ARMv6-M) run no processes: images get none.
proc_dirs = $(if $(filter armv6-m,$(ARCH)),,$(sort $(patsubst %/,%,$(dir $(wildcard $(1)/procs/*/*.c)))))
test_procs = $(if $(filter armv6-m,$(ARCH)),,$(TEST_PROCS_$(1)))
APP_PROCS   := $(call proc_dirs,$(APP_DIR))
BENCH_PROCS := $(call proc_dirs,bench)

$(BUILD)/$(APP).elf: $(OS_OBJS) $(LINK_SCRIPTS) $(call obj,$(APP_SRCS))
	$(link)

$(BUILD)/tests/%.elf: $(OS_OBJS) $(LINK_SCRIPTS) $(call obj,tests/target/%.c $(TEST_LIB))
	$(link)

# A test image may link more sources (TEST_SRCS_<test>) and contain
# processes (TEST_PROCS_<test>, folders): tests/target/target.mk.
include tests/target/target.mk
# Each image's objects are named here, not only through the pattern rule
# above, so that make keeps them (an object reached only through a pattern
# is intermediate and deleted at the end of the run).
$(foreach t,$(TARGET_TESTS),$(eval $(BUILD)/tests/$(t).elf: $(call obj,tests/target/$(t).c $(TEST_LIB) $(TEST_SRCS_$(t)))))
ALL_PROCS := $(sort $(APP_PROCS) $(BENCH_PROCS) $(call proc_dirs,tests/gdb/image) $(foreach t,$(TARGET_TESTS),$(call test_procs,$(t))))
$(foreach p,$(ALL_PROCS),$(eval $(call process_rules,$(p))))
$(eval $(call image_procs,$(BUILD)/$(APP).elf,$(APP_PROCS)))
$(foreach t,$(TARGET_TESTS),$(eval $(call image_procs,$(BUILD)/tests/$(t).elf,$(call test_procs,$(t)))))

%.bin: %.elf
	$(Q)$(OBJCOPY) -O binary $< $@
%.hex: %.elf
	$(Q)$(OBJCOPY) -O ihex $< $@
# A UF2 file, for boards whose bootloader is a USB drive (UF2_FAMILY).
%.uf2: %.elf tools/uf2.py
	$(call say,UF2,$@)$(PYTHON) tools/uf2.py --family $(UF2_FAMILY) $< $@

# ------------------------------------------------------------------ tests --
HOST_TESTS := $(basename $(notdir $(wildcard tests/host/test_*.c)))
include tests/host/host.mk

$(HOST_BUILD)/%: tests/host/%.c $(TEST_LIB) $(wildcard kernel/*.c kernel/include/kernel/*.h tests/lib/*.h)
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$@)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(TEST_LIB) $(HOST_SRCS_$*)

host-tests: deps-test $(addprefix $(HOST_BUILD)/,$(HOST_TESTS))

TEST_IMAGES := $(addprefix $(BUILD)/tests/,$(addsuffix .elf,$(TARGET_TESTS)))
test-images: deps-run $(TEST_IMAGES)
	$(if $(QEMU_TEST_MACHINE),@echo "$(QEMU) $(QEMU_ARGS)" > $(BUILD)/tests/qemu.cmd)

# The static checks of a board's images against its part (IMAGE_PART):
# the demo, the shell and every test image (and the demo's UF2 file).
CHECK_IMAGES := $(BUILD)/$(APP).elf $(BUILD)/shell.elf $(TEST_IMAGES) \
	$(if $(UF2_FAMILY),$(BUILD)/$(APP).uf2)
IMAGE_CHECK := $(PYTHON) tools/image_check.py --part $(IMAGE_PART) --label $(BOARD) \
	--root $(BUILD) $(CHECK_IMAGES)
IMAGE_TOOLS_TEST := $(PYTHON) tests/tools/test_image_tools.py --elf $(BUILD)/$(APP).elf \
	--part $(IMAGE_PART) --family $(UF2_FAMILY)

.PHONY: check-images board-tests
check-images: deps-build test-images $(filter-out $(BUILD)/shell.elf,$(CHECK_IMAGES))
	@$(MAKE) --no-print-directory APP=shell $(BUILD)/shell.elf

# What tests this board, as tools/run_tests.py arguments, one a line
# ($(BUILD)/tests.args, read as @FILE): the test images under QEMU (on
# the board's machine or its smoke-test machine), the GDB tests (boards
# QEMU models) and the static image checks (boards with IMAGE_PART, and
# the tests of the image tools on a board with a UF2 file).
board-tests: test-images $(if $(QEMU_MACHINE),gdb-test-image) $(if $(IMAGE_PART),check-images)
	@{ $(if $(QEMU_TEST_MACHINE),printf '%s\n' --target $(BUILD)/tests;) \
	   $(if $(QEMU_MACHINE),printf '%s\n' --gdb $(BUILD)/gdb;) \
	   $(if $(IMAGE_PART),printf '%s\n' --program '$(IMAGE_CHECK)';) \
	   $(if $(UF2_FAMILY),printf '%s\n' --program '$(IMAGE_TOOLS_TEST)';) \
	   true; } > $(BUILD)/tests.args

# Tests of the host tools and the console (tests/tools/), on the default
# board: the trace converter on the dump of the trace test image, the
# shell example driven through QEMU's serial port and, on a
# pseudo-terminal, through make run, the process image builder on
# processes written by the test, README.md and docs/ against the tree,
# docs/first-app.md done step by step, make trace, its pictures against
# docs/img, make debug and make gdbserver started, typed at, interrupted,
# killed and started again, and the licence of every source.
TOOL_TESTS = --program "$(PYTHON) tests/tools/test_trace_convert.py \
		--elf $(BUILD)/tests/trace.elf -- $(QEMU) $(QEMU_ARGS)" \
	--program "$(PYTHON) tests/tools/test_shell.py --elf $(BUILD)/shell.elf -- $(QEMU) $(QEMU_ARGS)" \
	--program "$(PYTHON) tests/tools/test_console.py -- \
		$(MAKE) --no-print-directory -s BOARD=$(BOARD) BUILD=$(BUILD) run APP=shell" \
	--program "$(PYTHON) tests/tools/test_proc_image.py --cc '$(CC) $(CPU_FLAGS)' --cross $(CROSS)" \
	--program "$(PYTHON) tests/tools/test_docs.py" \
	--program "$(PYTHON) tests/tools/test_licence.py" \
	--program "$(PYTHON) tests/tools/test_first_app.py $(FIRST_APP_BOARDS)" \
	$(foreach b,$(TRACE_BOARDS),--program "$(PYTHON) tests/tools/test_make_trace.py --board $(b)") \
	--program "$(PYTHON) tests/tools/test_trace_picture.py" \
	--program "$(PYTHON) tests/tools/test_debug_session.py --board $(BOARD)"
# make test-all also runs docs/first-app.md's application on every board
# QEMU models, and builds it for the others.
QEMU_BOARDS := $(sort $(patsubst boards/%/board.mk,%,$(shell grep -l '^QEMU_MACHINE' boards/*/board.mk)))
test-all: FIRST_APP_BOARDS = $(addprefix --board ,$(QEMU_BOARDS)) \
	$(addprefix --build-board ,$(filter-out $(QEMU_BOARDS),$(BOARDS)))
# make trace on this board (make test), on every board QEMU models
# (test-all), one program each: each builds two images from nothing.
TRACE_BOARDS = $(BOARD)
test-all: TRACE_BOARDS = $(QEMU_BOARDS)

.PHONY: tool-test-images
tool-test-images: deps-trace test-images
	@$(MAKE) --no-print-directory APP_DIR=examples/shell $(BUILD)/shell.elf

RUN_TESTS = $(PYTHON) tools/run_tests.py $(if $(T),--only $(T)) --junit $(1) \
	--host $(HOST_BUILD) $(addprefix --host-test ,$(HOST_TESTS)) $(if $(QEMU_MACHINE),$(TOOL_TESTS))

# The tool tests need a board QEMU models; on any other board make test
# runs the host tests and what tests the board (board-tests).
test: host-tests board-tests $(if $(QEMU_MACHINE),tool-test-images)
	@$(call RUN_TESTS,$(BUILD)/test-report.xml) @$(BUILD)/tests.args

test-all: host-tests tool-test-images
	@for b in $(BOARDS); do $(MAKE) --no-print-directory BOARD=$$b BUILD=$(BUILD_ROOT)/$$b board-tests || exit 1; done
	@$(call RUN_TESTS,$(BUILD_ROOT)/test-all-report.xml) \
		$(foreach b,$(BOARDS),@$(BUILD_ROOT)/$(b)/tests.args)

# ------------------------------------------------------------------- size --
# Without NANO=1 the same image is also built with newlib-nano, in
# $(BUILD)-nano, and compared.
size: deps-build $(BUILD)/$(APP).elf
ifeq ($(NANO),1)
	@$(PYTHON) tools/mapsize.py $(BUILD)/$(APP).map
else
	@$(MAKE) -s --no-print-directory NANO=1 BUILD=$(BUILD)-nano $(BUILD)-nano/$(APP).elf
	@$(PYTHON) tools/mapsize.py $(BUILD)/$(APP).map --compare $(BUILD)-nano/$(APP).map
endif

# ------------------------------------------------------------------ flash --
# The image is built with SEMIHOSTING=0 in $(FLASH_BUILD) and programmed
# through OpenOCD.  A board whose bootloader is a USB drive (FLASH_DRIVE)
# can take the file FLASH_DRIVE_FILE names instead, copied to that drive
# (FLASH_DRIVE_HOW: how the drive appears).
comma := ,
FLASH_BUILD   := $(BUILD_ROOT)/$(BOARD)-flash
FLASH_PROGRAM := openocd $(OPENOCD_ARGS) -c "program $(FLASH_BUILD)/$(APP).elf verify reset exit"
FLASH_BY_DRIVE := $(if $(FLASH_DRIVE),$(if $(FLASH_DRIVE_HOW),$(FLASH_DRIVE_HOW)$(comma) then )copy \
	$(FLASH_BUILD)/$(APP).$(FLASH_DRIVE_FILE) to the $(FLASH_DRIVE) USB drive)
flash:
ifeq ($(OPENOCD_ARGS),)
	@echo "flash: $(BOARD) is not a real board (QEMU only); use 'make run'"; exit 1
else
	@$(MAKE) --no-print-directory BOARD=$(BOARD) SEMIHOSTING=0 BUILD=$(FLASH_BUILD) all
	$(if $(FLASH_BY_DRIVE),@echo "flash: without a probe: $(FLASH_BY_DRIVE)")
	@$(DEPS) openocd
	@echo "flash: $(subst ",\",$(FLASH_PROGRAM))"
	@$(FLASH_PROGRAM) || \
		{ echo "flash: OpenOCD failed: is the board connected and powered, and the probe attached?"; \
		  $(if $(FLASH_BY_DRIVE),echo "flash: without a probe: $(FLASH_BY_DRIVE)";) exit 1; }
endif

# -------------------------------------------------------------------- gdb --
# make debug: QEMU paused with its GDB server, gdb-multiarch attached
# through tools/gdb/rsp_proxy.py (kernel threads as GDB threads) with
# tools/gdb/kestrel.py loaded.  Boards with OPENOCD_ARGS use OpenOCD and
# the real board instead (DEBUG_WITH=qemu keeps QEMU).  make gdbserver:
# the server and the proxy only, for an IDE; it prints the port
# (GDB_PORT=<n> fixes it).
GDB_PORT   ?= 0
DEBUG_WITH ?= $(if $(OPENOCD_ARGS),openocd,qemu)
DEBUG_BUILD := $(if $(filter openocd,$(DEBUG_WITH)),$(BUILD_ROOT)/$(BOARD)-flash,$(BUILD))
DEBUG_LAUNCH = $(PYTHON) tools/gdb/launch.py --elf $(DEBUG_BUILD)/$(APP).elf \
	$(if $(filter openocd,$(DEBUG_WITH)),--openocd "$(OPENOCD_ARGS)",--qemu "$(QEMU) $(QEMU_ARGS) -icount shift=0")

# make console CONSOLE_PORT=<port>: a terminal on the target's console
# while make debug or make gdbserver runs (they print the port).
.PHONY: console
console:
	@$(PYTHON) tools/console.py $(CONSOLE_PORT)

.PHONY: debug gdbserver deps-debug gdb-test-image
deps-debug: deps-run
	@$(DEPS) gdb-multiarch $(if $(filter openocd,$(DEBUG_WITH)),openocd)

debug gdbserver: deps-debug
ifeq ($(DEBUG_WITH),openocd)
	@$(MAKE) --no-print-directory BOARD=$(BOARD) SEMIHOSTING=0 BUILD=$(DEBUG_BUILD) all
else
	@$(MAKE) --no-print-directory BOARD=$(BOARD) BUILD=$(BUILD) $(BUILD)/$(APP).elf
endif
	@$(DEBUG_LAUNCH) $(if $(filter gdbserver,$@),--server-only --port $(GDB_PORT))

# The image the GDB tests (tests/gdb/) debug, and how to run it.
$(BUILD)/gdb/gdb_image.elf: $(OS_OBJS) $(LINK_SCRIPTS) $(call obj,tests/gdb/image/gdb_image.c)
	$(link)
$(eval $(call image_procs,$(BUILD)/gdb/gdb_image.elf,$(call proc_dirs,tests/gdb/image)))

gdb-test-image: deps-debug $(BUILD)/gdb/gdb_image.elf
	@echo "$(QEMU) $(QEMU_ARGS)" > $(BUILD)/gdb/qemu.cmd

# ------------------------------------------------------------------ bench --
# make bench: the benchmark image (bench/) under QEMU with -icount shift=0,
# where a nanosecond of virtual time is one guest instruction;
# tools/bench.py prints the figures and writes $(BENCH_BUILD)/bench.json.
# The image is built in its own directory at OPT, and again at -Os for the
# -Os kernel footprint.  It runs BENCH_RUNS times (default 2), and the
# figures must come out the same every time.
BENCH_SRCS  := $(wildcard bench/*.c bench/*.S)
BENCH_BUILD := $(BUILD_ROOT)/$(BOARD)-bench
BENCH_RUNS  ?= 2

.PHONY: bench bench-image
bench: deps-run
	@$(MAKE) --no-print-directory BOARD=$(BOARD) BUILD=$(BENCH_BUILD) bench-image
	@$(MAKE) --no-print-directory BOARD=$(BOARD) BUILD=$(BENCH_BUILD)-Os OPT=-Os bench-image
	@$(PYTHON) tools/bench.py --elf $(BENCH_BUILD)/bench.elf --elf-os $(BENCH_BUILD)-Os/bench.elf \
		--opt="$(OPT)" --runs $(BENCH_RUNS) --json $(BENCH_BUILD)/bench.json \
		-- $(QEMU) $(QEMU_ARGS)

bench-image: $(BUILD)/bench.elf

# make switch-profile: where a yield's instructions go, stage by stage of
# the switch, single-stepped in GDB on the benchmark image;
# PROFILE=pingpong: a semaphore ping-pong round trip, function by function;
# PROFILE=preempt: an interrupt preemption (bench/irq.c), the same way.
PROFILE ?= yield
.PHONY: switch-profile
switch-profile: deps-debug
	@$(MAKE) --no-print-directory BOARD=$(BOARD) BUILD=$(BENCH_BUILD) bench-image
	@$(PYTHON) tools/switch_profile.py --elf $(BENCH_BUILD)/bench.elf --workload $(PROFILE) \
		-- $(QEMU) $(QEMU_ARGS)

$(BUILD)/bench.elf: $(OS_OBJS) $(LINK_SCRIPTS) $(call obj,$(BENCH_SRCS))
	$(link)
$(eval $(call image_procs,$(BUILD)/bench.elf,$(BENCH_PROCS)))

# ------------------------------------------------------------------ trace --
# make trace [APP=<app>]: runs the app under QEMU with -icount shift=0 (so
# every run gives the same timestamps), picks the traces it prints
# (trace_dump: KTRACE lines on the console) and converts each with
# tools/trace_convert.py into $(TRACE_OUT)/<app>-<label>.json (trace
# events for ui.perfetto.dev or chrome://tracing) and .png (a timeline).
# Without APP it runs examples/trace: the classic demos, each traced.
# Another app is built in $(TRACE_BUILD) with a boot trace of TRACE_EVENTS
# events (32 bytes each), printed when the app exits unless it dumped a
# trace of its own: by default a sixteenth of the board's RAM (memory.ld),
# at most 2048 events (64 KiB): 32 on the micro:bit, 128 on lm3s6965evb.
TRACE_APP_DIR := $(if $(filter command line environment override,$(origin APP) $(origin APP_DIR)),$(APP_DIR),examples/trace)
TRACE_APP    := $(notdir $(TRACE_APP_DIR))
BOARD_RAM_KIB = $(shell sed -n 's/^[[:space:]]*RAM[[:space:]].*LENGTH = \([0-9]*\)\([KM]\).*/\1 \2/p' \
		   boards/$(BOARD)/memory.ld | awk '{ print $$2 == "M" ? $$1 * 1024 : $$1 }')
TRACE_EVENTS_FIT = $(shell echo $$(( $(or $(BOARD_RAM_KIB),0) * 1024 / 16 / 32 > 2048 ? 2048 : \
		      $(or $(BOARD_RAM_KIB),0) * 1024 / 16 / 32 )))
TRACE_EVENTS ?= $(if $(filter trace,$(TRACE_APP)),0,$(TRACE_EVENTS_FIT))
TRACE_BUILD  := $(BUILD)-trace
TRACE_OUT    := $(TRACE_BUILD)/trace

.PHONY: trace deps-trace
deps-trace: deps-run
	@$(DEPS) python3-matplotlib

trace: deps-trace
	@$(MAKE) --no-print-directory APP_DIR=$(TRACE_APP_DIR) BUILD=$(TRACE_BUILD) \
		CONFIG="$(CONFIG) -DCONFIG_TRACE_BOOT_EVENTS=$(TRACE_EVENTS)" $(TRACE_BUILD)/$(TRACE_APP).elf \
	|| { echo "trace: $(TRACE_APP) does not build on $(BOARD) with a boot trace of" \
		"$(TRACE_EVENTS) events ($$(( $(TRACE_EVENTS) * 32 )) bytes of RAM; this board's" \
		"default is $(TRACE_EVENTS_FIT)): try fewer, as make trace APP=$(TRACE_APP)" \
		"TRACE_EVENTS=$$(( $(TRACE_EVENTS) / 2 ))" >&2; exit 1; }
	@$(PYTHON) tools/trace_convert.py --elf $(TRACE_BUILD)/$(TRACE_APP).elf --out $(TRACE_OUT) \
		--prefix $(TRACE_APP) -- $(QEMU) $(QEMU_ARGS) -icount shift=0,sleep=off

# make trace-images: docs/img/trace-<demo>.png copied from what make trace
# draws on mps2-an385 (tests/tools/test_trace_picture.py checks that they
# are current, and runs make trace itself).
.PHONY: trace-images
trace-images: deps-trace
	@$(PYTHON) tests/tools/test_trace_picture.py --update

clean:
	rm -rf $(BUILD_ROOT)

.PHONY: help
help:
	@sed -n '/^# Kestrel:/,/^$$/s/^# \{0,1\}//p' Makefile

# make docs: the transcripts in README.md and docs/ rewritten from the
# commands that make them (tests/tools/test_docs.py checks them).
.PHONY: docs
docs:
	@$(PYTHON) tests/tools/test_docs.py --update

# ------------------------------------------------------ compile_commands --
# make compile_commands.json: how each C file of this board's images and of
# the host tests is compiled, for clangd and other editors' tools
# (docs/building.md says how to set clangd up).
json = $(subst ",\",$(subst \,\\,$(1)))
CC_ENTRY = {"directory": "$(CURDIR)", "file": "$(1)", "command": "$(call json,$(2) -c $(1))"}
DB_TARGET_SRCS = $(filter %.c,$(OS_SRCS) $(APP_SRCS) $(USER_SRCS) $(TEST_LIB) $(BENCH_SRCS) \
	$(wildcard tests/target/*.c tests/target/procs/*/*.c tests/gdb/image/*.c tests/gdb/image/procs/*/*.c \
		   examples/*/*.c examples/*/procs/*/*.c bench/procs/*/*.c))
DB_ENTRIES = $(foreach f,$(sort $(DB_TARGET_SRCS)),$(call CC_ENTRY,$(f),$(CC) $(CPPFLAGS) $(CFLAGS))) \
	$(foreach f,$(wildcard tests/host/*.c),$(call CC_ENTRY,$(f),$(HOST_CC) $(HOST_CFLAGS) -Itests/host/arch -Itests/host))

.PHONY: compile_commands.json
compile_commands.json:
	$(file >$@,[$(subst } {,}$(comma)$(newline) {,$(DB_ENTRIES))]$(newline))
	@echo "compile_commands.json: $(words $(sort $(DB_TARGET_SRCS)) $(wildcard tests/host/*.c)) files, for $(BOARD)"

# ------------------------------------------------------------------- new --
# make new APP_DIR=<folder>: a new application in <folder>, a copy of
# examples/hello (two threads, a queue and a mutex); then
# make APP_DIR=<folder> run.  An existing folder with files is left alone.
.PHONY: new
new:
	@if [ "$(APP_DIR_GIVEN)" = undefined ]; then \
		echo "new: say where: make new APP_DIR=<folder>"; exit 1; fi
	@if [ -n "$$(ls -A $(APP_DIR) 2>/dev/null)" ]; then \
		echo "new: $(APP_DIR) exists and is not empty; nothing written"; exit 1; fi
	@mkdir -p $(APP_DIR)
	@cp examples/hello/main.c $(APP_DIR)/main.c
	@echo "new: $(APP_DIR)/main.c written (from examples/hello); build and run it with"
	@echo "    make APP_DIR=$(APP_DIR) run"

-include $(shell find $(BUILD) $(HOST_BUILD) -name '*.d' 2>/dev/null)
