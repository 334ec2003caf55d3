/* SPDX-License-Identifier: MIT */
/* Decoding of the CPUID register, the same on every Cortex-M profile. */
#include <stdio.h>

#include "arch.h"
#include "cortex_m.h"

struct cortex_m_part {
	uint16_t partno;
	const char *name;
};

static const struct cortex_m_part parts[] = {
	{ 0xc20, "Cortex-M0" },  { 0xc60, "Cortex-M0+" }, { 0xc21, "Cortex-M1" },
	{ 0xc23, "Cortex-M3" },  { 0xc24, "Cortex-M4" },  { 0xc27, "Cortex-M7" },
	{ 0xd20, "Cortex-M23" }, { 0xd21, "Cortex-M33" }, { 0xd22, "Cortex-M55" },
	{ 0xd23, "Cortex-M85" },
};

uint32_t arch_cpuid(void)
{
	return SCB_CPUID;
}

const char *arch_cpu_name(void)
{
	static char name[32];
	uint32_t cpuid = SCB_CPUID;
	unsigned partno = (cpuid >> 4) & 0xfff;
	const char *part = "unknown Cortex-M";

	for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].partno == partno)
			part = parts[i].name;
	snprintf(name, sizeof(name), "%s r%up%u", part, (unsigned)(cpuid >> 20) & 0xf,
		 (unsigned)cpuid & 0xf);
	return name;
}
