#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the hwmem-bench lines of UML logs into tables, CSV and a chart.

    bench-report.py OUTDIR LOG... [--before DIR]
    bench-report.py --cpuid-vs-sysfs LOG [SYSFS_CACHE_DIR]

The first form takes the logs of the runs scripts/bench.sh makes, one with
hwmem's locks as a single-CPU kernel has them (locks=up: none) and one with
them at an SMP kernel's cost (locks=smp-cost), and sets them side by side.
Targets are judged on the fair run, the SMP-cost one.  It writes
results.csv, results.rst (the tables Documentation/hwmem-bench.rst shows),
cache.rst, ratios.png and, with --before (an earlier run's directory),
compare.rst.  It exits 1 if an operation failed in any run.

The second form compares the cache hierarchy hwmem decoded from the host's
CPUID ("hwmem-bench-cpuid:" lines) with what the host kernel exports in
/sys/devices/system/cpu/cpu0/cache/index*/, and prints one line,
"PASS bench.cpuid-vs-sysfs" or "FAIL bench.cpuid-vs-sysfs - why", as
scripts/test.sh counts them.  A host whose kernel exports no cache leaves
is compared with getconf(1) instead (glibc's own decoding of the same
CPUID), and the line says so.  Exit status 0 on PASS.
"""
import csv
import os
import re
import subprocess
import sys
import textwrap

# Issue targets: the largest hwmem/anchor ratio each comparison may have.
# Rows of a policy other than the module's default ("name[policy]") have
# none: they are there to show what each policy costs.
TARGETS = [
    (r"^frames-(pair|all-random)$", r"^alloc_page$", 0.3),
    (r"^buddy-(pair-o\d+|mix-50%)$", r"^(alloc_pages|gen_pool)$", 0.5),
    (r"^slab-(pair|batch1000|mix-50%)-\d+$", r"^kmem_cache$", 1.0),
    (r"^translate-4k$", r"^four-dependent-loads$", 3.0),
    (r"^(frames|buddy)-random-\d+Ki$", r"-1Ki$", 1.5),
]
# Targets in nanoseconds per operation, for rows with no anchor.
ABS_TARGETS = [
    (r"^replay-feed$", 100.0),
]
# Every repetition should have run at least this long.
MIN_REP_MS = 50

GROUPS = [
    ("frames", r"^frames-(pair|all-random)"),
    ("buddy", r"^buddy-(pair|mix)"),
    ("slab", r"^slab-"),
    ("other", r"^(bump|spinlock|translate|map)"),
    ("scaling", r"-random-\d+Ki"),
    ("replay", r"^replay-"),
]

LINE = re.compile(r"hwmem-bench: (\S+) hwmem ([\d.]+) anchor ([\d.]+) "
                  r"ratio ([\d.]+) spread ([\d.]+)% ([\d.]+)% vs (\S+)"
                  r"(?: rep-ms (\d+) (\d+))?( FAILED)?")
META = re.compile(r"hwmem-bench-meta: (.*)$")
WHERE = re.compile(r"hwmem-bench-where: (.*)$")
LOCKS = re.compile(r"locks=([\w-]+)")
CPUID = re.compile(r"hwmem-bench-cpuid: index (\d+) level (\d+) type (\S+) "
                   r"size (\d+) ways (\d+) line (\d+) sets (\d+) "
                   r"partitions (\d+) share_id (\d+)")
CPU = re.compile(r"hwmem-bench-cpu: (.*)$")
CACHE = re.compile(r"hwmem-bench-cache: (\S+) ws (\d+) chase-ns ([\d.]+) "
                   r"chase-cycles ([\d.]+) spread ([\d.]+)% rep-ms (\d+)")
CACHE_LINE = re.compile(r"hwmem-bench-cache-line: cached (\d+) flushed (\d+) "
                        r"floor (\d+) unit (.*)$")
REPLAY = re.compile(r"hwmem-bench-replay: (.*)$")
FAILED = re.compile(r"hwmem-bench-failed: (.*)$")


def target(name, anchor):
    """(kind, value): "ratio" or "ns", or None."""
    if anchor == "-":
        for w, t in ABS_TARGETS:
            if re.search(w, name):
                return ("ns", t)
        return None
    for w, a, t in TARGETS:
        if re.search(w, name) and re.search(a, anchor):
            return ("ratio", t)
    return None


def target_text(t):
    if t is None:
        return ""
    return "<= %g" % t[1] + (" ns" if t[0] == "ns" else "")


class Row:
    """One line of one log."""

    def __init__(self, m):
        (self.name, h, a, r, hs, as_, self.anchor, hrep, arep,
         failed) = m.groups()
        self.hwmem, self.anchor_ns = float(h), float(a)
        # From the medians: the line's ratio has three decimals only.
        self.ratio = self.hwmem / self.anchor_ns if self.anchor_ns else float(r)
        self.h_spread, self.a_spread = float(hs), float(as_)
        self.h_rep = int(hrep) if hrep is not None else None
        self.a_rep = int(arep) if arep is not None else None
        self.failed = bool(failed)


class Log:
    """What one run printed."""

    def __init__(self, path):
        self.path = path
        self.rows, self.meta, self.cpuid, self.cache = [], [], [], []
        self.cpu, self.cache_line, self.replay, self.failed = None, None, [], []
        self.where, self.locks = "unknown", "unknown"
        with open(path, errors="replace") as f:
            for line in f:
                self._parse(line.strip())

    def _parse(self, line):
        m = LINE.search(line)
        if m:
            self.rows.append(Row(m))
            return
        for regex, attr in ((META, "meta"), (REPLAY, "replay"),
                            (FAILED, "failed")):
            m = regex.search(line)
            if m:
                getattr(self, attr).append(m.group(1))
                return
        m = WHERE.search(line)
        if m:
            self.where = m.group(1)
            lm = LOCKS.search(self.where)
            if lm:
                self.locks = lm.group(1)
            return
        m = CPUID.search(line)
        if m:
            self.cpuid.append(m.groups())
            return
        m = CPU.search(line)
        if m:
            self.cpu = m.group(1)
            return
        m = CACHE.search(line)
        if m:
            self.cache.append(m.groups())
            return
        m = CACHE_LINE.search(line)
        if m:
            self.cache_line = m.groups()


def fmt(x, digits=3):
    return "-" if x is None else "%.*f" % (digits, x)


def fmt_ratio(x):
    """Three decimals, or three significant digits below 0.01."""
    if x is None:
        return "-"
    return "%.3g" % x if 0 < x < 0.01 else "%.3f" % x


class Result:
    """One workload and anchor, from both runs."""

    def __init__(self, name, anchor):
        self.name, self.anchor = name, anchor
        self.up = None
        self.fair = None

    @property
    def judged(self):
        """The run the target is judged on: the fair one if there is one."""
        return self.fair or self.up

    def verdict(self):
        if any(r and r.failed for r in (self.up, self.fair)):
            return "FAILED"
        t = target(self.name, self.anchor)
        if t is None:
            return ""
        r = self.judged
        value = r.hwmem if t[0] == "ns" else r.ratio
        return "met" if value <= t[1] else "missed"


def combine(logs):
    """Results in the order the runs printed them, up and fair side by side."""
    results, index = [], {}
    for log in logs:
        fair = log.locks.startswith("smp")
        for row in log.rows:
            key = (row.name, row.anchor)
            if key not in index:
                index[key] = Result(*key)
                results.append(index[key])
            if fair:
                index[key].fair = row
            else:
                index[key].up = row
    return results


def rst_table(rows, heads=1):
    """A simple rst table of string rows, the first @heads the header.

    A header row whose first cell is empty continues the one above it."""
    widths = [max(1, max(len(row[i]) for row in rows))
              for i in range(len(rows[0]))]
    rule = "  ".join("=" * w for w in widths)
    out = [rule]
    for i, row in enumerate(rows):
        out.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == heads - 1:
            out.append(rule)
    out.append(rule)
    return "\n".join(out) + "\n"


def result_cells(r):
    up, fair = r.up, r.fair
    ref = fair or up
    t = target(r.name, r.anchor)
    verdict = r.verdict()
    if verdict in ("missed", "FAILED"):
        verdict = "**%s**" % verdict
    if r.anchor == "-":
        return [r.name, "-", fmt(up.hwmem if up else None),
                fmt(fair.hwmem if fair else None), "-", "-", "-",
                target_text(t), verdict]
    return [r.name, r.anchor, fmt(up.hwmem if up else None),
            fmt(fair.hwmem if fair else None), fmt(ref.anchor_ns),
            fmt_ratio(up.ratio if up else None),
            fmt_ratio(fair.ratio if fair else None), target_text(t), verdict]


HEADER = ["workload", "anchor", "hwmem ns", "hwmem ns", "anchor ns",
          "ratio", "ratio", "target", ""]
HEADER2 = ["", "", "no lock", "SMP lock", "", "no lock", "fair", "", ""]


def write_rst(results, path):
    """The tables as Documentation/hwmem-bench.rst shows them, a group each."""
    with open(path, "w") as f:
        done = set()
        for group, regex in GROUPS:
            rows = [r for r in results
                    if id(r) not in done and re.search(regex, r.name)]
            if not rows:
                continue
            done.update(id(r) for r in rows)
            f.write("**%s**\n\n" % group)
            f.write(rst_table([HEADER, HEADER2] + [result_cells(r) for r in rows], 2))
            f.write("\n")
        rest = [r for r in results if id(r) not in done]
        if rest:
            f.write("**more**\n\n")
            f.write(rst_table([HEADER, HEADER2] + [result_cells(r) for r in rest], 2))


def write_csv(results, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["workload", "anchor", "hwmem_ns_up", "hwmem_ns_smp",
                    "anchor_ns_up", "anchor_ns_smp", "ratio_up", "ratio_smp",
                    "hwmem_spread_pct_smp", "anchor_spread_pct_smp",
                    "min_rep_ms_hwmem", "min_rep_ms_anchor", "target",
                    "verdict"])
        for r in results:
            up, fair = r.up, r.fair
            reps = [x for x in (up, fair) if x]
            t = target(r.name, r.anchor)
            h_reps = [x.h_rep for x in reps if x.h_rep is not None]
            a_reps = [x.a_rep for x in reps if x.a_rep]
            w.writerow([r.name, r.anchor,
                        up.hwmem if up else "", fair.hwmem if fair else "",
                        up.anchor_ns if up else "", fair.anchor_ns if fair else "",
                        up.ratio if up else "", fair.ratio if fair else "",
                        fair.h_spread if fair else "", fair.a_spread if fair else "",
                        min(h_reps) if h_reps else "",
                        min(a_reps) if a_reps else "",
                        target_text(t), r.verdict()])


def size_text(n):
    n = int(n)
    for unit, shift in (("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return "%d %s" % (n >> shift, unit)
    return "%d B" % n


def cache_tables(log):
    """The decoded hierarchy and the timing table, as rst, or None."""
    if not log.cpuid and not log.cache:
        return None
    out = []
    if log.cpu:
        out.append(textwrap.fill("CPU, as CPUID tells it: %s." % log.cpu, 76)
                   + "\n\n")
    rows = [["index", "level", "type", "size", "ways", "line", "sets",
             "partitions", "share id"]]
    for idx, level, typ, size, ways, line, sets, parts, share in log.cpuid:
        rows.append([idx, level, typ, size_text(size), ways, line, sets, parts,
                     share])
    out.append(rst_table(rows))
    out.append("\n")
    by_level = {}
    for idx, level, typ, size, ways, line, sets, parts, share in log.cpuid:
        if typ != "Instruction":
            by_level["L%s%s" % (level, "d" if typ == "Data" else "")] = \
                (typ, size, ways)
    cached = flushed = floor = unit = None
    if log.cache_line:
        cached, flushed, floor, unit = log.cache_line
    rows = [["level", "size", "working set", "chase ns/load",
             "chase cycles/load", "hwmem cycles"]]
    first = True
    for what, ws, ns, cycles, spread, rep in log.cache:
        typ, size, ways = by_level.get(what, ("", None, ""))
        hw = ""
        if first and cached is not None:
            hw = "cached %s" % cached
        if what == "memory" and flushed is not None:
            hw = "flushed %s" % flushed
        first = False
        rows.append([what, size_text(size) if size else "-", size_text(ws),
                     ns, cycles, hw])
    out.append(rst_table(rows))
    if floor is not None:
        out.append("\n" + textwrap.fill(
            "Cycles are %s; a cycle-counter read pair alone costs %s, which "
            "hwmem's figures include." % (unit, floor), 76) + "\n")
    return "".join(out)


def read_before(path):
    """An earlier run's results.csv, either format: {(name, anchor): ratio}."""
    old = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            ratio = row.get("ratio_up") or row.get("ratio")
            if not ratio or row["anchor"] == "-":
                continue
            name = row["workload"]
            # exact-buddy-X became buddy-X[exact].
            m = re.match(r"^exact-(buddy-.*)$", name)
            if m:
                name = "%s[exact]" % m.group(1)
            old[(name, row["anchor"])] = float(ratio)
    return old


def write_compare(results, before_dir, path):
    old = read_before(os.path.join(before_dir, "results.csv"))
    rows = [["workload", "anchor", "before", "after", "after", "after"],
            ["", "", "no lock", "no lock", "fair", "/ before"]]
    worse = []
    compared = 0
    for r in results:
        key = (r.name, r.anchor)
        if key not in old or not r.up:
            continue
        compared += 1
        change = r.up.ratio / old[key] if old[key] else float("inf")
        if change > 1.10:
            worse.append(r.name + " vs " + r.anchor)
        rows.append([r.name, r.anchor, fmt_ratio(old[key]), fmt_ratio(r.up.ratio),
                     fmt_ratio(r.fair.ratio if r.fair else None), fmt(change, 2)])
    with open(path, "w") as f:
        f.write(rst_table(rows, 2))
    gone = sorted("%s vs %s" % k for k in old
                  if k not in {(r.name, r.anchor) for r in results})
    return compared, worse, gone


def chart(results, out, where):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no python3-matplotlib: no chart)")
        return
    shown = [r for r in results if r.anchor != "-" and r.judged]
    labels = ["%s vs %s" % (r.name, r.anchor) for r in shown]
    ratios = [r.judged.ratio for r in shown]
    fig, ax = plt.subplots(figsize=(10, 0.22 * len(shown) + 1.8))
    colors = []
    for r in shown:
        v = r.verdict()
        colors.append({"met": "tab:green", "missed": "tab:red",
                       "FAILED": "black"}.get(v, "tab:gray"))
    ax.barh(range(len(shown)), ratios, color=colors)
    up = [(i, r.up.ratio) for i, r in enumerate(shown) if r.up and r.fair]
    if up:
        ax.scatter([u for _, u in up], [i for i, _ in up], marker="|",
                   color="black", s=40, label="no locks")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(labels, fontsize=6)
    ax.invert_yaxis()
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("hwmem time / anchor time per operation, hwmem with "
                  "SMP-cost locks (log scale; < 1: hwmem faster)")
    ax.set_title("hwmem vs the kernel's allocators, %s, median of 7\n"
                 % where.split(":")[0] +
                 "green: target met, red: missed, grey: no target, "
                 "black: operations failed")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ratios.png"), dpi=110)


def report(out, paths, before):
    logs = [Log(p) for p in paths]
    results = combine(logs)
    if not results:
        print("no hwmem-bench lines in %s" % " ".join(paths))
        return 1
    write_csv(results, os.path.join(out, "results.csv"))
    write_rst(results, os.path.join(out, "results.rst"))

    for log in logs:
        print("ran in: %s (%s)" % (log.where, os.path.basename(log.path)))
    head = "%-30s %-26s %9s %9s %9s %7s %7s %11s %6s  %s" % (
        "workload", "anchor", "hwmem up", "hwmem smp", "anchor", "r-up",
        "r-fair", "spread h/a", "rep ms", "target (fair)")
    print(head)
    print("-" * len(head))
    short = []
    for r in results:
        up, fair, ref = r.up, r.fair, r.judged
        t = target(r.name, r.anchor)
        v = r.verdict()
        verdict = v.upper() if v in ("missed", "FAILED") else v
        reps = [x for x in (ref.h_rep, ref.a_rep if r.anchor != "-" else None)
                if x is not None]
        rep = min(reps) if reps else None
        if rep is not None and rep < MIN_REP_MS:
            short.append(r.name)
        print("%-30s %-26s %9s %9s %9s %7s %7s %11s %6s  %s" % (
            r.name, r.anchor, fmt(up.hwmem if up else None),
            fmt(fair.hwmem if fair else None),
            "-" if r.anchor == "-" else fmt(ref.anchor_ns),
            "-" if r.anchor == "-" else fmt_ratio(up.ratio if up else None),
            "-" if r.anchor == "-" else fmt_ratio(fair.ratio if fair else None),
            "%.1f/%.1f%%" % (ref.h_spread, ref.a_spread),
            rep if rep is not None else "-",
            ("%s %s" % (target_text(t), verdict)).strip()))
    for log in logs:
        for f in log.failed:
            print("FAILED (%s): %s" % (log.locks, f))
    seen = set()
    for log in logs:
        for m in log.meta:
            if m not in seen:
                seen.add(m)
                print("metadata:", m)
    for log in logs:
        for line in log.replay:
            print("replay (%s): %s" % (log.locks, line))
        for r in log.rows:
            if r.name == "replay-feed" and r.hwmem:
                print("replay (%s): %.1f M records/s" %
                      (log.locks, 1000.0 / r.hwmem))
    if short:
        print("repetitions shorter than %d ms: %s" % (MIN_REP_MS, " ".join(short)))
    else:
        print("every repetition ran at least %d ms" % MIN_REP_MS)

    cache_log = next((log for log in reversed(logs) if log.cache), None)
    if cache_log:
        text = cache_tables(cache_log)
        with open(os.path.join(out, "cache.rst"), "w") as f:
            f.write(text)
        print()
        print(text)

    if before:
        compared, worse, gone = write_compare(results, before,
                                              os.path.join(out, "compare.rst"))
        print("against %s: %d rows compared (no locks, like with like); %s"
              % (before, compared,
                 "none more than 10% worse" if not worse else
                 "more than 10% worse: " + ", ".join(worse)))
        if gone:
            print("rows of the earlier run not in this one: " + ", ".join(gone))

    chart(results, out, logs[-1].where)
    return 1 if any(r.verdict() == "FAILED" for r in results) else 0


# --- the decoded hierarchy against the host's ---

SYSFS_FIELDS = ["level", "type", "size", "ways_of_associativity",
                "coherency_line_size", "number_of_sets",
                "physical_line_partition"]


def sysfs_leaves(root):
    leaves = []
    if not os.path.isdir(root):
        return leaves
    names = sorted((d for d in os.listdir(root) if re.match(r"^index\d+$", d)),
                   key=lambda d: int(d[5:]))
    for d in names:
        leaf = {}
        for field in SYSFS_FIELDS:
            try:
                with open(os.path.join(root, d, field)) as f:
                    leaf[field] = f.read().strip()
            except OSError:
                leaf[field] = None
        size = leaf["size"]
        if size and size.endswith("K"):
            leaf["size"] = str(int(size[:-1]) * 1024)
        leaves.append((int(d[5:]), leaf))
    return leaves


def hwmem_leaf(groups):
    idx, level, typ, size, ways, line, sets, parts, share = groups
    return int(idx), {"level": level, "type": typ, "size": size,
                      "ways_of_associativity": ways,
                      "coherency_line_size": line, "number_of_sets": sets,
                      "physical_line_partition": parts}


def getconf_caches():
    try:
        text = subprocess.run(["getconf", "-a"], capture_output=True, text=True,
                              check=False).stdout
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and "CACHE" in parts[0]:
            values[parts[0]] = int(parts[1])
    caches = {}
    for key in ("LEVEL1_DCACHE", "LEVEL1_ICACHE", "LEVEL2_CACHE",
                "LEVEL3_CACHE", "LEVEL4_CACHE"):
        size = values.get(key + "_SIZE", 0)
        if size:
            caches[key] = (size, values.get(key + "_ASSOC", 0),
                           values.get(key + "_LINESIZE", 0))
    return caches


def getconf_key(level, typ):
    if level == "1":
        return "LEVEL1_ICACHE" if typ == "Instruction" else "LEVEL1_DCACHE"
    return "LEVEL%s_CACHE" % level


def against_getconf(mine, root):
    caches = getconf_caches()
    if caches is None:
        return False, "no cache leaves in %s and no getconf" % root
    why = []
    listed = set()
    for idx, leaf in mine:
        key = getconf_key(leaf["level"], leaf["type"])
        listed.add(key)
        if key not in caches:
            why.append("L%s %s: hwmem lists it, getconf does not" %
                       (leaf["level"], leaf["type"]))
            continue
        size, ways, line = caches[key]
        if int(leaf["size"]) != size:
            why.append("%s size: hwmem %s, getconf %d" % (key, leaf["size"], size))
        if ways and int(leaf["ways_of_associativity"]) != ways:
            why.append("%s ways: hwmem %s, getconf %d" %
                       (key, leaf["ways_of_associativity"], ways))
        if line and int(leaf["coherency_line_size"]) != line:
            why.append("%s line: hwmem %s, getconf %d" %
                       (key, leaf["coherency_line_size"], line))
    for key, (size, ways, line) in sorted(caches.items()):
        if key not in listed:
            why.append("%s: getconf lists %d bytes, %d ways%s; hwmem lists "
                       "none" % (key, size, ways,
                                 " (unknown associativity)" if not ways else ""))
    prefix = ("no cache leaves in %s (the host kernel exports none); against "
              "getconf, glibc's decoding of the same CPUID: " % root)
    if why:
        return False, prefix + "; ".join(why)
    return True, prefix + "%d leaves agree in size, ways and line" % len(mine)


def cpuid_vs_sysfs(log_path, root):
    log = Log(log_path)
    mine = [hwmem_leaf(g) for g in log.cpuid]
    if not mine:
        return False, "no hwmem-bench-cpuid lines in %s" % log_path
    theirs = sysfs_leaves(root)
    if not theirs:
        return against_getconf(mine, root)
    why = []
    if [i for i, _ in mine] != [i for i, _ in theirs]:
        why.append("hwmem decodes leaves %s, sysfs has %s" %
                   ([i for i, _ in mine], [i for i, _ in theirs]))
    theirs = dict(theirs)
    for idx, leaf in mine:
        if idx not in theirs:
            continue
        for field in SYSFS_FIELDS:
            if theirs[idx][field] is not None and leaf[field] != theirs[idx][field]:
                why.append("index%d %s: hwmem %s, sysfs %s" %
                           (idx, field, leaf[field], theirs[idx][field]))
    if why:
        return False, "; ".join(why)
    return True, "%d leaves agree in %s" % (len(mine), ", ".join(SYSFS_FIELDS))


def main(argv):
    if len(argv) >= 2 and argv[1] == "--cpuid-vs-sysfs":
        if len(argv) < 3:
            print(__doc__)
            return 2
        root = argv[3] if len(argv) > 3 else "/sys/devices/system/cpu/cpu0/cache"
        ok, why = cpuid_vs_sysfs(argv[2], root)
        print("%s bench.cpuid-vs-sysfs - %s" % ("PASS" if ok else "FAIL", why))
        return 0 if ok else 1
    args, before = [], None
    i = 1
    while i < len(argv):
        if argv[i] == "--before" and i + 1 < len(argv):
            before = argv[i + 1]
            i += 2
            continue
        args.append(argv[i])
        i += 1
    if len(args) < 2:
        print(__doc__)
        return 2
    return report(args[0], args[1:], before)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
