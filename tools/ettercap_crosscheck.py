#!/usr/bin/python3
"""Records Ettercap's own key computation for tests/fixtures/pcap/ettercap/.

Writes crafted.pcap (IPv4 SYNs and SYN+ACKs, one per source address, with TTLs, windows,
MSS values, option sets, DF and IP/TCP header lengths chosen to exercise every field of
the 28-character etter.finger.os key), runs the installed `ettercap -T -q -r` on it with
`-L`, and extracts from the binary info log (.eci) the fingerprint Ettercap computed for
every host. Writes ettercap-keys.txt: "<source address> <key>".

Why from the .eci and not from Ettercap's answer: Ettercap 0.8.3.1 (Debian 12) builds
the key with strncpy()s that also copy the terminating NUL over the ':' after each field
(Ettercap issue #1129, fix PR #1130 still open), so fingerprint_search() sees a 4-byte
string and always answers "UNKNOWN". The 28 bytes in the log still hold every field that
Ettercap's decoders computed; putting the ':' separators back at their fixed columns
restores the key the fixed Ettercap would look up (the DF field is written as "%d" of
0x4000 truncated to one digit, "1"). The pcap is only read, never sent; its addresses are
from 198.51.100.0/24. Run from the repository root:
    tools/ettercap_crosscheck.py [OUTDIR]
"""
import os
import random
import re
import subprocess
import sys
import tempfile

from scapy.all import IP, TCP, Ether, IPOption_NOP, wrpcap

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/pcap/ettercap"
SEPARATORS = (4, 9, 12, 15, 17, 19, 21, 23, 25)
KEY_RE = re.compile(rb"[0-9A-F]{4}[\x00:]([0-9A-F]{4}|_MSS)[\x00:][0-9A-F]{2}[\x00:]([0-9A-F]{2}|WS)"
                    rb"[\x00:][01][\x00:][01][\x00:][01][\x00-\xff][01][\x00:][SA][\x00:]([0-9A-F]{2})\x00")


def options_for(rng, case):
    """A TCP option list from a case dict (mss, ws, sack, ts, nop, extra)."""
    opts = []
    if case.get("mss") is not None:
        opts.append(("MSS", case["mss"]))
    if case.get("nop"):
        opts.append(("NOP", None))
    if case.get("ws") is not None:
        opts.append(("WScale", case["ws"]))
    if case.get("sack"):
        opts.append(("SAckOK", b""))
    if case.get("ts"):
        opts.append(("Timestamp", (rng.randrange(1, 2**32), 0)))
    for extra in case.get("extra", []):
        opts.append(extra)
    return opts


def cases(rng):
    out = []
    ttls = [0, 1, 2, 3, 31, 32, 33, 60, 63, 64, 65, 100, 127, 128, 129, 200, 254, 255]
    for ttl in ttls:
        out.append(dict(ttl=ttl, win=5840, mss=1460, ws=7, sack=True, ts=True, nop=True, df=True, flags="S"))
    # Every option subset, with and without DF, SYN and SYN+ACK.
    for bits in range(32):
        for flags in ("S", "SA"):
            out.append(dict(ttl=rng.choice([50, 64, 120, 128, 250]), win=rng.choice([0, 1, 512, 8192, 16384, 65535]),
                            mss=(rng.choice([0, 536, 1380, 1460, 65535]) if bits & 1 else None),
                            ws=(rng.choice([0, 2, 7, 14, 15]) if bits & 2 else None), sack=bool(bits & 4),
                            ts=bool(bits & 8), nop=bool(bits & 16), df=rng.random() < 0.5, flags=flags))
    # IP options change LEN; odd TCP options (SACK blocks, unknown kinds, EOL then bytes).
    out.append(dict(ttl=64, win=65535, mss=1460, ws=None, sack=False, ts=False, nop=False, df=True, flags="S",
                    ipopts=4))
    out.append(dict(ttl=64, win=65535, mss=1460, ws=3, sack=True, ts=False, nop=False, df=True, flags="S",
                    ipopts=12))
    out.append(dict(ttl=128, win=8192, mss=1460, ws=8, sack=True, ts=False, nop=True, df=True, flags="SA",
                    extra=[(30, b"\x00\x00"), ("EOL", None)]))
    # Keys taken from etter.finger.os itself are added by the caller.
    return out


def build(case, i, rng):
    src = "198.51.100.%d" % (i + 1)
    ip = IP(src=src, dst="198.51.100.254", ttl=case["ttl"], flags=("DF" if case["df"] else 0),
            id=rng.randrange(1, 65536))
    if case.get("ipopts"):
        ip.options = [IPOption_NOP()] * case["ipopts"]
    tcp = TCP(sport=rng.randrange(1024, 65536), dport=80, flags=case["flags"], window=case["win"],
              seq=rng.randrange(2**32), ack=(rng.randrange(1, 2**32) if "A" in case["flags"] else 0),
              options=options_for(rng, case))
    return Ether(src="02:00:00:00:%02x:%02x" % (i >> 8, i & 0xFF), dst="02:00:00:00:ff:fe") / ip / tcp


def entries_as_cases():
    """Cases whose key is an existing etter.finger.os entry (exact lookups)."""
    out = []
    with open("/usr/share/ettercap/etter.finger.os", encoding="latin-1") as f:
        lines = [l for l in f if l[:1] not in ("#", "\n") and len(l) > 29]
    rng = random.Random(7)
    for line in rng.sample(lines, 60):
        k = line[:28]
        if k[26:28] == "LT":
            continue
        win, mss, ttl, ws, s, n, d, t, fl, ln = k.split(":")
        case = dict(ttl=int(ttl, 16), win=int(win, 16), mss=(None if mss == "_MSS" else int(mss, 16)),
                    ws=(None if ws == "WS" else int(ws, 16)), sack=s == "1", ts=t == "1", nop=n == "1",
                    df=d == "1", flags=("SA" if fl == "A" else "S"))
        # Pad the IP header with options to reach LEN when the TCP options fall short.
        optlen = (4 if case["mss"] is not None else 0) + (3 if case["ws"] is not None else 0) + \
                 (2 if case["sack"] else 0) + (10 if case["ts"] else 0) + (1 if case["nop"] else 0)
        tcp_len = 20 + (optlen + 3) // 4 * 4
        extra_ip = int(ln, 16) - 20 - tcp_len
        if extra_ip < 0 or extra_ip % 4 or extra_ip > 40:
            continue
        case["ipopts"] = extra_ip
        out.append(case)
    return out


def main():
    rng = random.Random(2024)
    all_cases = cases(rng) + entries_as_cases()
    pkts = [build(c, i, rng) for i, c in enumerate(all_cases)]
    assert len(pkts) <= 253
    os.makedirs(OUT, exist_ok=True)
    pcap = os.path.join(OUT, "crafted.pcap")
    wrpcap(pcap, pkts)
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)  # ettercap drops privileges to nobody before writing its log
        log = os.path.join(tmp, "ec")
        subprocess.run(["ettercap", "-T", "-q", "-r", pcap, "-L", log], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        data = open(log + ".eci", "rb").read()
    keys = {}
    for m in KEY_RE.finditer(data):
        raw = bytearray(data[m.start():m.start() + 28])
        ip = data[m.start() - 85:m.start() - 81]  # the host address precedes the fingerprint
        for at in SEPARATORS:
            raw[at] = ord(":")
        keys["%d.%d.%d.%d" % tuple(ip)] = raw.decode()
    with open(os.path.join(OUT, "ettercap-keys.txt"), "w") as f:
        f.write("# Keys Ettercap 0.8.3.1 computed for crafted.pcap (tools/ettercap_crosscheck.py)\n")
        for i in range(len(pkts)):
            src = "198.51.100.%d" % (i + 1)
            f.write("%s %s\n" % (src, keys.get(src, "none")))
    print("%d packets, %d keys from ettercap" % (len(pkts), len(keys)))


if __name__ == "__main__":
    main()
