/*
 * Boot: the banner, then the kernel.  Everything printed comes from the
 * hardware (CPUID), the board (clocks, console) or the linker (memory map),
 * never from a table that could disagree with the image.
 */
#include <newlib.h>
#include <stdint.h>
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "kernel/version.h"

extern char __flash_origin[], __flash_length[], __ram_origin[], __ram_length[];
extern char __text_start[], __text_end[], __msp_stack_bottom[], __msp_stack_top[];
extern char __data_start[], __data_end[], __bss_start[], __bss_end[];
extern char __heap_start[], __heap_end[];

extern int main(void);

static unsigned long span(const char *start, const char *end)
{
	return (unsigned long)(end - start);
}

void kernel_print_banner(void)
{
	printf("\n%s %s on %s (%s)\n", KERNEL_NAME, KERNEL_VERSION, board_info.name,
	       board_info.description);
	printf("cpu:     %s (CPUID 0x%08lx), FPU %s\n", arch_cpu_name(),
	       (unsigned long)arch_cpuid(), arch_has_fpu() ? "enabled, lazy stacking" : "none");
	board_print_banner();
	printf("console: %s\n", board_info.console);
	printf("flash:   0x%08lx, %lu KiB; text+rodata %lu bytes\n",
	       (unsigned long)(uintptr_t)__flash_origin, (unsigned long)(uintptr_t)__flash_length / 1024,
	       span(__text_start, __text_end));
	printf("ram:     0x%08lx, %lu KiB; MSP stack %lu, data %lu, bss %lu, heap %lu bytes\n",
	       (unsigned long)(uintptr_t)__ram_origin, (unsigned long)(uintptr_t)__ram_length / 1024,
	       span(__msp_stack_bottom, __msp_stack_top), span(__data_start, __data_end),
	       span(__bss_start, __bss_end), span(__heap_start, __heap_end));
	printf("libc:    newlib %s%s\n", _NEWLIB_VERSION, CONFIG_NANO ? " (newlib-nano)" : "");
}

int kernel_start(void)
{
	kernel_print_banner();
	return main();
}
