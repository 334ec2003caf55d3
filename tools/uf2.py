# SPDX-License-Identifier: MIT
"""Write and read UF2 files: images for boards whose bootloader shows up
as a USB drive (the Raspberry Pi Pico's BOOTSEL drive, RPI-RP2).

    uf2.py --family rp2040 IMAGE.elf OUT.uf2

A UF2 file is a run of 512-byte blocks, each carrying up to 476 bytes to
write at one target address (Microsoft's UF2 specification,
github.com/microsoft/uf2, "File containers"):

    offset  field
       0    magic 0x0A324655 ("UF2\\n")
       4    magic 0x9E5D5157
       8    flags (0x00002000: the family ID field is present)
      12    target address
      16    payload bytes in this block
      20    block number, from 0
      24    number of blocks in the file
      28    family ID (with flag 0x2000)
      32    payload, then zeros, to offset 508
     508    magic 0x0AB16F30

The RP2040's bootrom takes only blocks of family 0xE48BFF56 with a
256-byte payload at a 256-byte aligned address (RP2040 Datasheet §2.8.4,
"UF2 Format Details"), so the image's loadable bytes are cut into 256-byte
pages; bytes of a page the image does not load are written as zeros.
"""
import argparse
import struct
import sys

import elf32

MAGIC_START0 = 0x0A324655
MAGIC_START1 = 0x9E5D5157
MAGIC_END = 0x0AB16F30
FLAG_FAMILY_ID = 0x00002000
BLOCK_BYTES = 512
DATA_BYTES = 476
PAGE_BYTES = 256
FAMILIES = {"rp2040": 0xE48BFF56}


def pages(chunks):
    """{page address: 256 bytes} covering every (address, bytes) chunk."""
    result = {}
    for address, data in chunks:
        for i, byte in enumerate(data):
            page = (address + i) & ~(PAGE_BYTES - 1)
            result.setdefault(page, bytearray(PAGE_BYTES))[(address + i) - page] = byte
    return result


def blocks(chunks, family):
    """The UF2 file (bytes) for (address, bytes) chunks."""
    laid_out = sorted(pages(chunks).items())
    out = bytearray()
    for number, (address, payload) in enumerate(laid_out):
        header = struct.pack("<8I", MAGIC_START0, MAGIC_START1, FLAG_FAMILY_ID, address,
                             PAGE_BYTES, number, len(laid_out), family)
        out += header + bytes(payload) + bytes(DATA_BYTES - PAGE_BYTES) + struct.pack("<I", MAGIC_END)
    return bytes(out)


class Uf2Error(Exception):
    pass


def parse(data):
    """The blocks of a UF2 file as dicts (flags, address, payload, number,
    count, family), or Uf2Error naming the first block that breaks the
    format."""
    if not data or len(data) % BLOCK_BYTES:
        raise Uf2Error(f"{len(data)} bytes: not a whole number of {BLOCK_BYTES}-byte blocks")
    result = []
    for offset in range(0, len(data), BLOCK_BYTES):
        (m0, m1, flags, address, size, number, count, family) = struct.unpack_from("<8I", data, offset)
        (m_end,) = struct.unpack_from("<I", data, offset + BLOCK_BYTES - 4)
        where = f"block {offset // BLOCK_BYTES}"
        if (m0, m1, m_end) != (MAGIC_START0, MAGIC_START1, MAGIC_END):
            raise Uf2Error(f"{where}: bad magic numbers")
        if size > DATA_BYTES:
            raise Uf2Error(f"{where}: payload of {size} bytes, more than {DATA_BYTES}")
        result.append({"flags": flags, "address": address, "number": number, "count": count,
                       "family": family, "payload": data[offset + 32:offset + 32 + size]})
    return result


def main():
    parser = argparse.ArgumentParser(description="ELF image to UF2 file")
    parser.add_argument("--family", required=True, choices=sorted(FAMILIES))
    parser.add_argument("elf")
    parser.add_argument("out")
    args = parser.parse_args()
    try:
        image = elf32.Elf(args.elf)
    except (OSError, elf32.ElfError) as e:
        print(f"uf2.py: {args.elf}: {e}", file=sys.stderr)
        return 1
    with open(args.out, "wb") as f:
        f.write(blocks(image.load_chunks(), FAMILIES[args.family]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
