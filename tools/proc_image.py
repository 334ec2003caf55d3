#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Builds process images: the relocatable object of one process, and the
linker script fragment that places an image's processes.

  proc_image.py link --name N --out OUT.o --cc "CC FLAGS" --cross PREFIX OBJ...
      Links a process's objects with the user library, newlib and libgcc
      into one relocatable object (what it calls from the libraries is
      copied in: the process runs only its own code; what its image
      descriptor does not reach is dropped), refuses it if it
      still needs anything from outside (the kernel, or library code that
      touches the kernel's memory), renames its sections to .proc.N.* and
      makes every symbol local except its image descriptor.

  proc_image.py layout --out DIR --granule pow2|32 --cross PREFIX [N=OBJ ...]
      Writes DIR/procs_flash.ld and DIR/procs_ram.ld, included by
      linker/cortex-m.ld: each process's code (text, read-only data) in
      flash and its RAM (data, bss) as one block each, sized and aligned as
      the MPU needs (pow2: PMSAv7, a power of two aligned to itself; 32:
      PMSAv8, 32-byte granules).  Blocks are placed largest first, so
      alignment leaves no gaps between them.  Without processes the files
      are empty.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit(r.returncode)
    return r.stdout


def link(args):
    tmp = args.out + ".r"
    # Only what the image descriptor reaches is kept (its main, the
    # library's entry points and what they call), so the region is sized
    # for the code the process really has.
    run(shlex.split(args.cc) + ["-nostdlib", "-nostartfiles", "-r", "-o", tmp,
                                "-Wl,--gc-sections", "-Wl,--undefined=__process_image_" + args.name]
        + args.objs + ["-Wl,--start-group", "-lc", "-lgcc", "-Wl,--end-group"])
    nm = run([args.cross + "nm", "-u", tmp])
    # Its own regions, as the layout places them, and the board's memory
    # map (addresses only: a process can name them, not touch them).
    allowed = re.compile(r"^(__proc_%s_(code_start|code_end|ram_start|data_end|ram_end|data_load)"
                         r"|__(ram|flash)_(origin|length))$" % re.escape(args.name))
    undefined = {line.split()[-1] for line in nm.splitlines() if line.strip()}
    missing = sorted(name for name in undefined if not allowed.match(name))
    if missing:
        sys.stderr.write(
            "process '%s' uses what a process cannot reach: %s\n"
            "  a process calls the kernel only through the user library (kestrel/user.h);\n"
            "  newlib's stdio, malloc and errno live in the kernel's memory: use u_printf, "
            "u_malloc\n" % (args.name, ", ".join(missing)))
        os.unlink(tmp)
        sys.exit(1)
    run([args.cross + "objcopy", "--prefix-alloc-sections=.proc." + args.name,
         "--wildcard", "--keep-global-symbol=__process_image_*", tmp, args.out])
    os.unlink(tmp)


def section_sizes(cross, obj, name):
    """Bytes of code and of RAM the process needs: each input section
    rounded up to its alignment, plus the gap the linker may leave before
    each output section (.code, .data, .bss), which it aligns to the
    largest alignment of its inputs (an upper bound of what the linker
    lays out; --gc-sections can only make it smaller)."""
    out = run([cross + "objdump", "-h", "-w", obj])
    sizes = {"code": 0, "data": 0, "bss": 0}
    aligns = {"code": 1, "data": 1, "bss": 1}
    prefix = ".proc." + name + "."
    for line in out.splitlines():
        f = line.split()
        if len(f) < 7 or not f[0].isdigit() or not f[1].startswith(prefix):
            continue
        kind = f[1][len(prefix):]
        size = int(f[2], 16)
        align = 2 ** int(f[6].split("**")[1])
        size = (size + align - 1) // align * align + align - 1
        for out_section, inputs in (("code", ("text", "rodata")), ("data", ("data",)),
                                    ("bss", ("bss",))):
            if kind.startswith(inputs):
                sizes[out_section] += size
                aligns[out_section] = max(aligns[out_section], align)
    gaps = {k: aligns[k] - 1 if sizes[k] else 0 for k in sizes}
    code = sizes["code"] + gaps["code"]
    ram = sizes["data"] + gaps["data"] + sizes["bss"] + gaps["bss"]
    return code, ram


def round_size(size, granule):
    if granule == "pow2":
        n = 32
        while n < size:
            n *= 2
        return n
    g = int(granule)
    return max(g, (size + g - 1) // g * g)


def layout(args):
    procs = []
    for spec in args.procs:
        name, obj = spec.split("=", 1)
        code, ram = section_sizes(args.cross, obj, name)
        procs.append((name, round_size(code, args.granule), round_size(ram, args.granule),
                      code, ram))
    align = (lambda size: size) if args.granule == "pow2" else (lambda size: int(args.granule))
    flash = ["/* Generated by tools/proc_image.py: process code, largest first. */"]
    for name, code, _, need, _ in sorted(procs, key=lambda p: -p[1]):
        flash.append(f"""
.proc.{name}.code ALIGN({align(code)}) :
{{
	__proc_{name}_code_start = .;
	*(.proc.{name}.text .proc.{name}.text.*)
	*(.proc.{name}.rodata .proc.{name}.rodata.*)
	. = __proc_{name}_code_start + {code}; /* the whole region: {need} bytes needed at most */
	__proc_{name}_code_end = .;
}} > FLASH""")
    ram = ["/* Generated by tools/proc_image.py: process data, largest first. */"]
    for name, _, size, _, need in sorted(procs, key=lambda p: -p[2]):
        ram.append(f"""
.proc.{name}.data ALIGN({align(size)}) :
{{
	__proc_{name}_ram_start = .;
	*(.proc.{name}.data .proc.{name}.data.*)
	. = ALIGN(4);
	__proc_{name}_data_end = .;
}} > RAM AT> FLASH
__proc_{name}_data_load = LOADADDR(.proc.{name}.data);
.proc.{name}.bss (NOLOAD) :
{{
	*(.proc.{name}.bss .proc.{name}.bss.*)
	. = __proc_{name}_ram_start + {size}; /* the whole region: {need} bytes needed at most */
	__proc_{name}_ram_end = .;
}} > RAM""")
    os.makedirs(args.out, exist_ok=True)
    for fname, lines in (("procs_flash.ld", flash), ("procs_ram.ld", ram)):
        text = "\n".join(lines) + "\n"
        path = os.path.join(args.out, fname)
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    l = sub.add_parser("link")
    l.add_argument("--name", required=True)
    l.add_argument("--out", required=True)
    l.add_argument("--cc", required=True)
    l.add_argument("--cross", required=True)
    l.add_argument("objs", nargs="+")
    y = sub.add_parser("layout")
    y.add_argument("--out", required=True)
    y.add_argument("--granule", required=True)
    y.add_argument("--cross", required=True)
    y.add_argument("procs", nargs="*")
    args = ap.parse_args()
    if args.cmd == "link":
        link(args)
    else:
        layout(args)


if __name__ == "__main__":
    main()
