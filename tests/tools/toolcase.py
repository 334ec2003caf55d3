# SPDX-License-Identifier: MIT
"""ktest's protocol for the tool tests (tests/tools/test_*.py): one PASS
or FAIL line per case, then the summary line tools/run_tests.py reads."""
import sys

counts = {"passed": 0, "failed": 0}


def case(name, ok, detail=""):
    """Reports one case; returns ok."""
    if ok:
        counts["passed"] += 1
        print(f"PASS {name}")
    else:
        counts["failed"] += 1
        print(f"FAIL {name}: {detail}")
    sys.stdout.flush()
    return ok


def finish():
    """Prints the summary line and exits with the protocol's status."""
    print(f"KTEST DONE passed={counts['passed']} failed={counts['failed']}")
    sys.exit(1 if counts["failed"] else 0)
