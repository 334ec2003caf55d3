# SPDX-License-Identifier: MIT
"""Static checks of board images against the part they are for, for the
boards QEMU cannot run (or runs only as a smoke test).

    image_check.py --part PART [--label BOARD] [--root DIR] IMAGE.elf|IMAGE.uf2 ...

For each ELF image, from its loadable bytes and symbols:
  - the vector table is at the part's boot address (where the core, or
    the RP2040's boot block, fetches the initial SP and reset vector);
  - it has an entry for every interrupt the part has, and the boot
    address is aligned as VTOR needs (to the table's size, rounded up to
    a power of two);
  - the initial stack pointer is inside the part's RAM, 8-byte aligned;
  - the reset vector is isr_reset, a Thumb address inside flash, and so
    is every other handler in the table;
  - everything loaded lies in the part's flash, and every allocated
    section in flash or RAM; memory.ld's regions lie inside the part's;
  - on the RP2040, the 256-byte boot block at the start of flash carries
    the bootrom's CRC32 (tools/rp2040_boot2.py).
For each UF2 file (and the ELF of the same name next to it): 512-byte
blocks with the three magic numbers, the part's family ID, 256-byte
payloads at 256-byte aligned addresses inside flash, numbered in order,
and carrying exactly the bytes the ELF loads (tools/uf2.py).

The part facts (PARTS) come from the parts' datasheets and reference
manuals, named beside each, independently of the boards' memory.ld.
Prints one PASS or FAIL line per image and KTEST DONE (tools/run_tests.py
reads them, tests/lib/ktest.h); exits 1 if any image fails.
"""
import argparse
import os
import struct
import sys

import elf32
import rp2040_boot2
import uf2

KIB = 1024


class Part:
    def __init__(self, name, flash, ram, boot, irqs, source, boot2=None, uf2_family=None):
        self.name = name
        self.flash = flash        # (base, bytes)
        self.ram = ram            # (base, bytes)
        self.boot = boot          # where the vector table must be
        self.irqs = irqs          # external interrupts the part has
        self.source = source
        self.boot2 = boot2        # address of an RP2040 boot block
        self.uf2_family = uf2_family


PARTS = {
    "stm32f401re": Part("STM32F401RE", (0x08000000, 512 * KIB), (0x20000000, 96 * KIB),
                        boot=0x08000000, irqs=85,
                        source="DS10086 §3.4-3.5; RM0368 §2.3 (memory map), §10 (85 vectors)"),
    "stm32f407vg": Part("STM32F407VG", (0x08000000, 1024 * KIB), (0x20000000, 128 * KIB),
                        boot=0x08000000, irqs=82,
                        source="DS8626 §3.4-3.5; RM0090 §2.3 (SRAM1+SRAM2), §12 (82 vectors)"),
    "nrf52833": Part("nRF52833", (0x00000000, 512 * KIB), (0x20000000, 128 * KIB),
                     boot=0x00000000, irqs=48,
                     source="nRF52833 Product Specification §4.2 (memory), §4.5 (IDs 0-47)"),
    "rp2040": Part("RP2040 with the Pico's 2 MiB flash", (0x10000000, 2048 * KIB),
                   (0x20000000, 264 * KIB), boot=0x10000100, irqs=26,
                   source="RP2040 Datasheet §2.2, §2.6, §2.8 (boot block at 0x10000000, 26 IRQs); "
                          "Pico Datasheet §2.1 (W25Q16JV, 2 MB)",
                   boot2=0x10000000, uf2_family=uf2.FAMILIES["rp2040"]),
}

EXCEPTIONS = 16   # the Cortex-M system exceptions before IRQ 0


def inside(region, address, length=0):
    base, size = region
    return base <= address and address + length <= base + size


def pow2_at_least(n):
    p = 1
    while p < n:
        p *= 2
    return p


def check_vectors(image, part, problems, facts):
    symbol = image.symbols.get("vector_table")
    if symbol is None:
        problems.append("no vector_table symbol")
        return
    address, size = symbol
    entries = size // 4
    if address != part.boot:
        problems.append(f"vector table at 0x{address:08x}, the part boots from 0x{part.boot:08x}")
    if entries < EXCEPTIONS + part.irqs:
        problems.append(f"vector table has {entries} entries; the part needs "
                        f"{EXCEPTIONS + part.irqs} ({part.irqs} interrupts)")
    alignment = max(128, pow2_at_least(size))
    if address % alignment:
        problems.append(f"vector table at 0x{address:08x} is not {alignment}-byte aligned (VTOR)")
    table = image.read(part.boot, max(8, size))
    if table is None:
        problems.append(f"the image loads no vector table at 0x{part.boot:08x}")
        return
    words = struct.unpack_from(f"<{len(table) // 4}I", table)
    sp, reset = words[0], words[1]
    ram_base, ram_bytes = part.ram
    if not (ram_base < sp <= ram_base + ram_bytes) or sp % 8:
        problems.append(f"initial SP 0x{sp:08x} is not an 8-byte aligned stack top in RAM "
                        f"0x{ram_base:08x}..0x{ram_base + ram_bytes:08x}")
    isr_reset = image.symbols.get("isr_reset", (None, 0))[0]
    if not reset & 1 or not inside(part.flash, reset & ~1, 2):
        problems.append(f"reset vector 0x{reset:08x} is not a Thumb address in flash")
    elif isr_reset is not None and reset & ~1 != isr_reset & ~1:
        problems.append(f"reset vector 0x{reset:08x} is not isr_reset (0x{isr_reset:08x})")
    for index, handler in enumerate(words[2:], start=2):
        if handler and (not handler & 1 or not inside(part.flash, handler & ~1, 2)):
            problems.append(f"vector {index} = 0x{handler:08x} is not a Thumb address in flash")
            break
    facts.append(f"vectors at 0x{address:08x} ({entries} entries), SP 0x{sp:08x}, "
                 f"reset 0x{reset:08x}")


def check_memory(image, part, problems, facts):
    flash_used = 0
    for address, data in image.load_chunks():
        if not inside(part.flash, address, len(data)):
            problems.append(f"{len(data)} bytes loaded at 0x{address:08x}, outside the "
                            f"{part.flash[1] // KIB} KiB of flash at 0x{part.flash[0]:08x}")
        flash_used += len(data)
    ram_end = part.ram[0]
    for s in image.sections:
        if not s.flags & elf32.SHF_ALLOC or not s.size:
            continue
        if inside(part.ram, s.addr, s.size):
            if s.name != ".heap":
                ram_end = max(ram_end, s.addr + s.size)
        elif not inside(part.flash, s.addr, s.size):
            problems.append(f"section {s.name} (0x{s.addr:08x}, {s.size} bytes) is in "
                            f"neither flash nor RAM")
    for region, name in ((part.flash, "flash"), (part.ram, "ram")):
        origin = image.symbols.get(f"__{name}_origin", (None, 0))[0]
        length = image.symbols.get(f"__{name}_length", (None, 0))[0]
        if origin is None or length is None:
            problems.append(f"no __{name}_origin/__{name}_length symbols (linker/cortex-m.ld)")
        elif not inside(region, origin, length):
            problems.append(f"memory.ld's {name.upper()} 0x{origin:08x}+{length} lies outside "
                            f"the part's")
    facts.append(f"flash {flash_used / KIB:.1f} of {part.flash[1] // KIB} KiB, "
                 f"RAM before the heap {(ram_end - part.ram[0]) / KIB:.1f} of "
                 f"{part.ram[1] // KIB} KiB")


def check_boot2(image, part, problems, facts):
    block = image.read(part.boot2, rp2040_boot2.BLOCK_BYTES)
    if block is None:
        problems.append(f"no 256-byte boot block loaded at 0x{part.boot2:08x}")
        return
    ok, stored, computed = rp2040_boot2.block_crc_ok(block)
    if not ok:
        problems.append(f"boot block CRC32 is 0x{stored:08x}, its first 252 bytes give "
                        f"0x{computed:08x}")
    else:
        facts.append(f"boot block CRC32 0x{stored:08x}")


def check_elf(path, part):
    """(problems, facts) for an ELF image."""
    problems, facts = [], []
    try:
        image = elf32.Elf(path)
    except (OSError, elf32.ElfError) as e:
        return [str(e)], facts
    check_vectors(image, part, problems, facts)
    check_memory(image, part, problems, facts)
    if part.boot2 is not None:
        check_boot2(image, part, problems, facts)
    return problems, facts


def check_uf2(path, part):
    """(problems, facts) for a UF2 file, against the ELF beside it."""
    problems, facts = [], []
    if part.uf2_family is None:
        return [f"{part.name} takes no UF2 files"], facts
    try:
        with open(path, "rb") as f:
            blocks = uf2.parse(f.read())
        image = elf32.Elf(os.path.splitext(path)[0] + ".elf")
    except (OSError, uf2.Uf2Error, elf32.ElfError) as e:
        return [str(e)], facts
    written = {}
    for i, b in enumerate(blocks):
        where = f"block {i} (0x{b['address']:08x})"
        if not b["flags"] & uf2.FLAG_FAMILY_ID or b["family"] != part.uf2_family:
            problems.append(f"{where}: family 0x{b['family']:08x}, flags 0x{b['flags']:08x}; "
                            f"the part takes family 0x{part.uf2_family:08x}")
        if len(b["payload"]) != uf2.PAGE_BYTES or b["address"] % uf2.PAGE_BYTES:
            problems.append(f"{where}: {len(b['payload'])} bytes; the part takes "
                            f"{uf2.PAGE_BYTES} at {uf2.PAGE_BYTES}-byte aligned addresses")
        if not inside(part.flash, b["address"], len(b["payload"])):
            problems.append(f"{where}: outside flash")
        if b["number"] != i or b["count"] != len(blocks):
            problems.append(f"{where}: numbered {b['number']} of {b['count']}, "
                            f"is {i} of {len(blocks)}")
        if problems:
            break
        for j, byte in enumerate(b["payload"]):
            written[b["address"] + j] = byte
    if not problems:
        for address, data in image.load_chunks():
            bad = next((address + j for j, byte in enumerate(data)
                        if written.get(address + j) != byte), None)
            if bad is not None:
                problems.append(f"byte at 0x{bad:08x} differs from the ELF's")
                break
    if not problems and part.boot2 is not None:
        block = bytes(written.get(part.boot2 + j, 0) for j in range(rp2040_boot2.BLOCK_BYTES))
        if not rp2040_boot2.block_crc_ok(block)[0]:
            problems.append("the boot block in the UF2 file fails its CRC")
    facts.append(f"{len(blocks)} blocks of family 0x{part.uf2_family:08x}, the ELF's bytes")
    return problems, facts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", required=True, choices=sorted(PARTS))
    parser.add_argument("--label", default="", help="prefix of each result (the board)")
    parser.add_argument("--root", default=None, help="images are named relative to this")
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    part = PARTS[args.part]
    failed = 0
    for path in args.images:
        check = check_uf2 if path.endswith(".uf2") else check_elf
        problems, facts = check(path, part)
        name = os.path.relpath(path, args.root) if args.root else path
        label = f"{args.label}/{name}" if args.label else name
        if problems:
            failed += 1
            print(f"FAIL {label}: " + "; ".join(problems))
        else:
            print(f"PASS {label}: {part.name}: " + "; ".join(facts))
    print(f"KTEST DONE passed={len(args.images) - failed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
