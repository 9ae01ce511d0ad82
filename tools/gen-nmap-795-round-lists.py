#!/usr/bin/env python3
"""Writes tests/fixtures/nmap-os-7.95/<persona>/rounds.txt: Nmap 7.95's own match list for
every round a recorded 7.95 fingerprint may stand for.

Since 7.94 Nmap prints the rounds of an OS scan merged, keeping every distinct test line
sorted by value, so which SEQ line came from which round is lost; its report comes from
the first round whose best match is the most accurate. The rounds are rebuilt here as
whorl's fp/match/best_round.cpp rebuilds them (one line per test name, every
combination, the earlier printed lines varying slowest, at most 32), and each is matched
by Nmap 7.95's own code (the nmap-os-match oracle of `tools/nmap-oracle.sh matcher`)
against Debian 13's nmap-os-db. tests/unit/report/nmap_fixtures_test.cpp requires whorl's
list to equal Nmap's for every round: name, line, order and accuracy to 6 decimals.

It also writes tests/fixtures/nmap-os/<persona>/rounds-7.95.txt: Nmap 7.95's lists for the
7.93 recordings, matched against Debian 12's (7.93) nmap-os-db, which 7.95 reads too (its
rules then apply to the old file: implicit R=Y, exact alternatives, hex text comparisons).

Format: a block per round: its test lines, a line "--", Nmap's matches
("accuracy<TAB>line<TAB>name"), "result=... perfect=N", then "----".
Usage: tools/gen-nmap-795-round-lists.py
"""
import itertools
import os
import re
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.join(REPO, "tests", "fixtures", "nmap-os-7.95")


def oracle():
    if os.environ.get("WHORL_NMAP_OS_MATCH"):
        return os.environ["WHORL_NMAP_OS_MATCH"], os.environ["WHORL_NMAP795_DATADIR"]
    out = subprocess.run([os.path.join(REPO, "tools", "nmap-oracle.sh"), "all"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.split()
    matcher = subprocess.run([os.path.join(REPO, "tools", "nmap-oracle.sh"), "matcher"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.split()
    return matcher[-1], out[0]


def tests_of(text):
    text = text.strip()
    if text.startswith("OS:"):
        text = "".join(line[3:] for line in text.splitlines())
        return re.findall(r"[A-Z0-9]+\([^)]*\)", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def rounds(tests):
    names, groups = [], {}
    for t in tests:
        name = t.split("(")[0]
        if name == "SCAN":
            continue
        if name not in groups:
            names.append(name)
            groups[name] = []
        groups[name].append(t)
    return [list(c) for c in itertools.islice(itertools.product(*[groups[n] for n in names]), 32)]


def write_rounds(matcher, db, root, out_name):
    total = 0
    for persona in sorted(os.listdir(root)):
        path = os.path.join(root, persona, "fingerprint.txt")
        if not os.path.isfile(path):
            continue
        cands = rounds(tests_of(open(path).read()))
        query = "".join("\n".join(c) + "\n----\n" for c in cands)
        out = subprocess.run([matcher, db], input=query, check=True, stdout=subprocess.PIPE, text=True).stdout
        answers = out.split("----\n")
        with open(os.path.join(root, persona, out_name), "w") as f:
            for c, a in zip(cands, answers):
                f.write("\n".join(c) + "\n--\n" + a + "----\n")
        total += len(cands)
    print(f"{root}: {total} rounds matched by Nmap 7.95 against {db}")


def main():
    matcher, datadir = oracle()
    write_rounds(matcher, os.path.join(datadir, "nmap-os-db"), ROOT, "rounds.txt")
    write_rounds(matcher, "/usr/share/nmap/nmap-os-db", os.path.join(REPO, "tests", "fixtures", "nmap-os"),
                 "rounds-7.95.txt")


if __name__ == "__main__":
    main()
