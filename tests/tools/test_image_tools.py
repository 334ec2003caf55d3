# SPDX-License-Identifier: MIT
"""Tests of the image tools: the RP2040 boot block's CRC and sealing
(tools/rp2040_boot2.py), the UF2 writer and reader (tools/uf2.py) and the
static image checker (tools/image_check.py).

    test_image_tools.py --elf BUILD/rpi-pico/demo.elf --part rp2040 --family rp2040

The CRC is checked against the CRC-32/MPEG-2 catalogue's check value; the
UF2 writer on chunks laid out by hand, block by block; the checker passes
the given image and its UF2 file, then must fail copies broken in one way
each (a boot block byte, the stack top, the reset vector), or checked
against parts changed in one way each (more interrupts, another boot
address, less flash), and UF2 files broken in one way each (family,
payload, magic, length), naming what broke.
"""
import argparse
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elf32  # noqa: E402
import image_check  # noqa: E402
import rp2040_boot2  # noqa: E402
import uf2  # noqa: E402
from toolcase import case, finish  # noqa: E402


def test_crc():
    case("crc_check_value_123456789",
         rp2040_boot2.crc32_mpeg2(b"123456789") == 0x0376E6E7,
         hex(rp2040_boot2.crc32_mpeg2(b"123456789")))
    case("crc_of_nothing_is_the_initial_value", rp2040_boot2.crc32_mpeg2(b"") == 0xFFFFFFFF)
    block = rp2040_boot2.seal(b"\x01\x02\x03")
    ok, stored, computed = rp2040_boot2.block_crc_ok(block)
    case("seal_pads_to_252_and_appends_the_crc_little_endian",
         len(block) == 256 and block[:4] == b"\x01\x02\x03\x00" and ok
         and block[252:] == struct.pack("<I", rp2040_boot2.crc32_mpeg2(block[:252])),
         f"{len(block)} bytes, stored 0x{stored:08x}, computed 0x{computed:08x}")
    broken = bytearray(block)
    broken[100] ^= 0x40
    case("seal_one_flipped_bit_fails_the_crc", not rp2040_boot2.block_crc_ok(bytes(broken))[0])
    try:
        rp2040_boot2.seal(bytes(253))
        case("seal_refuses_253_bytes", False, "sealed it")
    except ValueError:
        case("seal_refuses_253_bytes", True)


def test_uf2_writer():
    chunks = [(0x10000000, bytes(range(256)) + b"\xaa" * 44), (0x10000410, b"\x55" * 8)]
    data = uf2.blocks(chunks, 0xE48BFF56)
    case("uf2_one_512_byte_block_per_256_byte_page",
         len(data) == 3 * 512, f"{len(data)} bytes")
    blocks = uf2.parse(data)
    expected = [(0x10000000, bytes(range(256))),
                (0x10000100, b"\xaa" * 44 + bytes(212)),
                (0x10000400, bytes(16) + b"\x55" * 8 + bytes(232))]
    case("uf2_addresses_and_payloads_gaps_as_zeros",
         [(b["address"], b["payload"]) for b in blocks] == expected)
    case("uf2_numbering_family_flag_and_id",
         [(b["number"], b["count"], b["flags"], b["family"]) for b in blocks]
         == [(i, 3, 0x2000, 0xE48BFF56) for i in range(3)])
    first = struct.unpack_from("<8I", data, 0) + struct.unpack_from("<I", data, 508)
    case("uf2_magic_numbers_at_0_4_and_508",
         (first[0], first[1], first[8]) == (0x0A324655, 0x9E5D5157, 0x0AB16F30))


def expect_failure(name, part, path, words):
    check = image_check.check_uf2 if path.endswith(".uf2") else image_check.check_elf
    problems, _ = check(path, part)
    text = "; ".join(problems)
    case(name, problems and all(w in text for w in words), text or "the checker passed it")


def patched(src, dst, offset, data):
    shutil.copyfile(src, dst)
    with open(dst, "r+b") as f:
        f.seek(offset)
        f.write(data)
    return dst


def test_checker(elf_path, part_name, family):
    part = image_check.PARTS[part_name]
    image = elf32.Elf(elf_path)
    problems, facts = image_check.check_elf(elf_path, part)
    case("check_the_image_passes", not problems, "; ".join(problems))
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "image")
        shutil.copyfile(elf_path, base + ".elf")
        with open(base + ".uf2", "wb") as f:
            f.write(uf2.blocks(image.load_chunks(), uf2.FAMILIES[family]))
        problems, _ = image_check.check_uf2(base + ".uf2", part)
        case("check_its_uf2_file_passes", not problems, "; ".join(problems))

        vectors = image.file_offset(part.boot)
        if part.boot2 is not None:
            at = image.file_offset(part.boot2 + 17)
            byte = image.data[at] ^ 0x01
            expect_failure("check_changed_boot_block_byte_fails_the_crc", part,
                           patched(elf_path, os.path.join(tmp, "crc.elf"), at, bytes([byte])),
                           ["boot block CRC32"])
        expect_failure("check_stack_top_outside_ram_fails", part,
                       patched(elf_path, os.path.join(tmp, "sp.elf"), vectors,
                               struct.pack("<I", part.ram[0] + part.ram[1] + 0x1000)),
                       ["initial SP"])
        reset = struct.unpack_from("<I", image.data, vectors + 4)[0]
        expect_failure("check_reset_vector_without_thumb_bit_fails", part,
                       patched(elf_path, os.path.join(tmp, "reset.elf"), vectors + 4,
                               struct.pack("<I", reset & ~1)),
                       ["reset vector"])
        small = image_check.Part("a part with 4 KiB of flash", (part.flash[0], 4096), part.ram,
                                 part.boot, part.irqs, "test", part.boot2, part.uf2_family)
        more_irqs = image_check.Part("a part with 100 more interrupts", part.flash, part.ram,
                                     part.boot, part.irqs + 100, "test", part.boot2,
                                     part.uf2_family)
        expect_failure("check_vector_table_short_of_the_parts_interrupts_fails", more_irqs,
                       os.path.join(tmp, "image.elf"), ["entries; the part needs"])
        moved = image_check.Part("a part booting 1 KiB further on", part.flash, part.ram,
                                 part.boot + 1024, part.irqs, "test", part.boot2,
                                 part.uf2_family)
        expect_failure("check_vector_table_not_at_the_boot_address_fails", moved,
                       os.path.join(tmp, "image.elf"), ["the part boots from"])
        expect_failure("check_image_larger_than_flash_fails", small,
                       os.path.join(tmp, "image.elf"), ["outside the 4 KiB of flash"])

        with open(base + ".uf2", "rb") as f:
            good = f.read()
        for name, offset, data, words in (
                ("another_family", 28, struct.pack("<I", 0x68ED2B88), ["family 0x68ed2b88"]),
                ("a_changed_payload_byte", 512 * 3 + 40, b"\x99", ["differs from the ELF"]),
                ("a_bad_end_magic", 508, b"\0\0\0\0", ["bad magic"])):
            broken = bytearray(good)
            broken[offset:offset + len(data)] = data
            path = os.path.join(tmp, "broken.uf2")
            with open(path, "wb") as f:
                f.write(broken)
            shutil.copyfile(base + ".elf", os.path.join(tmp, "broken.elf"))
            expect_failure(f"check_uf2_with_{name}_fails", part, path, words)
        path = os.path.join(tmp, "short.uf2")
        with open(path, "wb") as f:
            f.write(good[:-100])
        shutil.copyfile(base + ".elf", os.path.join(tmp, "short.elf"))
        expect_failure("check_truncated_uf2_fails", part, path, ["whole number"])
        path = os.path.join(tmp, "missing.uf2")
        with open(path, "wb") as f:
            f.write(good[:-512])
        shutil.copyfile(base + ".elf", os.path.join(tmp, "missing.elf"))
        expect_failure("check_uf2_missing_its_last_block_fails", part, path,
                       ["numbered"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--elf", required=True)
    parser.add_argument("--part", required=True)
    parser.add_argument("--family", required=True)
    args = parser.parse_args()
    test_crc()
    test_uf2_writer()
    test_checker(args.elf, args.part, args.family)
    finish()


if __name__ == "__main__":
    main()
