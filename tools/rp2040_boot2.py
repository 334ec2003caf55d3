# SPDX-License-Identifier: MIT
"""The RP2040's second-stage boot block: its checksum, and sealing one.

    rp2040_boot2.py seal CODE.bin OUT.S

The bootrom copies the first 256 bytes of flash to SRAM and runs them
only if their last four bytes hold the CRC32 of the first 252 (RP2040
Datasheet §2.8.1, the flash second stage's "Checksum"): polynomial
0x04C11DB7, initial value 0xFFFFFFFF, input and output not reflected,
no final XOR, stored little-endian.  (This is the CRC-32/MPEG-2 of the
CRC catalogues: its check value, the CRC of b"123456789", is 0x0376E6E7.)

`seal` pads the assembled block (at most 252 bytes) with zeros, appends
the CRC and writes an assembly file that places the 256 bytes in the
.boot2 section, which boards/rpi-pico/memory.ld puts at 0x10000000.
"""
import struct
import sys

BLOCK_BYTES = 256
CODE_BYTES = BLOCK_BYTES - 4
POLYNOMIAL = 0x04C11DB7


def crc32_mpeg2(data):
    """The bootrom's CRC32 of data (bytes): MSB first, no reflection."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ POLYNOMIAL if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def seal(code):
    """The 256-byte block for code (bytes, at most 252 of them)."""
    if len(code) > CODE_BYTES:
        raise ValueError(f"boot block code is {len(code)} bytes; at most {CODE_BYTES} fit")
    body = code + bytes(CODE_BYTES - len(code))
    return body + struct.pack("<I", crc32_mpeg2(body))


def block_crc_ok(block):
    """(ok, stored, computed) for a 256-byte block."""
    stored = struct.unpack_from("<I", block, CODE_BYTES)[0]
    computed = crc32_mpeg2(block[:CODE_BYTES])
    return stored == computed, stored, computed


def assembly(block, source):
    lines = [f"/* The sealed RP2040 boot block, written by tools/rp2040_boot2.py from {source}. */",
             "\t.section .boot2, \"ax\"",
             "\t.global boot2_block",
             "boot2_block:"]
    for i in range(0, len(block), 16):
        lines.append("\t.byte " + ", ".join(f"0x{b:02x}" for b in block[i:i + 16]))
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 4 or argv[1] != "seal":
        print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
        return 2
    with open(argv[2], "rb") as f:
        code = f.read()
    try:
        block = seal(code)
    except ValueError as e:
        print(f"rp2040_boot2.py: {argv[2]}: {e}", file=sys.stderr)
        return 1
    with open(argv[3], "w") as f:
        f.write(assembly(block, argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
