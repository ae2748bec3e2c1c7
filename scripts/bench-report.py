#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the hwmem-bench lines of a UML log into a table, CSV and a chart.

    bench-report.py LOG OUTDIR
"""
import csv
import os
import re
import sys

# Issue targets: the largest hwmem/anchor ratio each comparison may have.
TARGETS = [
    (r"^frames-(pair|all-random)$", r"^alloc_page$", 0.3),
    (r"^buddy-", r"^(alloc_pages|gen_pool)$", 0.5),
    (r"^slab-", r"^kmem_cache$", 1.0),
    (r"^translate-4k$", r"^four-dependent-loads$", 3.0),
    (r"^(frames|buddy)-pair-\d+Ki$", r"-1Ki$", 1.5),
]


def target(name, anchor):
    for w, a, t in TARGETS:
        if re.search(w, name) and re.search(a, anchor):
            return t
    return None


LINE = re.compile(r"hwmem-bench: (\S+) hwmem ([\d.]+) anchor ([\d.]+) "
                  r"ratio ([\d.]+) spread ([\d.]+)% ([\d.]+)% vs (.+)$")
META = re.compile(r"hwmem-bench-meta: (.*)$")
WHERE = re.compile(r"hwmem-bench-where: (.*)$")


def write_rst(rows, path):
    """The table as Documentation/hwmem-bench.rst shows it."""
    table = [("workload", "anchor", "hwmem ns", "anchor ns", "ratio", "target", "")]
    for name, h, a, r, hs, as_, anchor in rows:
        t = target(name, anchor)
        if anchor == "-":
            table.append((name, "-", h, "-", "-", "", ""))
        else:
            table.append((name, anchor, h, a, r, "<= %g" % t if t else "",
                          "" if t is None else ("met" if float(r) <= t else "**missed**")))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    rule = "  ".join("=" * w for w in widths)
    with open(path, "w") as f:
        f.write(rule + "\n")
        for i, row in enumerate(table):
            f.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
            if i == 0:
                f.write(rule + "\n")
        f.write(rule + "\n")


def main():
    log, out = sys.argv[1], sys.argv[2]
    rows, meta, where = [], [], "unknown"
    with open(log, errors="replace") as f:
        for line in f:
            line = line.strip()
            m = LINE.search(line)
            if m:
                rows.append(m.groups())
            m = META.search(line)
            if m:
                meta.append(m.group(1))
            m = WHERE.search(line)
            if m:
                where = m.group(1)
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["workload", "anchor", "hwmem_ns_per_op", "anchor_ns_per_op",
                    "ratio", "hwmem_spread_pct", "anchor_spread_pct", "target",
                    "met"])
        for name, h, a, r, hs, as_, anchor in rows:
            t = target(name, anchor)
            w.writerow([name, anchor, h, a, r, hs, as_, t if t else "",
                        "" if t is None else float(r) <= t])

    write_rst(rows, os.path.join(out, "results.rst"))

    print("ran in:", where)
    head = "%-20s %-22s %9s %9s %7s %13s  %s" % (
        "workload", "anchor", "hwmem ns", "anchor ns", "ratio", "spread h/a", "target")
    print(head)
    print("-" * len(head))
    for name, h, a, r, hs, as_, anchor in rows:
        t = target(name, anchor)
        verdict = "" if t is None else ("<= %g %s" % (t, "met" if float(r) <= t else "MISSED"))
        if anchor == "-":
            print("%-20s %-22s %9s %9s %7s %13s" % (name, "-", h, "-", "-", hs + "%"))
        else:
            print("%-20s %-22s %9s %9s %7s %13s  %s" % (
                name, anchor, h, a, r, "%s/%s%%" % (hs, as_), verdict))
    for m in meta:
        print("metadata:", m)

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no python3-matplotlib: no chart)")
        return 0
    shown = [x for x in rows if x[6] != "-"]
    labels = ["%s vs %s" % (x[0], x[6]) for x in shown]
    ratios = [float(x[3]) for x in shown]
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(shown) + 1.5))
    colors = []
    for x, r in zip(shown, ratios):
        t = target(x[0], x[6])
        colors.append("tab:gray" if t is None else ("tab:green" if r <= t else "tab:red"))
    ax.barh(range(len(shown)), ratios, color=colors)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("hwmem time / anchor time per operation (log scale; < 1: hwmem faster)")
    ax.set_title("hwmem vs the kernel's allocators, %s, median of 7\n"
                 % where.split(":")[0] +
                 "green: target met, red: missed, grey: no target")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ratios.png"), dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
