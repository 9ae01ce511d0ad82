#!/usr/bin/env python3
"""Builds data/whorl-os-db, whorl's own reference prints in nmap-os-db syntax, from the
stacks measured in the lab (data/measured/<stack>/: meta.txt and run-N.fp, made by the
scripts in tools/stacks/). Nothing here comes from any nmap-os-db: every value is one
whorl observed.

For each stack and each test seen in at least half of its runs, each attribute becomes:
  - SEQ's SP, ISR and GCD, and a TS that varies: a range over the runs' values, widened
    by an eighth of its span and at least 8 (4 for GCD, 2 for TS) each way, as a run of
    ISNs or clocks can land anywhere near the measured ones;
  - otherwise the values seen, joined with '|' (one value in almost every case).
The file has no MatchPoints: it is read after the installed nmap-os-db, with its weights.

With --ipv6 it builds data/whorl-os6-db the same way from data/measured6/<stack>/ (made by
tools/stacks/ipv6-os.sh --measure): each run-N.fp is the stack's TCP answers over IPv6 as
whorl's IPv6 verdict restates them in nmap-os-db's IPv4 terms (docs/decisions/0027), and
each print's name ends with " over IPv6", apart from the same stack's IPv4 print; the runs
also hold whorl's V6 test (fp/active6/ipv6_only_test), which the file's MatchPoints weighs.

Usage: tools/stacks/build-whorl-os-db.py [OUT]          (default data/whorl-os-db)
       tools/stacks/build-whorl-os-db.py --ipv6 [OUT]   (default data/whorl-os6-db)
"""
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEASURED = os.path.join(REPO, "data", "measured")
MEASURED6 = os.path.join(REPO, "data", "measured6")
HEADER = ("# whorl's own reference OS prints (nmap-os-db syntax, no MatchPoints: read after the\n"
          "# installed nmap-os-db). Made by tools/stacks/build-whorl-os-db.py from the lab\n"
          "# measurements in data/measured/ (tools/stacks/*.sh); nothing is taken from any nmap-os-db.\n\n")
HEADER6 = ("# whorl's own IPv6 reference prints (nmap-os-db syntax): each stack's TCP answers over\n"
           "# IPv6 in nmap-os-db's IPv4 terms, as whorl's IPv6 verdict reads them, and whorl's V6 test\n"
           "# of what IPv6 alone shows (docs/decisions/0027). Made by tools/stacks/build-whorl-os-db.py\n"
           "# --ipv6 from data/measured6/, measured by tools/stacks/ipv6-os.sh --measure; nothing is\n"
           "# taken from any nmap-os-db. Read after the installed nmap-os-db and data/whorl-os-db, for\n"
           "# IPv6 targets only.\n"
           "#\n"
           "# The MatchPoints line weighs V6 alone (Nmap's tests keep the installed weights). The weights\n"
           "# are whorl's, set on the scale of Nmap's for facts of the same kind, not fitted: FL, a\n"
           "# stack-wide flow-label policy, 50 (Nmap's CI, an IP ID policy); each ICMPv6 answer type\n"
           "# 25 (half of Nmap's R=50 for U1 and IE); the neighbor advertisement's flags 40 and its\n"
           "# link-layer option 30; TG 15 as every TG. In all 210, about a twelfth of what the TCP\n"
           "# tests weigh, so Nmap's prints (without V6) are not held to compare too few points.\n\n"
           "MatchPoints\n"
           "V6(FL=50%I1=25%I2=25%U=25%NA=40%NO=30%TG=15)\n\n")
ORDER = ["SEQ", "OPS", "WIN", "ECN", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "U1", "IE", "V6"]


def tests_of(text):
    text = text.strip()
    if text.startswith("OS:"):
        text = "".join(line[3:] for line in text.splitlines())
    out = []
    for name, body in re.findall(r"([A-Z0-9]+)\(([^)]*)\)", text):
        if name == "SCAN":
            continue
        attrs = [tuple(a.split("=", 1)) for a in body.split("%")] if body else []
        out.append((name, attrs))
    return out


def hexval(v):
    try:
        return int(v, 16)
    except ValueError:
        return None


def widened(values, least):
    nums = [hexval(v) for v in values]
    if any(n is None for n in nums):
        return None
    lo, hi = min(nums), max(nums)
    pad = max(least, (hi - lo) // 8)
    lo, hi = max(0, lo - pad), hi + pad
    return f"{lo:X}-{hi:X}"


def expression(test, attr, values):
    distinct = sorted(set(values), key=lambda v: (values.index(v)))
    if test == "SEQ" and attr in ("SP", "ISR", "GCD", "TS") and len(distinct) > 1:
        least = {"SP": 8, "ISR": 8, "GCD": 4, "TS": 2}[attr]
        r = widened(distinct, least)
        if r:
            return r
    if test == "SEQ" and attr in ("SP", "ISR") and len(distinct) == 1:
        r = widened(distinct, 8)
        if r:
            return r
    return "|".join(distinct)


def stack_print(directory, suffix=""):
    meta = {}
    for line in open(os.path.join(directory, "meta.txt")):
        key, _, value = line.partition(":")
        if value:
            meta[key.strip()] = value.strip()
    runs = sorted(f for f in os.listdir(directory) if re.fullmatch(r"run-\d+\.fp", f))
    if not runs or "name" not in meta or "class" not in meta:
        return None
    per_test = {}
    for run in runs:
        seen = set()
        for name, attrs in tests_of(open(os.path.join(directory, run)).read()):
            if name in seen:
                continue
            seen.add(name)
            entry = per_test.setdefault(name, {"runs": 0, "attrs": {}, "order": []})
            entry["runs"] += 1
            for a, v in attrs:
                if a not in entry["attrs"]:
                    entry["attrs"][a] = []
                    entry["order"].append(a)
                entry["attrs"][a].append(v)
    name = meta["name"] + suffix
    lines = [f"# {name}: {len(runs)} runs measured by whorl in the lab",
             f"# {meta.get('measured', '')}"[:2000]]
    if meta.get("source"):
        lines.append(f"# source: {meta['source']}"[:2000])
    lines.append(f"Fingerprint {name}")
    lines.append(f"Class {meta['class']}")
    if meta.get("cpe"):
        lines.append(f"CPE {meta['cpe']} auto")
    for name in sorted(per_test, key=lambda n: ORDER.index(n) if n in ORDER else 99):
        entry = per_test[name]
        if entry["runs"] * 2 < len(runs):
            continue
        body = "%".join(f"{a}={expression(name, a, entry['attrs'][a])}" for a in entry["order"])
        lines.append(f"{name}({body})")
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    ipv6 = "--ipv6" in args
    args = [a for a in args if a != "--ipv6"]
    measured, suffix, header = (MEASURED6, " over IPv6", HEADER6) if ipv6 else (MEASURED, "", HEADER)
    out = args[0] if args else os.path.join(REPO, "data", "whorl-os6-db" if ipv6 else "whorl-os-db")
    blocks = []
    for stack in sorted(os.listdir(measured)):
        d = os.path.join(measured, stack)
        if os.path.isdir(d):
            block = stack_print(d, suffix)
            if block:
                blocks.append(block)
    with open(out, "w") as f:
        f.write(header)
        f.write("\n\n".join(blocks) + "\n")
    print(f"{len(blocks)} prints -> {out}")


if __name__ == "__main__":
    main()
