#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Text, data and bss bytes of an image, per layer, from its GNU ld map.

    mapsize.py BUILD/BOARD/APP.map [--elf APP.elf] [--compare NANO.map]

Every input section the linker placed is charged to the layer of the
object it came from:

    kernel       obj/kernel/...            arch     obj/arch/...
    board        obj/boards/...            application  any other object of ours
    processes    procs/...: the process images, each linked with its own
                 copy of the user library and what it uses of newlib
    libc         newlib: libc.a, libc_nano.a, libg*.a, libm.a, libnosys.a
    libgcc       libgcc.a                  other    any other toolchain file

Alignment fill and linker stubs are a "padding" row.  An output section
that holds no input section at all is space the linker script reserves
(.msp_stack, .heap) and gets a row of its own.

text, data and bss follow arm-none-eabi-size (Berkeley format), which
sorts whole output sections by their ELF flags: read-only or code is
text, writable with contents is data, writable without contents is bss.
So .init_array (writable) counts as data, and the MSP stack and the heap
(NOLOAD) count as bss.  The flags come from the ELF's section headers,
the sizes from the map; the total line must equal size(1), which is
printed under the table and checked (exit status 1 if they disagree).

Map quirks handled: a name too long for its column puts the address and
size on the next line (input and output sections alike); "*fill*" lines;
COMMON; the "Discarded input sections" part, which is skipped.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys

LAYERS = ["kernel", "arch", "board", "application", "processes", "libc", "libgcc", "other",
          "padding"]
OUR_LAYERS = {"kernel": "kernel", "arch": "arch", "boards": "board"}
NEWLIB_ARCHIVE = re.compile(r"^lib(c|g|m|nosys|rdimon|rdpmon)(_nano)?\.a$")
NANO_ARCHIVE = re.compile(r"^lib(c|g)_nano\.a$")

# "name 0xADDR 0xSIZE [file]" for output (column 0) and input (column 1)
# sections; the name may stand alone with the rest on the next line.
OUTPUT_SECTION = re.compile(
    r"^(\S+)(?:\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+))?(?:\s+load address.*)?$")
INPUT_SECTION = re.compile(r"^ (\S+)(?:\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)(?:\s+(.*))?)?$")
CONTINUATION = re.compile(r"^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)(?:\s+(.*))?$")
ARCHIVE_MEMBER = re.compile(r"^(.*\.a)\((.*)\)$")


def layer_of(owner):
    """The layer an input section's owner (object, archive member) belongs to."""
    if owner is None:
        return "*fill*"
    if owner == "linker stubs":
        return "padding"
    member = ARCHIVE_MEMBER.match(owner)
    if member:
        archive = os.path.basename(member.group(1))
        if archive == "libgcc.a":
            return "libgcc"
        if NEWLIB_ARCHIVE.match(archive):
            return "libc"
        return "other"
    if re.search(r"(?:^|/)procs/.*\.o$", owner) and "/obj/" not in owner:
        return "processes"
    ours = re.search(r"(?:^|/)obj/([^/]+)/", owner)
    if ours:
        return OUR_LAYERS.get(ours.group(1), "application")
    if os.path.isabs(owner) and not os.path.abspath(owner).startswith(os.getcwd() + os.sep):
        return "other"
    return "application"


def parse_map(path):
    """Returns ({output section: [(layer, address, bytes)]},
    {output section: (address, bytes)}, names of the archives used)."""
    contents, sizes, archives = {}, {}, set()
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [line.rstrip("\r\n") for line in f]
    try:
        start = lines.index("Linker script and memory map") + 1
    except ValueError:
        sys.exit(f"mapsize: {path}: no 'Linker script and memory map' part; not a GNU ld map?")

    section = None          # current output section
    pending = None          # ("out" | "in", name) waiting for its continuation line
    for line in lines[start:]:
        if line.startswith("Cross Reference Table"):
            break
        if pending:
            kind, name = pending
            pending = None
            cont = CONTINUATION.match(line)
            if cont:
                if kind == "out":
                    section = name
                    sizes[name] = (int(cont.group(1), 16), int(cont.group(2), 16))
                    contents[name] = []
                else:
                    add_input(contents, section, cont.group(3), int(cont.group(1), 16),
                              int(cont.group(2), 16), archives)
                continue
            if kind == "out":   # an output section with no address: empty
                section = name
                sizes[name] = (0, 0)
                contents[name] = []
        if not line.strip():
            continue
        if not line[0].isspace():
            out = OUTPUT_SECTION.match(line)
            if not out or line.startswith(("LOAD ", "OUTPUT(", "START GROUP", "END GROUP")):
                section = None
                continue
            if out.group(2) is None:
                pending = ("out", out.group(1))
            else:
                section = out.group(1)
                sizes[section] = (int(out.group(2), 16), int(out.group(3), 16))
                contents[section] = []
            continue
        if section is None:
            continue
        inp = INPUT_SECTION.match(line)
        if not inp or inp.group(1).startswith("*("):
            continue    # symbol, assignment or input pattern line
        if inp.group(2) is None:
            pending = ("in", inp.group(1))
            continue
        owner = None if inp.group(1) == "*fill*" else inp.group(4)
        add_input(contents, section, owner, int(inp.group(2), 16), int(inp.group(3), 16),
                  archives)
    return contents, sizes, archives


def add_input(contents, section, owner, address, size, archives):
    if section is None:
        return
    owner = owner.strip() if owner else None
    member = ARCHIVE_MEMBER.match(owner or "")
    if member:
        archives.add(os.path.basename(member.group(1)))
    contents[section].append((layer_of(owner), address, size))


def elf_sections(path):
    """Allocated sections of an ELF32 file: [(name, size, 'text'|'data'|'bss')]."""
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF" or elf[4] != 1:
        sys.exit(f"mapsize: {path}: not an ELF32 file")
    endian = "<" if elf[5] == 1 else ">"
    shoff, = struct.unpack_from(endian + "I", elf, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", elf, 0x2e)
    headers = [struct.unpack_from(endian + "IIIIIIIIII", elf, shoff + i * shentsize)
               for i in range(shnum)]
    strtab = headers[shstrndx][4]

    def name(offset):
        end = elf.index(b"\0", strtab + offset)
        return elf[strtab + offset:end].decode()

    SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS = 1, 2, 4, 8
    result = []
    for sh_name, sh_type, sh_flags, _, _, sh_size, *_ in headers:
        if not sh_flags & SHF_ALLOC:
            continue
        # size(1), Berkeley: code or read-only is text; else contents = data; else bss.
        if sh_flags & SHF_EXECINSTR or not sh_flags & SHF_WRITE:
            kind = "text"
        elif sh_type != SHT_NOBITS:
            kind = "data"
        else:
            kind = "bss"
        result.append((name(sh_name), sh_size, kind))
    return result


def placed(entries, end):
    """(layer, bytes) of each input section as really laid out.

    ld prints a string section that merging emptied (SEC_MERGE, all its
    strings found elsewhere) with its original size at the address of
    whatever follows it.  Entries are printed in layout order, so no entry
    can extend past the start of the next one or the end of its section."""
    result = []
    for i, (layer, address, size) in enumerate(entries):
        limit = entries[i + 1][1] if i + 1 < len(entries) else end
        result.append((layer, max(0, min(size, limit - address))))
    return result


def measure(map_path, elf_path):
    """Returns (rows {row: {text, data, bss}}, totals, libc label)."""
    contents, sizes, archives = parse_map(map_path)
    rows = {layer: {"text": 0, "data": 0, "bss": 0} for layer in LAYERS}
    totals = {"text": 0, "data": 0, "bss": 0}
    for name, size, kind in elf_sections(elf_path):
        totals[kind] += size
        if name not in sizes:
            rows["other"][kind] += size
            continue
        address, map_size = sizes[name]
        if map_size != size:
            sys.exit(f"mapsize: {name} is {map_size} bytes in {map_path} but {size} in "
                     f"{elf_path}; is the map older than the ELF?")
        objects = [(layer, n) for layer, n in placed(contents[name], address + size)
                   if n and layer != "*fill*"]
        if not objects:
            if size:
                reserved = rows.setdefault(f"{name} (reserved)", {"text": 0, "data": 0, "bss": 0})
                reserved[kind] += size
            continue
        for layer, n in objects:
            rows[layer][kind] += n
        rows["padding"][kind] += size - sum(n for _, n in objects)
    nano = any(NANO_ARCHIVE.match(a) for a in archives)
    return rows, totals, "libc (newlib-nano)" if nano else "libc (newlib)"


def label(row, libc):
    return libc if row == "libc" else row


def size_line(elf_path):
    """arm-none-eabi-size's own output for the ELF, or None without the tool."""
    tool = shutil.which("arm-none-eabi-size")
    if not tool:
        return None
    out = subprocess.run([tool, elf_path], capture_output=True, text=True, check=True).stdout
    return out.rstrip("\n").split("\n")


def check_against_size(lines, totals):
    """Exits 1 if size(1)'s text/data/bss differ from ours."""
    fields = lines[1].split()
    theirs = {"text": int(fields[0]), "data": int(fields[1]), "bss": int(fields[2])}
    if theirs != totals:
        sys.exit(f"mapsize: totals {totals} disagree with arm-none-eabi-size {theirs}")


def report(map_path, elf_path):
    rows, totals, libc = measure(map_path, elf_path)
    print(f"{map_path}: bytes per layer")
    print(f"{'layer':<24}{'text':>9}{'data':>9}{'bss':>10}{'total':>10}")
    for row, v in rows.items():
        if row == "other" and not any(v.values()):
            continue
        print(f"{label(row, libc):<24}{v['text']:>9}{v['data']:>9}{v['bss']:>10}"
              f"{v['text'] + v['data'] + v['bss']:>10}")
    print(f"{'total':<24}{totals['text']:>9}{totals['data']:>9}{totals['bss']:>10}"
          f"{sum(totals.values()):>10}")
    print(f"flash image (text + data): {totals['text'] + totals['data']} bytes")
    lines = size_line(elf_path)
    if lines:
        print("\narm-none-eabi-size:")
        print("\n".join(lines))
        check_against_size(lines, totals)
    process_regions(map_path)


def process_regions(map_path):
    """Each process's MPU regions: the bytes its sections use, what the
    region's size and alignment (tools/proc_image.py) leave unused inside
    it, and the gap alignment left before it."""
    contents, sizes, _ = parse_map(map_path)
    regions = []
    for name, (address, size) in sizes.items():
        m = re.match(r"^\.proc\.(.+)\.(code|data)$", name)
        if not m:
            continue
        proc, kind = m.groups()
        used = sum(n for layer, n in placed(contents[name], address + size) if layer != "*fill*")
        if kind == "data":  # the region runs on through .bss to its end
            bss_address, bss_size = sizes.get(f".proc.{proc}.bss", (address + size, 0))
            used += sum(n for layer, n in placed(contents.get(f".proc.{proc}.bss", []),
                                                 bss_address + bss_size) if layer != "*fill*")
            size = bss_address + bss_size - address
        below = [a + n for other, (a, n) in sizes.items()
                 if other != name and n and a + n <= address and (a ^ address) >> 28 == 0]
        gap = address - max(below) if below else 0
        regions.append((proc, "code" if kind == "code" else "ram", address, size, used, gap))
    if not regions:
        return
    print("\nprocesses: one MPU region for each one's code, one for its RAM (data, bss, heap, stacks)")
    print(f"{'process':<14}{'region':<8}{'base':>12}{'size':>9}{'used':>9}{'unused':>9}"
          f"{'gap before':>12}")
    waste = total = 0
    for proc, kind, address, size, used, gap in sorted(regions, key=lambda r: (r[1], r[2])):
        print(f"{proc:<14}{kind:<8}{address:>#12x}{size:>9}{used:>9}{size - used:>9}{gap:>12}")
        waste += size - used + gap
        total += size + gap
    print(f"regions and gaps: {total} bytes, of which {waste} unused "
          f"({100 * waste // total if total else 0}%): the price of regions the MPU can describe")


def compare(newlib_map, nano_map):
    """Flash and static RAM per layer, newlib against newlib-nano."""
    a, _, _ = measure(newlib_map, elf_for(newlib_map, None))
    b, b_totals, _ = measure(nano_map, elf_for(nano_map, None))
    print(f"\nnewlib against newlib-nano (the same image built with NANO=1: {nano_map})")
    print(f"{'':<14}{'flash (text + data)':^27}  {'RAM (data + bss)':^27}".rstrip())
    print((f"{'layer':<14}" + f"{'newlib':>9}{'nano':>9}{'change':>9}  " * 2).rstrip())
    sums = [0, 0, 0, 0]
    for row in LAYERS:
        va, vb = a[row], b[row]
        figures = (va["text"] + va["data"], vb["text"] + vb["data"],
                   va["data"] + va["bss"], vb["data"] + vb["bss"])
        if not any(figures):
            continue
        sums = [x + y for x, y in zip(sums, figures)]
        print(compare_line(row, figures))
    print(compare_line("total", sums))
    print("RAM here leaves out the MSP stack and the heap, which the linker script sizes.")
    lines = size_line(elf_for(nano_map, None))
    if lines:
        print("\narm-none-eabi-size, NANO=1:")
        print("\n".join(lines))
        check_against_size(lines, b_totals)


def compare_line(row, figures):
    fa, fb, ra, rb = figures
    return f"{row:<14}{fa:>9}{fb:>9}{change(fa, fb):>9}  {ra:>9}{rb:>9}{change(ra, rb):>9}"


def change(before, after):
    return f"{after - before:+}" if after != before else "0"


def elf_for(map_path, elf_path):
    path = elf_path or os.path.splitext(map_path)[0] + ".elf"
    if not os.path.exists(path):
        sys.exit(f"mapsize: {path} not found (give the ELF with --elf)")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("map", help="GNU ld map file (-Wl,-Map)")
    parser.add_argument("--elf", help="the image the map belongs to (default: MAP with .elf)")
    parser.add_argument("--compare", metavar="NANO_MAP",
                        help="also compare against this map of a NANO=1 build")
    args = parser.parse_args()
    report(args.map, elf_for(args.map, args.elf))
    if args.compare:
        compare(args.map, args.compare)


if __name__ == "__main__":
    main()
