#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The licence is stated: LICENSE holds the MIT licence, and every source
file (C, headers, assembly, linker scripts, makefiles, Python, shell,
.ci/run) names it in an SPDX line among its first two lines (the second
when the first is #!).  Speaks ktest's protocol for tools/run_tests.py.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAG = "SPDX-License-Identifier: MIT"
SOURCE_ENDINGS = (".c", ".h", ".S", ".ld", ".mk", ".py", ".sh")


def tracked_files():
    """The repository's files: git's list, or a walk outside a checkout."""
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
        return out.split()
    except (OSError, subprocess.CalledProcessError):
        found = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in (".git", "build")]
            found += [os.path.relpath(os.path.join(top, f), ROOT) for f in files]
        return found


def is_source(path):
    return path.endswith(SOURCE_ENDINGS) or os.path.basename(path) == "Makefile" or path == ".ci/run"


def main():
    with open(os.path.join(ROOT, "LICENSE")) as f:
        text = f.read()
    case("licence_is_mit", text.startswith("MIT License") and "The Kestrel authors" in text,
         "LICENSE does not start with 'MIT License' or names no copyright holder")
    missing = []
    for path in sorted(filter(is_source, tracked_files())):
        full = os.path.join(ROOT, path)
        if not os.path.isfile(full):
            continue
        with open(full, errors="replace") as f:
            head = [f.readline() for _ in range(2)]
        if not any(TAG in line for line in head):
            missing.append(path)
    case("every_source_file_has_an_spdx_line", not missing,
         f"{len(missing)} without '{TAG}' in their first two lines: {', '.join(missing[:10])}")
    finish()


if __name__ == "__main__":
    main()
