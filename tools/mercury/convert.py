#!/usr/bin/env python3
"""Converts Cisco mercury's OS-labelled fingerprint tables into whorl's data/mercury/.

Source: the mercury project (https://github.com/cisco/mercury), its OS fingerprint
databases fingerprint-db-{tls,tcp}-os.json.gz, BSD 2-Clause-style licence (Copyright (c)
2019-2023 Cisco Systems, Inc.), as provided in ../shared/data/mercury-os/ with their
LICENSE, which is copied beside the output.

Each JSON line {"str_repr", "total_count", "os_info": {CPE: share}} becomes one line
    <fingerprint string> TAB <observations> TAB <vendor:product:version>=<share>;...
CPE 2.3 names are shortened to their vendor, product and version fields; shares keep
mercury's four decimals. Lines are sorted by fingerprint so the files diff well.
Fingerprints mercury saw only once are left out (MIN_SIGHTINGS): 9,784 of the TLS table's
13,633, three quarters of its size for 0.0005 % of its sightings, and no OS evidence a
single sighting can carry.

Usage: tools/mercury/convert.py [SOURCE_DIR [OUT_DIR]]
"""
import gzip
import json
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data", "mercury-os")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "data", "mercury")


def short_cpe(cpe):
    parts = cpe.split(":")
    if len(parts) < 6 or parts[0] != "cpe" or parts[2] != "o":
        raise ValueError("unexpected CPE: " + cpe)
    return ":".join(parts[3:6])


MIN_SIGHTINGS = 2


def convert(kind):
    rows = []
    with gzip.open(os.path.join(src, "fingerprint-db-%s-os.json.gz" % kind), "rt") as f:
        for n, line in enumerate(f, 1):
            d = json.loads(line)
            fp, count = d["str_repr"], int(d["total_count"])
            if count < MIN_SIGHTINGS:
                continue
            if "\t" in fp or "\n" in fp:
                raise ValueError("line %d: fingerprint with a tab or newline" % n)
            shares = sorted(d["os_info"].items(), key=lambda kv: (-kv[1], kv[0]))
            dist = ";".join("%s=%s" % (short_cpe(c), format(p, ".4f").rstrip("0").rstrip(".")) for c, p in shares)
            rows.append((fp, count, dist))
    rows.sort()
    path = os.path.join(out, "%s-os.tsv" % kind)
    with open(path, "w") as f:
        f.write("# %s fingerprints -> OS shares, from Cisco mercury's fingerprint-db-%s-os.json.gz\n" % (kind.upper(), kind))
        f.write("# (BSD licence: LICENSE beside this file). Regenerate with tools/mercury/convert.py.\n")
        f.write("# Fingerprints seen fewer than %d times are left out.\n" % MIN_SIGHTINGS)
        f.write("# fingerprint<TAB>observations<TAB>vendor:product:version=share;...\n")
        for fp, count, dist in rows:
            f.write("%s\t%d\t%s\n" % (fp, count, dist))
    print("%s: %d fingerprints" % (path, len(rows)))


os.makedirs(out, exist_ok=True)
for kind in ("tls", "tcp"):
    convert(kind)
shutil.copyfile(os.path.join(src, "LICENSE"), os.path.join(out, "LICENSE"))
