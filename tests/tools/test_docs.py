#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""README.md and docs/*.md checked against the tree they describe.

    test_docs.py [--update] [--make MAKE]

Cases, for each page:
  - paths: every repository path quoted in `code` (arch/..., tools/...,
    Makefile, ...) and every relative link exists;
  - make targets: every `make <target>` quoted names a target the
    Makefile has;
  - no source line numbers (file.c:123) outside transcripts: they drift
    with every edit;
  - transcripts: a fenced block right after a line
    <!-- output of: COMMAND -->
    is exactly what COMMAND prints when run in the repository's root
    (a shell command line; carriage returns dropped; the first command of
    a pipeline runs once for every transcript that filters its output).  With --update the
    blocks are rewritten from the commands instead (make docs).
Speaks ktest's protocol for tools/run_tests.py.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP = ("arch/", "boards/", "compat/", "kernel/", "tests/", "tools/", "examples/", "user/", "linker/",
       "docs/", "bench/", ".ci/")
FILES = ("Makefile", "LICENSE", "README.md")
INLINE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")
LINE_NUMBER = re.compile(r"\b[\w/.-]+\.(?:c|h|S|py|ld|mk):\d+")
MARKER = re.compile(r"^<!-- output of: ([^\n]+) -->\n```[a-z]*\n(.*?)^```$", re.M | re.S)
MAKE_WORDS = re.compile(r"\bmake((?: +[^\s`|;&#]+)+)")


def pages():
    return [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"),
                                                              recursive=True))


def without_code_blocks(text):
    return re.sub(r"^```.*?^```$", "", text, flags=re.M | re.S)


def quoted_paths(text):
    for code in INLINE.findall(without_code_blocks(text)):
        for word in code.split():
            word = word.rstrip(".,:;)")
            if any(c in word for c in "<>*{}$=[]") or word.startswith("build"):
                continue
            if word.startswith(TOP) or word in FILES:
                yield word


def make_targets():
    """Every target the Makefile defines, from make's database."""
    out = subprocess.run(["make", "-pRrq", "-C", ROOT, "NO_INSTALL=1", "help"],
                         capture_output=True, text=True).stdout
    targets = set()
    for line in out.split("\n"):
        m = re.match(r"^([A-Za-z0-9_.-]+):(?!=)", line)
        if m:
            targets.add(m.group(1))
    return targets


def quoted_make_goals(text):
    """The goals of every make command quoted in code, inline or fenced."""
    codes = INLINE.findall(without_code_blocks(text))
    codes += re.findall(r"^```(?:sh)?\n(.*?)^```$", text, flags=re.M | re.S)
    for code in codes:
        for m in MAKE_WORDS.finditer(code):
            for word in m.group(1).split():
                if word.startswith("-") or "=" in word or word.startswith(("<", "[", "(")):
                    continue
                if not re.fullmatch(r"[a-z][a-z0-9_.-]*", word):
                    break
                yield word


def exists(path):
    """A path in the tree, or a header as #include names it
    (kernel/errors.h for kernel/include/kernel/errors.h)."""
    return any(os.path.exists(os.path.join(ROOT, base, path))
               for base in ("", "kernel/include", "user/include"))


OUTPUTS = {}


def run_command(command):
    """What the shell command line prints.  The first command of a
    pipeline runs once for all the transcripts that filter its output
    (several excerpts of make run cost one run)."""
    producer, _, filters = command.partition(" | ")
    if producer not in OUTPUTS:
        OUTPUTS[producer] = subprocess.run(["/bin/sh", "-c", producer], cwd=ROOT, capture_output=True,
                                           text=True, timeout=600).stdout.replace("\r", "")
    if not filters:
        return OUTPUTS[producer]
    return subprocess.run(["/bin/sh", "-c", filters], cwd=ROOT, input=OUTPUTS[producer],
                          capture_output=True, text=True, timeout=60).stdout


def check_page(path, targets, update):
    name = os.path.relpath(path, ROOT)
    text = open(path).read()
    if update:
        new = MARKER.sub(lambda m: f"<!-- output of: {m.group(1)} -->\n```\n{run_command(m.group(1))}```",
                         text)
        if new != text:
            open(path, "w").write(new)
            print(f"{name}: transcripts rewritten")
        return

    missing = sorted({p for p in quoted_paths(text) if not exists(p)})
    for link, _ in LINK.findall(text):
        if "://" not in link and not link.startswith("mailto:"):
            if not os.path.exists(os.path.normpath(os.path.join(os.path.dirname(path), link))):
                missing.append(link)
    case(f"{name}/paths_exist", not missing, f"not in the tree: {', '.join(missing)}")

    unknown = sorted({g for g in quoted_make_goals(text) if g not in targets})
    case(f"{name}/make_targets_exist", not unknown, f"no such make target: {', '.join(unknown)}")

    numbers = LINE_NUMBER.findall(MARKER.sub("", text))  # a transcript is remade, not edited
    case(f"{name}/no_source_line_numbers", not numbers, f"line numbers: {', '.join(numbers[:5])}")

    for number, m in enumerate(MARKER.finditer(text), 1):
        want, got = m.group(2), run_command(m.group(1))
        detail = ""
        if want != got:
            wl, gl = want.split("\n"), got.split("\n")
            first = next((i for i in range(max(len(wl), len(gl)))
                          if i >= len(wl) or i >= len(gl) or wl[i] != gl[i]), 0)
            detail = (f"'{m.group(1)}' now prints, at line {first + 1}: "
                      f"{gl[first] if first < len(gl) else '(nothing)'!r} where the page has "
                      f"{wl[first] if first < len(wl) else '(nothing)'!r}; make docs rewrites it")
        case(f"{name}/transcript_{number}", want == got, detail)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    targets = make_targets()
    for path in pages():
        check_page(path, targets, args.update)
    if not args.update:
        finish()


if __name__ == "__main__":
    main()
