#!/usr/bin/python3
"""Builds the crafted p0f fixtures under tests/fixtures/pcap/p0f/ and p0f 3.09b's logs of them.

Run with Debian's /usr/bin/python3 (it has scapy) from the repository root:

    /usr/bin/python3 tools/p0f_fixtures.py [--no-p0f]

For every capture NAME.pcap it writes NAME.fields: one line per TCP packet with the header
fields as they are on the wire (re-dissected from the built bytes), so unit tests can rebuild
p0f's inputs without a pcap reader; and, unless --no-p0f, NAME.log (p0f -r NAME.pcap -o
NAME.log, with /etc/p0f/p0f.fp or the capture's own .fp file). Addresses are from
198.51.100.0/24 and 2001:db8::/32 only. Every packet time is fixed, so the output is
deterministic.
"""

import os
import subprocess
import sys

from scapy.all import IP, IPv6, TCP, Ether, Raw, raw, wrpcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "pcap", "p0f")
SRV4, SRV6 = "198.51.100.200", "2001:db8::200"
ETH = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
T0 = 1700000000.0

LINUX_OPTS = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)]
WIN7_OPTS = [("MSS", 1460), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None), ("SAckOK", b"")]
MACOS_OPTS = [("MSS", 1460), ("NOP", None), ("WScale", 4), ("NOP", None), ("NOP", None),
              ("Timestamp", (700000, 0)), ("SAckOK", b""), ("EOL", None), ("EOL", None)]


class Capture:
    def __init__(self, name):
        self.name = name
        self.packets = []
        self.t = T0
        self.host = 0

    def next_client(self, v6=False):
        self.host += 1
        return "2001:db8::%x" % (0x100 + self.host) if v6 else "198.51.100.%d" % self.host

    def add(self, pkt, gap=0.001):
        self.t += gap
        pkt.time = self.t
        self.packets.append(pkt)


def ip_layer(src, dst, v6=False, **kw):
    if v6:
        return IPv6(src=src, dst=dst, hlim=kw.pop("ttl", 64), fl=kw.pop("fl", 0), tc=kw.pop("tos", 0))
    return IP(src=src, dst=dst, ttl=kw.pop("ttl", 64), flags=kw.pop("ipflags", "DF"), id=kw.pop("id", 4242),
              tos=kw.pop("tos", 0), options=kw.pop("ipopts", []))


def syn(cap, case, sport, v6=False, payload=b"", client=None, **kw):
    """A SYN from a fresh client host; returns (client, packet)."""
    client = client or cap.next_client(v6)
    tcpkw = dict(sport=sport, dport=80, flags=kw.pop("flags", "S"), seq=kw.pop("seq", 1000),
                 ack=kw.pop("ack", 0), window=kw.pop("window", 29200), urgptr=kw.pop("urgptr", 0),
                 reserved=kw.pop("reserved", 0), options=kw.pop("options", LINUX_OPTS))
    p = ETH / ip_layer(client, SRV6 if v6 else SRV4, v6, **kw) / TCP(**tcpkw)
    if payload:
        p = p / Raw(payload)
    cap.add(p)
    return client, p


def synack(cap, client, sport, v6=False, **kw):
    tcpkw = dict(sport=80, dport=sport, flags="SA", seq=kw.pop("seq", 5000), ack=1001,
                 window=kw.pop("window", 28960), options=kw.pop("options", LINUX_OPTS))
    p = ETH / ip_layer(SRV6 if v6 else SRV4, client, v6, **kw) / TCP(**tcpkw)
    cap.add(p)
    return p


def tcp_cases():
    cap = Capture("tcp_cases")
    port = 20000

    def nxt():
        nonlocal port
        port += 1
        return port

    # Linux 3.11+: exact; fuzzy on a missing DF, on ECN, on id-; TTL too far / too high.
    syn(cap, "linux_exact", nxt(), ttl=61)
    syn(cap, "linux_no_df", nxt(), ttl=61, ipflags=0, id=777)
    syn(cap, "linux_ecn", nxt(), ttl=61, flags="SEC")
    syn(cap, "linux_id_zero", nxt(), ttl=61, ipflags=0, id=0)
    syn(cap, "linux_far", nxt(), ttl=20)
    syn(cap, "linux_ttl_above", nxt(), ttl=70)
    syn(cap, "linux_tos", nxt(), ttl=64, tos=0xb8)
    syn(cap, "linux_v6", nxt(), v6=True, ttl=57, options=[("MSS", 1440)] + LINUX_OPTS[1:], window=28800)
    syn(cap, "linux_v6_flow", nxt(), v6=True, ttl=57, fl=0x12345, options=[("MSS", 1440)] + LINUX_OPTS[1:],
        window=28800)
    # Windows: 7/8 exact, 10/11 only the generic NT catch-all.
    syn(cap, "win7", nxt(), ttl=120, window=8192, options=WIN7_OPTS)
    syn(cap, "win10_generic", nxt(), ttl=117, window=64240, options=WIN7_OPTS)
    # macOS with EOL padding.
    syn(cap, "macos_eol", nxt(), ttl=60, window=65535, options=MACOS_OPTS)
    # NMap: application signatures with a random TTL; no fuzzy match for them.
    nmap = [("MSS", 1460)]
    syn(cap, "nmap_syn", nxt(), ttl=50, ipflags=0, id=999, window=1024, options=nmap)
    syn(cap, "nmap_excess", nxt(), ttl=20, ipflags=0, id=999, window=1024, options=nmap)
    syn(cap, "nmap_fuzzy_refused", nxt(), ttl=50, ipflags=0, id=0, window=1024, options=nmap)
    syn(cap, "nmap_ttl_above", nxt(), ttl=70, ipflags=0, id=999, window=1024, options=nmap)
    # NMap OS detection's T1-like probe, only fuzzily (id- appears): the sole fuzzy candidate
    # is an application signature, so p0f reports nothing and leaves the distance at 0.
    syn(cap, "nmap_os_fuzzy_app", nxt(), ttl=50, ipflags=0, id=0, window=512, ack=0x01000000,
        options=[("MSS", 265), ("SAckOK", b""), ("Timestamp", (1, 0))])
    # Window forms: mtu*N (OpenVMS 8.x), mss*N with MSS-12 under timestamps, literal.
    syn(cap, "openvms_mtu2", nxt(), ttl=128, ipflags=0, id=5, window=3000,
        options=[("MSS", 1460), ("NOP", None), ("WScale", 0)])
    syn(cap, "linux_mss_minus_12", nxt(), ttl=64, window=14480)
    syn(cap, "win_1460_fallback", nxt(), ttl=64, window=14600, options=[("MSS", 1380)] + LINUX_OPTS[1:])
    # Unknown layouts and odd quirks.
    syn(cap, "unknown_opt", nxt(), ttl=200, window=1234,
        options=[("MSS", 1200), (30, b"\x01\x02"), ("NOP", None), ("WScale", 15)])
    syn(cap, "quirk_zoo", nxt(), ttl=64, seq=0, ack=0x01000000, flags="SP", urgptr=7, ipflags="evil+DF",
        options=[("MSS", 1460), ("Timestamp", (0, 99))])
    syn(cap, "ack_low_wire_byte", nxt(), ttl=64, ack=0x00000001)
    syn(cap, "ack_high_wire_byte", nxt(), ttl=64, ack=0x03000000)
    syn(cap, "urgent_flag", nxt(), ttl=64, flags="SU", urgptr=1)
    syn(cap, "eol_garbage", nxt(), ttl=64,
        options=[("MSS", 1460), ("EOL", None), (1, None), (0, None), (0, None)])
    syn(cap, "bad_mss_len", nxt(), ttl=64, options=[(2, b"\x05\xb4\x00"), ("NOP", None)])
    syn(cap, "payload_syn", nxt(), ttl=64, payload=b"hello")
    syn(cap, "ip_options", nxt(), ttl=64, ipopts=[b"\x01\x01\x01\x00"])
    # SYN+ACK side: Linux 3.x server, a window that is a multiple of the peer's MSS, and an
    # echo of p0f-sendsyn's MSS.
    p = nxt()
    c, _ = syn(cap, "pair_linux", p, ttl=64)
    synack(cap, c, p, ttl=62, window=14600, options=[("MSS", 1460), ("SAckOK", b""),
                                                     ("Timestamp", (777, 12345)), ("NOP", None), ("WScale", 7)])
    p = nxt()
    c, _ = syn(cap, "pair_peer_mss", p, ttl=64, options=[("MSS", 1300)])
    synack(cap, c, p, ttl=64, window=5200, options=[("MSS", 1200)])
    p = nxt()
    c, _ = syn(cap, "pair_sendsyn_echo", p, ttl=64)
    synack(cap, c, p, ttl=64, window=5000, options=[("MSS", 1331)])
    p = nxt()
    c, _ = syn(cap, "pair_v6", p, v6=True, ttl=64, options=[("MSS", 1440)] + LINUX_OPTS[1:], window=28800)
    synack(cap, c, p, v6=True, ttl=64, window=14400, options=[("MSS", 1440), ("SAckOK", b""),
                                                              ("Timestamp", (1, 2)), ("NOP", None), ("WScale", 7)])
    return cap


def custom_cases():
    """Window-modulo and other forms the shipped file lacks, matched against custom.fp."""
    cap = Capture("custom_cases")
    syn(cap, "mod_hit", 30001, ttl=64, window=4096, options=[("MSS", 1460)])
    syn(cap, "mod_miss", 30002, ttl=64, window=4100, options=[("MSS", 1460)])
    syn(cap, "generic_fallback", 30003, ttl=64, window=7777, options=[("NOP", None)] * 4)
    syn(cap, "specific_over_generic", 30004, ttl=64, window=5555, options=[("NOP", None)] * 4)
    syn(cap, "opt_unknown_kind", 30005, ttl=64, window=100, options=[(77, b"\x00\x00")])
    return cap


def uptime_cases():
    """Pairs of SYNs from one host: p0f computes uptime from the TS progression."""
    cap = Capture("uptime_cases")
    for i, (hz, dt, ts0) in enumerate([(1000, 2.0, 5000000), (100, 10.0, 360000),
                                       (250, 1.0, 100000000), (3, 30.0, 100), (2000, 1.0, 7)]):
        client = cap.next_client()
        for k in range(2):
            ts = ts0 + int(round(hz * dt * k))
            opts = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (ts, 0)), ("NOP", None), ("WScale", 7)]
            syn(cap, "uptime", 40000 + 10 * i + k, client=client, ttl=64, options=opts)
            cap.t += dt - 0.001
    return cap


HTTP_REQUESTS = [
    ("curl", b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
    ("curl_old_order", b"GET / HTTP/1.1\r\nUser-Agent: curl/7.29.0\r\nHost: 198.51.100.200\r\nAccept: */*\r\n\r\n"),
    ("wget", b"GET / HTTP/1.1\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
             b"Host: 198.51.100.200\r\nConnection: Keep-Alive\r\n\r\n"),
    ("wget_old", b"GET / HTTP/1.0\r\nUser-Agent: Wget/1.12 (linux-gnu)\r\nAccept: */*\r\n"
                 b"Host: 198.51.100.200\r\nConnection: Keep-Alive\r\n\r\n"),
    ("firefox", b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; "
                b"rv:109.0) Gecko/20100101 Firefox/115.0\r\nAccept: text/html,application/xhtml+xml,"
                b"application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\n"
                b"Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\n\r\n"),
    ("chrome", b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nConnection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\n"
               b"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               b"Chrome/120.0.0.0 Safari/537.36\r\nAccept: text/html,application/xhtml+xml,application/xml;"
               b"q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\r\n"
               b"Accept-Encoding: gzip, deflate\r\nAccept-Language: de-DE,de;q=0.9,en;q=0.8\r\n\r\n"),
    ("chrome_cookie", b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nUser-Agent: Mozilla/5.0 "
                      b"(X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 "
                      b"Safari/537.36\r\nAccept: */*\r\nReferer: http://a/\r\nAccept-Encoding: gzip, deflate, sdch\r\n"
                      b"Accept-Language: fr\r\nCookie: a=b\r\n\r\n"),
    ("msie8", b"GET / HTTP/1.1\r\nAccept: */*\r\nAccept-Language: pl\r\nUser-Agent: Mozilla/4.0 (compatible; "
              b"MSIE 8.0; Windows NT 5.1; Trident/4.0)\r\nAccept-Encoding: gzip, deflate\r\nHost: a\r\n"
              b"Connection: Keep-Alive\r\n\r\n"),
    ("dishonest", b"GET / HTTP/1.1\r\nUser-Agent: NotCurl/1.0\r\nHost: a\r\nAccept: */*\r\n\r\n"),
    ("anonymous_via", b"HEAD / HTTP/1.0\r\nHost: a\r\nVia: 1.1 proxy\r\nX-Odd: a|b]c\r\nAccept-Language: x\r\n\r\n"),
    ("unknown_lang", b"GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\nAccept-Language: qq-ZZ\r\n\r\n"),
    ("lowercase_names", b"GET / HTTP/1.1\r\nhost: a\r\nuser-agent: curl/8\r\naccept: */*\r\n\r\n"),
    ("bar_in_value", b"GET / HTTP/1.1\r\nHost: a\r\nAccept: a|b\r\nUser-Agent: x]y\r\nOrigin: o\r\n\r\n"),
]

HTTP_RESPONSES = [
    ("apache", b"HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: Apache/2.4.57 (Debian)\r\n"
               b"Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nETag: \"x\"\r\nAccept-Ranges: bytes\r\n"
               b"Content-Length: 5\r\nVary: Accept-Encoding\r\nContent-Type: text/html\r\n\r\nhello"),
    ("nginx", b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
              b"Content-Type: text/html\r\nContent-Length: 5\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
              b"Connection: keep-alive\r\nETag: \"x\"\r\nAccept-Ranges: bytes\r\n\r\nhello"),
    ("iis", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
            b"Accept-Ranges: bytes\r\nETag: \"x\"\r\nServer: Microsoft-IIS/10.0\r\nDate: Mon, 01 Jan 2024 "
            b"00:00:00 GMT\r\nContent-Length: 5\r\n\r\nhello"),
    ("lighttpd", b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nAccept-Ranges: bytes\r\nContent-Length: 5\r\n"
                 b"Date: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: lighttpd/1.4.69\r\n\r\nhello"),
]


def http_cases():
    """One TCP connection per request; the first HTTP_RESPONSES get answered."""
    cap = Capture("http_cases")
    for i, (_, req) in enumerate(HTTP_REQUESTS):
        sport = 50000 + i
        client, _ = syn(cap, "http", sport, ttl=64)
        synack(cap, client, sport, ttl=64)
        c_ip, s_ip = ip_layer(client, SRV4, ttl=64), ip_layer(SRV4, client, ttl=64)
        cap.add(ETH / c_ip / TCP(sport=sport, dport=80, flags="A", seq=1001, ack=5001, window=229))
        cap.add(ETH / c_ip / TCP(sport=sport, dport=80, flags="PA", seq=1001, ack=5001, window=229) / Raw(req))
        if i < len(HTTP_RESPONSES):
            resp = HTTP_RESPONSES[i][1]
            cap.add(ETH / s_ip / TCP(sport=80, dport=sport, flags="PA", seq=5001, ack=1001 + len(req),
                                     window=229) / Raw(resp))
    return cap


def field_line(pkt):
    """The wire fields of one frame, re-dissected from its bytes."""
    frame = Ether(raw(pkt))
    ipl = frame.payload
    tcp = ipl[TCP]
    if ipl.version == 4:
        ipf = "ver=4 ttl=%d ihl=%d tos=%d flags=%d id=%d flow=0" % (ipl.ttl, ipl.ihl, ipl.tos, int(ipl.flags), ipl.id)
        src, dst = ipl.src, ipl.dst
    else:
        ipf = "ver=6 ttl=%d ihl=10 tos=%d flags=0 id=0 flow=%d" % (ipl.hlim, ipl.tc, ipl.fl)
        src, dst = ipl.src, ipl.dst
    opts = raw(tcp)[20:tcp.dataofs * 4].hex() or "-"
    payload = bytes(tcp.payload)
    return ("src=%s sport=%d dst=%s dport=%d time=%.6f %s tcpflags=%d res=%d seq=%d ack=%d win=%d urg=%d "
            "doff=%d opts=%s payload=%s") % (
        src, tcp.sport, dst, tcp.dport, pkt.time, ipf, int(tcp.flags), tcp.reserved, tcp.seq, tcp.ack,
        tcp.window, tcp.urgptr, tcp.dataofs, opts, payload.hex() or "-")


def write(cap, run_p0f, fp_file="/etc/p0f/p0f.fp"):
    base = os.path.join(OUT, cap.name)
    wrpcap(base + ".pcap", cap.packets)
    with open(base + ".fields", "w") as f:
        f.write("# %s.pcap: one line per packet (tools/p0f_fixtures.py)\n" % cap.name)
        for p in cap.packets:
            f.write(field_line(p) + "\n")
    if run_p0f:
        if os.path.exists(base + ".log"):
            os.remove(base + ".log")
        env = dict(os.environ, TZ="UTC")
        subprocess.run(["p0f", "-f", fp_file, "-r", base + ".pcap", "-o", base + ".log"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def main():
    run_p0f = "--no-p0f" not in sys.argv
    os.makedirs(OUT, exist_ok=True)
    write(tcp_cases(), run_p0f)
    write(custom_cases(), run_p0f, os.path.join(OUT, "custom.fp"))
    write(uptime_cases(), run_p0f)
    write(http_cases(), run_p0f)


if __name__ == "__main__":
    main()
