#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Line coverage of hwmem/ from gcov's JSON, for scripts/coverage.sh.

    coverage-report.py OUT TREE=JSON...

Each TREE is a copy of the sources built with gcov (hwmem.ko's and
hwmem_test.ko's), JSON the output of "gcov -t -j -b" for its objects, one
document a line.  A line of hwmem/ counts once, executed if it was in any
tree; files outside hwmem/ (kunit/, the kernel's headers) are left out.
hwmem/module/ and the trace event header are the glue, every other file
of hwmem/ the logic.  Writes OUT/coverage.txt (the table; the error exits
never taken, and those gcov cannot tell about; every uncovered line of
the logic grouped by a reason guessed from its code, then the glue's) and
prints the table.
"""
import json
import os
import re
import sys

GLUE = ("hwmem/module/", "hwmem/include/trace/")

# An error exit: a return or assignment of an errno, or a goto to an
# unwinding label.  Declarations ("int err = -EINVAL;") are not exits.
ERROR_EXIT = re.compile(
    r"\breturn\b[^;]*-E[A-Z]+|\bERR_PTR\(|"
    r"^\s*[*]?[A-Za-z_][\w.>-]*(\[[^]]*\])?\s*=\s*-E[A-Z]+\s*;|"
    r"\bgoto\s+(err|fail|out_)\w*\s*;")
ALLOC = re.compile(
    r"\b(k[mzvc]?alloc\w*|kv[mz]alloc\w*|kvcalloc|kcalloc|kstrdup|vmalloc\w*|"
    r"vzalloc|alloc_pages\w*|__get_free_pages|kmem_cache_alloc\w*|"
    r"\w+_alloc\w*|\w+_create\w*|kmemdup|debugfs_create\w*)\s*\(")
JUMP = re.compile(r"^\s*(return|goto|break|continue)\b|\b(BUG|panic)\s*\(")
LABEL = re.compile(r"^\s*(\w+\s*:(?!:)|case\b|default\s*:)")
DEFENSIVE = re.compile(r"\b(WARN(_ON)?(_ONCE)?|BUG(_ON)?|unreachable)\b")


def is_glue(path):
    return path.startswith(GLUE)


def load(trees):
    """{path: {line: count}}, {path: {line: function}} and {path: {line:
    [branch counts]}} over every tree."""
    counts, funcs, branches = {}, {}, {}
    for root, stream in trees:
        root = os.path.realpath(root) + "/"
        with open(stream) as f:
            for doc in f:
                if not doc.strip():
                    continue
                for entry in json.loads(doc)["files"]:
                    path = entry["file"]
                    if not os.path.isabs(path):
                        path = os.path.join(root, path)
                    path = os.path.realpath(path)
                    if not path.startswith(root):
                        continue
                    rel = path[len(root):]
                    if not rel.startswith("hwmem/"):
                        continue
                    c = counts.setdefault(rel, {})
                    fn = funcs.setdefault(rel, {})
                    br = branches.setdefault(rel, {})
                    for line in entry["lines"]:
                        n = line["line_number"]
                        c[n] = c.get(n, 0) + line["count"]
                        b = [x["count"] for x in line.get("branches", [])]
                        old = br.get(n)
                        if old is None:
                            br[n] = b
                        elif len(old) == len(b):
                            br[n] = [x + y for x, y in zip(old, b)]
                        elif not all(old):
                            # Compiled differently in the two modules:
                            # take the one that saw every branch, if any.
                            br[n] = b
                        if "function_name" in line:
                            fn.setdefault(n, line["function_name"])
                    # Lines gcov gives no function (inlined code): the
                    # function whose body holds them.
                    for f in entry["functions"]:
                        for n in range(f["start_line"], f["end_line"] + 1):
                            if n in c:
                                fn.setdefault(n, f["name"])
    return counts, funcs, branches


def defined_in(src, n):
    """The function whose body holds line n, from the source (kernel
    style: the definition starts in the first column), for lines gcov names
    no function for (code inlined into its callers)."""
    for i in range(n - 1, -1, -1):
        t = src[i]
        if t[:1] in ("", " ", "\t", "{", "}", "#", "/", "*"):
            continue
        m = re.search(r"(\w+)\s*\(", t)
        if m:
            return m.group(1)
    return "?"


def enclosing(src, n):
    """The header line of the block around line n (1-based): the nearest
    line above it that is indented less and is not a comment."""
    text = src[n - 1]
    indent = len(text) - len(text.lstrip("\t"))
    for i in range(n - 2, -1, -1):
        t = src[i]
        if not t.strip() or t.lstrip().startswith(("*", "/*", "//", "#")):
            continue
        ind = len(t) - len(t.lstrip("\t"))
        # A condition's or call's continuation: tabs, then spaces.
        if t[ind:ind + 1] == " ":
            continue
        if ind < indent:
            return i + 1, t.strip()
    return 0, ""


def indent(t):
    return len(t) - len(t.lstrip("\t"))


def plain(t):
    """A statement that falls through to the next one."""
    s = t.strip()
    return (s.endswith(";") and not JUMP.search(t) and
            not re.match(r"(if|for|while|switch|else|do|case)\b|}", s))


def ran_beside(src, n, counts, step):
    """Whether the statement next to line n in its block (the one before,
    step -1, or after, +1), with nothing between that could branch, ran:
    then line n ran too, whatever gcov says.  gcov can put a line of an
    __always_inline function in one inlined copy and its neighbours in
    another, and show it unexecuted although it ran."""
    ind = indent(src[n - 1])
    i = n + step
    while 0 < i <= len(src):
        t = src[i - 1]
        if LABEL.match(t) or "{" in t or "}" in t:
            return False
        if t.strip() and indent(t) < ind and not t.lstrip().startswith(
                ("*", "/*", "//")):
            return False
        if i in counts:
            if indent(t) != ind or not counts[i]:
                return False
            return plain(t) if step < 0 else plain(src[n - 1])
        i += step
    return False


def artefact(src, n, counts, funcs):
    """Why gcov shows line n unexecuted although it ran, or None."""
    fn = funcs.get(n)
    if re.match(r"[A-Za-z_].*\b%s\s*\(" % re.escape(fn or "@"), src[n - 1]) \
            and any(counts[l] for l, f in funcs.items() if f == fn):
        return ("gcov: the opening line of a function whose body ran inlined "
                "in its callers; the copy of its own was never called")
    if ran_beside(src, n, counts, -1) or ran_beside(src, n, counts, 1):
        return ("gcov: ran, as the statement beside it did (a line of an "
                "__always_inline function put in a copy that never ran)")
    return None


def reason(src, n, counts, funcs):
    text = src[n - 1]
    fn = funcs.get(n)
    if fn and not any(counts[l] for l, f in funcs.items() if f == fn):
        return "function never called"
    why = artefact(src, n, counts, funcs)
    if why:
        return why
    if ERROR_EXIT.search(text):
        return "error exit"
    hn, head = enclosing(src, n)
    cond = head
    # A condition split over lines: take them all.
    i = hn
    while cond and cond.count("(") > cond.count(")") and i < len(src):
        cond += " " + src[i].strip()
        i += 1
    if DEFENSIVE.search(text) or DEFENSIVE.search(cond):
        return "defensive check (WARN/BUG)"
    if re.match(r"(\}\s*else\s+)?if\s*\(\s*!", cond) or re.search(
            r"IS_ERR(_OR_NULL)?\(|==\s*NULL", cond):
        window = " ".join(src[max(0, hn - 4):hn])
        if ALLOC.search(window):
            return "allocation failure"
    if re.match(r"return\s+(err|ret|rc)\s*;", text.strip()) and re.match(
            r"(\}\s*else\s+)?if\s*\(\s*(err|ret|rc)\s*(<\s*0\s*)?\)", cond):
        return "error passed up from a callee"
    if hn and ERROR_EXIT.search(" ".join(src[n - 1:n + 3])):
        return "error exit"
    return "other: a branch not taken"


def statement_end(src, n):
    """The last line of the statement that starts on line n."""
    depth = 0
    for i in range(n, len(src) + 1):
        t = re.sub(r'"([^"\\]|\\.)*"', '""', src[i - 1])
        depth += t.count("(") - t.count(")")
        if depth <= 0 and t.rstrip().endswith((";", "{", "}")):
            return i
    return n


def exit_status(src, n, counts, branches):
    """Whether the error exit on line n was ever taken: (True, False or
    None for unknown, how that was found).  gcov gives most "return
    -EFOO;" lines no count of their own (the constant becomes an operand
    of the function's one return), so their neighbours have to tell."""
    text = src[n - 1]
    if n in counts:
        b = branches.get(n, [])
        if not counts[n]:
            return False, "its line never ran"
        if "?" in text and b and not all(b):
            return None, "its line ran, one way only"
        return True, "its line ran"
    # A statement before it in its block, nothing between that branches.
    ind = indent(text)
    i = n - 1
    while i > 0:
        t = src[i - 1]
        if t.strip() == "}" and indent(t) == ind:
            return after_loop(src, n, i - 1, counts, branches)
        if LABEL.match(t) or "{" in t or "}" in t or (
                t.strip() and indent(t) < ind):
            break
        if i in counts and indent(t) == ind:
            if not plain(t):
                return None, "after line %d, which may jump" % i
            return counts[i] > 0, "as line %d before it" % i
        if i in counts and indent(t) > ind:
            return after_loop(src, n, i, counts, branches)
        i -= 1
    # The first statement under an if: its condition's arcs.
    hn, head = enclosing(src, n)
    if re.match(r"(\}\s*)?else\s*\{?$", head):
        return under_else(src, hn, counts, branches)
    if not re.match(r"(\}\s*else\s+)?if\s*\(", head):
        return None, "not under an if"
    hend = statement_end(src, hn)
    cond = [l for l in range(hn, hend + 1) if l in counts]
    if not cond:
        return None, "its condition has no count"
    hc = counts[cond[0]]
    if not hc:
        return False, "its condition (line %d) never ran" % hn
    arcs = [x for l in cond for x in branches.get(l, [])]
    if arcs and all(arcs):
        return True, "every arc of its condition (line %d) was taken" % hn
    # A plain condition has two arcs in each copy of the code (inlined
    # functions have several): both taken in one copy is enough.
    ctext = " ".join(src[hn - 1:hend])
    simple = not re.search(r"&&|\|\||\?", ctext)
    if simple and len(arcs) % 2 == 0 and any(
            arcs[k] and arcs[k + 1] for k in range(0, len(arcs), 2)):
        return True, "both arcs of its condition (line %d) were taken" % hn
    # What runs when the condition is false: the else branch, or (the
    # body being a jump) the statement after the if.
    hind = indent(src[hn - 1])
    i = statement_end(src, n) + 1
    other = None
    while i <= len(src):
        t = src[i - 1]
        if re.match(r"\s*(\}\s*)?else\b", t) and indent(t) == hind:
            if re.match(r"\s*(\}\s*)?else\s+if\b", t):
                break
            j = i + 1
            while j <= len(src) and j not in counts:
                j += 1
            if j <= len(src) and indent(src[j - 1]) > hind:
                other = j
            break
        if t.strip() and indent(t) < hind or LABEL.match(t):
            break
        if i in counts and indent(t) == hind:
            if JUMP.search(text) or not t.strip().startswith("}"):
                other = i if JUMP.search(text) else None
            break
        i += 1
    if other is None:
        return None, "an arc of its condition (line %d) never taken" % hn
    oc = counts[other]
    how = "its condition (line %d) ran %d times, line %d %d" % (
        hn, hc, other, oc)
    if not oc:
        return True, how
    if len(arcs) == 2:
        # One arc never taken, and the false one was: the other one.
        return False, how + "; one arc of it never taken"
    # Line counts cannot settle more: a line is counted again each time
    # control comes back to it from an inlined function.
    return None, how + "; some arc of it never taken"


def under_else(src, en, counts, branches):
    """An error exit first under the else on line en: reached if its if's
    condition was ever false."""
    ind = indent(src[en - 1])
    i = en - 1
    while i > 0 and not (indent(src[i - 1]) == ind and src[i - 1].strip()
                         and src[i - 1][ind:ind + 1] != " "
                         and src[i - 1].strip() != "}"):
        i -= 1
    if not i or not re.match(r"if\s*\(", src[i - 1].strip()):
        return None, "under an else"
    hend = statement_end(src, i)
    cond = [l for l in range(i, hend + 1) if l in counts]
    arcs = [x for l in cond for x in branches.get(l, [])]
    if not cond or not counts[cond[0]]:
        return False, "its if (line %d) never ran" % i
    if arcs and all(arcs):
        return True, "both ways of its if (line %d) were taken" % i
    then = [l for l in range(hend + 1, en) if l in counts]
    if len(arcs) == 2 and then:
        return not counts[then[0]], "its if (line %d) went one way only, " \
            "line %d %d times" % (i, then[0], counts[then[0]])
    return None, "under the else of line %d" % i


def after_loop(src, n, last, counts, branches):
    """An error exit right after a loop (last: the loop body's last
    counted line): reached if the loop ever ended, by its condition
    or a break."""
    ind = indent(src[n - 1])
    i = last
    while i > 0 and not (indent(src[i - 1]) == ind and src[i - 1].strip()):
        i -= 1
    head = src[i - 1].strip() if i else ""
    if not re.match(r"(for|while)\b", head) or i not in counts:
        return None, "after line %d, a nested block" % last
    body = " ".join(src[i:n - 1])
    arcs = branches.get(i, [])
    if not counts[i]:
        return False, "the loop before it (line %d) never ran" % i
    if len(arcs) == 2 and all(arcs):
        return True, "the loop before it (line %d) ended" % i
    if len(arcs) == 2 and "break" not in body and any(
            counts.get(l) for l in range(i + 1, n)):
        return False, "the loop before it (line %d) never ended" % i
    return None, "after the loop on line %d" % i


def main():
    out = sys.argv[1]
    trees = [a.split("=", 1) for a in sys.argv[2:]]
    counts, funcs, branches = load(trees)
    src_root = trees[0][0]
    rows, uncovered, errors, unsure = [], {}, [], []
    uncovered_reason, exits_ok = {}, 0
    for path in sorted(counts, key=lambda p: (is_glue(p), p)):
        c = counts[path]
        with open(os.path.join(src_root, path)) as f:
            src = f.read().split("\n")
        lines, hit = len(c), sum(1 for v in c.values() if v)
        for n in c:
            if n not in funcs[path]:
                funcs[path][n] = defined_in(src, n)
        rows.append((path, lines, hit))
        for n in sorted(l for l, v in c.items() if not v):
            r = reason(src, n, c, funcs[path])
            if is_glue(path):
                r = "glue: " + r
            uncovered.setdefault(r, []).append(
                (path, n, funcs[path][n], src[n - 1].strip()))
            uncovered_reason[(path, n)] = r
        # Every error exit in a function gcov knows, counted or not.
        for n, text in enumerate(src, 1):
            if not ERROR_EXIT.search(text) or text.lstrip().startswith(
                    ("*", "/*", "//")):
                continue
            r = uncovered_reason.get((path, n), "")
            if "gcov:" in r:
                continue
            ok, how = exit_status(src, n, c, branches[path])
            if ok:
                exits_ok += 1
                continue
            fn = funcs[path].get(n) or defined_in(src, n)
            (errors if ok is False else unsure).append(
                (path, n, fn, text.strip(), how))

    def pct(hit, lines):
        return 100.0 * hit / lines if lines else 100.0

    table = ["%-34s %6s %8s %7s" % ("file", "lines", "covered", "%")]
    for part, glue in (("logic", False), ("glue", True)):
        part_rows = [r for r in rows if is_glue(r[0]) == glue]
        for path, lines, hit in part_rows:
            table.append("%-34s %6d %8d %7.1f" % (path, lines, hit,
                                                   pct(hit, lines)))
        lines = sum(r[1] for r in part_rows)
        hit = sum(r[2] for r in part_rows)
        table.append("%-34s %6d %8d %7.1f" % ("total, " + part, lines, hit,
                                               pct(hit, lines)))
        table.append("")
    text = table[:]
    text.append("Error exits (return -E..., ERR_PTR, err = -E..., goto "
                "err/fail/out_...): %d taken at least once" % exits_ok)
    for title, rows_ in (("never taken", errors),
                         ("taken or not, gcov cannot tell", unsure)):
        text.append("Error exits %s (%d; glue marked):" % (title, len(rows_)))
        for path, n, fn, code, how in rows_:
            text.append("  %s%s:%d %s: %s    [%s]" % (
                "[glue] " if is_glue(path) else "", path, n, fn, code, how))
        text.append("")
    order = sorted(uncovered, key=lambda r: (r.startswith("glue"), r))
    for r in order:
        text.append("Uncovered, %s (%d lines):" % (r, len(uncovered[r])))
        for path, n, fn, code in uncovered[r]:
            text.append("  %s:%d %s: %s" % (path, n, fn, code))
        text.append("")
    with open(os.path.join(out, "coverage.txt"), "w") as f:
        f.write("\n".join(text))
    print("\n".join(table).rstrip())
    print("Error exits: %d taken; never taken: %d (logic %d); gcov cannot "
          "tell: %d" % (exits_ok, len(errors),
                        sum(1 for e in errors if not is_glue(e[0])),
                        len(unsure)))


if __name__ == "__main__":
    main()
