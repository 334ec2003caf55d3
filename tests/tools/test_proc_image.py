#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The process image builder (tools/proc_image.py).

    test_proc_image.py --cc "arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb" [--cross arm-none-eabi-]

Builds small processes from C written here: one that uses only the user
library links, keeps its descriptor global and everything else local, and
has only .proc.<name>.* sections; one that calls printf, one that calls a
kernel function, are refused with the names of what they need.  Then the
layout: regions are powers of two aligned to their size (pow2, PMSAv7) or
32-byte multiples (PMSAv8), largest first, and an image without processes
gets empty fragments.  Speaks ktest's protocol for tools/run_tests.py.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "proc_image.py")


GOOD = r'''
#include "kestrel/user.h"
static int counter = 3;
static int good_main(void) { u_printf("%d\n", counter); return counter; }
PROCESS(good, 2, 512, 256, .main = good_main, .priority = 5, .ceiling = 6);
'''
STDIO = r'''
#include <stdio.h>
#include "kestrel/user.h"
static int bad_main(void) { printf("hello\n"); return 0; }
PROCESS(stdio, 1, 512, 256, .main = bad_main, .priority = 5, .ceiling = 6);
'''
KERNEL = r'''
#include "kestrel/user.h"
void kprintf(const char *fmt, ...);
static int bad_main(void) { kprintf("hello\n"); return 0; }
PROCESS(kernel, 1, 512, 256, .main = bad_main, .priority = 5, .ceiling = 6);
'''
# .data that ends off any large alignment, then .bss whose stacks the
# PROCESS() macro aligns (to 128 bytes with an FPU): the linker leaves a
# gap between the two that the region's size must count.
GAPPY = r'''
#include "kestrel/user.h"
static char table[1501] = { 1 };
static char scratch[1703];
static int gappy_main(void) { scratch[3] = table[5]; u_printf("%d\n", scratch[3]); return 0; }
PROCESS(gappy, 1, 512, 64, .main = gappy_main, .priority = 5, .ceiling = 6);
'''
# A memory map and a script with nothing but the processes' regions.
LINK_SCRIPT = """
MEMORY { FLASH (rx) : ORIGIN = 0x10000000, LENGTH = 256K
         RAM (rwx) : ORIGIN = 0x38000000, LENGTH = 256K }
SECTIONS { . = ORIGIN(FLASH); INCLUDE procs_flash.ld
           . = ORIGIN(RAM) + 4; INCLUDE procs_ram.ld }
"""
LIBRARY = ["user/ulib.c", "user/uformat.c", "user/uheap.c", "kernel/errors.c"]


def compile_c(cc, tmp, name, source):
    path = os.path.join(tmp, name + ".c")
    with open(path, "w") as f:
        f.write(source)
    obj = path + ".o"
    subprocess.run(shlex.split(cc) + ["-std=c11", "-O2", "-ffunction-sections", "-fdata-sections",
                                      "-fno-common", "-Iuser/include", "-Ikernel/include",
                                      "-c", path, "-o", obj], check=True, cwd=ROOT)
    return obj


def build(cc, cross, tmp, name, source, library):
    obj = compile_c(cc, tmp, name, source)
    out = os.path.join(tmp, name + ".o")
    r = subprocess.run(["/usr/bin/python3", TOOL, "link", "--name", name, "--out", out,
                        "--cc", cc, "--cross", cross, obj] + library,
                       capture_output=True, text=True, cwd=ROOT)
    return r, out


def main():
    argv = sys.argv[1:]
    if "--cc" not in argv:
        print(__doc__)
        sys.exit(2)
    cc = argv[argv.index("--cc") + 1]
    cross = argv[argv.index("--cross") + 1] if "--cross" in argv else "arm-none-eabi-"

    with tempfile.TemporaryDirectory() as tmp:
        library = []
        for i, src in enumerate(LIBRARY):
            obj = os.path.join(tmp, f"lib{i}.o")
            subprocess.run(shlex.split(cc) + ["-std=c11", "-O2", "-ffunction-sections",
                                              "-fdata-sections", "-fno-common", "-Iuser/include",
                                              "-Ikernel/include", "-c", src, "-o", obj],
                           check=True, cwd=ROOT)
            library.append(obj)

        r, good = build(cc, cross, tmp, "good", GOOD, library)
        case("link_user_library_only", r.returncode == 0, r.stderr)
        if r.returncode == 0:
            sections = subprocess.run([cross + "objdump", "-h", "-w", good], capture_output=True,
                                      text=True, check=True).stdout
            names = [line.split()[1] for line in sections.splitlines()
                     if line.split() and line.split()[0].isdigit() and "ALLOC" in line]
            case("sections_renamed", names and all(n.startswith(".proc.good.") for n in names),
                 f"sections: {names}")
            case("descriptor_section", ".proc.good.process_image" in names, f"sections: {names}")
            symbols = subprocess.run([cross + "nm", good], capture_output=True, text=True,
                                     check=True).stdout
            globals_ = [l.split()[-1] for l in symbols.splitlines()
                        if re.match(r"^[0-9a-f]+ [A-Z] ", l)]
            case("only_the_descriptor_global", globals_ == ["__process_image_good"],
                 f"global symbols: {globals_}")
            names_nm = {l.split()[-1] for l in symbols.splitlines() if l.strip()}
            case("unused_library_dropped", "u_spawn" not in names_nm and "uvformat" in names_nm,
                 "u_spawn kept, or the formatter dropped")

        r, _ = build(cc, cross, tmp, "stdio", STDIO, library)
        case("stdio_refused", r.returncode != 0 and "cannot reach" in r.stderr
             and ("printf" in r.stderr or "puts" in r.stderr), r.stderr[-300:])
        r, _ = build(cc, cross, tmp, "kernel", KERNEL, library)
        case("kernel_call_refused", r.returncode != 0 and "kprintf" in r.stderr, r.stderr[-300:])

        for granule in ("pow2", "32"):
            out = os.path.join(tmp, "layout-" + granule)
            r = subprocess.run(["/usr/bin/python3", TOOL, "layout", "--out", out, "--granule",
                                granule, "--cross", cross, f"good={good}", f"again={good}"],
                               capture_output=True, text=True, cwd=ROOT)
            flash = open(os.path.join(out, "procs_flash.ld")).read() if r.returncode == 0 else ""
            ram = open(os.path.join(out, "procs_ram.ld")).read() if r.returncode == 0 else ""
            sizes = [int(x) for x in re.findall(r"_start \+ (\d+);", flash + ram)]
            aligns = [int(x) for x in re.findall(r"ALIGN\((\d+)\) :", flash + ram)]
            if granule == "pow2":
                ok = sizes and all(s & (s - 1) == 0 and s >= 32 for s in sizes) and aligns == sizes
            else:
                ok = sizes and all(s % 32 == 0 for s in sizes) and all(a == 32 for a in aligns)
            case(f"layout_{granule}_regions", r.returncode == 0 and ok,
                 f"{r.stderr} sizes {sizes} aligns {aligns}")
            # "good" is bigger than nothing, and the two processes share the
            # same object here: both are placed, each with its own symbols.
            case(f"layout_{granule}_symbols", "__proc_good_code_start" in flash
                 and "__proc_again_ram_end" in ram and "LOADADDR(.proc.again.data)" in ram,
                 flash[:200])

        # Each region's size covers what the linker lays out in it, the
        # gaps it leaves to align output sections included: the regions
        # link, on either granule.
        r, gappy = build(cc, cross, tmp, "gappy", GAPPY, library)
        for granule in ("pow2", "32"):
            out = os.path.join(tmp, "gappy-" + granule)
            lay = subprocess.run(["/usr/bin/python3", TOOL, "layout", "--out", out, "--granule",
                                  granule, "--cross", cross, f"gappy={gappy}"],
                                 capture_output=True, text=True, cwd=ROOT)
            with open(os.path.join(out, "link.ld"), "w") as f:
                f.write(LINK_SCRIPT)
            ld = subprocess.run([cross + "ld", "-T", "link.ld", "-e", "0", "-o", "gappy.elf",
                                 gappy], capture_output=True, text=True, cwd=out) \
                if r.returncode == 0 and lay.returncode == 0 else None
            case(f"layout_{granule}_counts_alignment_gaps", ld is not None and ld.returncode == 0,
                 (r.stderr + lay.stderr + (ld.stderr if ld else ""))[-400:])

        out = os.path.join(tmp, "empty")
        r = subprocess.run(["/usr/bin/python3", TOOL, "layout", "--out", out, "--granule", "pow2",
                            "--cross", cross], capture_output=True, text=True, cwd=ROOT)
        body = "".join(open(os.path.join(out, f)).read()
                       for f in ("procs_flash.ld", "procs_ram.ld")) if r.returncode == 0 else "x"
        case("layout_without_processes", "SECTIONS" not in body and ".proc." not in body, body)

    finish()


if __name__ == "__main__":
    main()
