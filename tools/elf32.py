# SPDX-License-Identifier: MIT
"""Just enough of a 32-bit little-endian ELF reader for the image tools
(tools/uf2.py, tools/image_check.py): the loadable segments, the section
headers and the symbol table.  Standard library only.

Layouts from the System V ABI's ELF chapter (the ELF32 header, program
header and section header, Elf32_Sym) and ARM's ELF for the Arm
Architecture (EM_ARM = 40).
"""
import struct

PT_LOAD = 1
SHT_SYMTAB = 2
SHT_NOBITS = 8
SHF_ALLOC = 0x2
EM_ARM = 40


class ElfError(Exception):
    pass


class Segment:
    def __init__(self, fields):
        (self.type, self.offset, self.vaddr, self.paddr, self.filesz, self.memsz,
         self.flags, self.align) = fields


class Section:
    def __init__(self, name, fields):
        self.name = name
        (_, self.type, self.flags, self.addr, self.offset, self.size, self.link,
         _, _, _) = fields


class Elf:
    """An ELF file read whole: .data (bytes), .segments, .sections and
    .symbols (name -> (value, size))."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        self.path = path
        if self.data[:4] != b"\x7fELF":
            raise ElfError("not an ELF file")
        if self.data[4] != 1 or self.data[5] != 1:
            raise ElfError("not a 32-bit little-endian ELF file")
        (self.machine, self.entry, phoff, shoff, phentsize, phnum, shentsize, shnum,
         shstrndx) = self._header()
        if self.machine != EM_ARM:
            raise ElfError(f"machine {self.machine}, not ARM ({EM_ARM})")
        self.segments = [Segment(struct.unpack_from("<8I", self.data, phoff + i * phentsize))
                         for i in range(phnum)]
        raw = [struct.unpack_from("<10I", self.data, shoff + i * shentsize) for i in range(shnum)]
        names = raw[shstrndx] if shnum else None
        self.sections = [Section(self._string(names[4], r[0]) if names else "", r) for r in raw]
        self.symbols = self._symbols()

    def _header(self):
        _, _, machine, _, entry, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum, \
            shstrndx = struct.unpack_from("<16sHHIIIIIHHHHHH", self.data, 0)
        return machine, entry, phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx

    def _string(self, table_offset, index):
        end = self.data.index(b"\0", table_offset + index)
        return self.data[table_offset + index:end].decode()

    def _symbols(self):
        symbols = {}
        for section in self.sections:
            if section.type != SHT_SYMTAB:
                continue
            strtab = self.sections[section.link]
            for off in range(section.offset, section.offset + section.size, 16):
                name, value, size, _, _, _ = struct.unpack_from("<IIIBBH", self.data, off)
                if name:
                    symbols.setdefault(self._string(strtab.offset, name), (value, size))
        return symbols

    def load_chunks(self):
        """What a programmer writes: (physical address, bytes) of every
        loadable segment's file contents, in address order."""
        chunks = [(s.paddr, self.data[s.offset:s.offset + s.filesz])
                  for s in self.segments if s.type == PT_LOAD and s.filesz]
        return sorted(chunks)

    def read(self, address, length):
        """length bytes loaded at a physical address, or None if the
        image does not load all of them."""
        for base, data in self.load_chunks():
            if base <= address and address + length <= base + len(data):
                return data[address - base:address - base + length]
        return None

    def file_offset(self, address):
        """The file offset of the byte loaded at a physical address."""
        for s in self.segments:
            if s.type == PT_LOAD and s.paddr <= address < s.paddr + s.filesz:
                return s.offset + address - s.paddr
        raise ElfError(f"nothing is loaded at 0x{address:08x}")
