#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn kunit.py's JSON into one PASS/FAIL line per test case.

A parameterised case counts once per parameter.  A skipped case counts as
failed: every hwmem case is meant to run where it is built.  With a log
given, the log's lines for each failing case are printed under it.
"""
import json
import sys


def cases(group, prefix):
    for case in group.get("test_cases", []):
        yield prefix + [case["name"]], case["status"]
    for sub in group.get("sub_groups", []):
        yield from cases(sub, prefix + [sub["name"]])


def failure_details(log):
    """Map each failed case name to the log lines kunit.py printed for it."""
    details = {}
    pending = []
    for line in log:
        text = line.split("] ", 1)[-1].strip()
        if text.startswith("[FAILED] "):
            details[text[len("[FAILED] "):]] = pending
            pending = []
        elif text.startswith(("[PASSED] ", "[SKIPPED] ", "=====")):
            pending = []
        else:
            pending.append(text)
    return details


def main():
    with open(sys.argv[1]) as f:
        root = json.load(f)
    log = []
    prefix = sys.argv[3] if len(sys.argv) > 3 else "kunit"
    if len(sys.argv) > 2:
        with open(sys.argv[2], errors="replace") as f:
            log = f.read().splitlines()
    details = failure_details(log)
    failed = 0
    total = 0
    for path, status in cases(root, []):
        total += 1
        name = prefix + "." + ".".join(path)
        if status == "PASS":
            print("PASS", name)
            continue
        failed += 1
        print("FAIL", name, "(%s)" % status)
        for line in details.get(path[-1], []):
            print("    " + line)
    if total == 0:
        print("FAIL %s.run (no test cases ran)" % prefix)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
