#!/usr/bin/python3
"""Builds the crafted passive-pipeline captures under tests/fixtures/pcap/passive/ and p0f
3.09b's logs of them.

Run with Debian's /usr/bin/python3 (it has scapy) from the repository root:

    /usr/bin/python3 tools/passive_fixtures.py [--no-p0f] [NAME...]

Where tools/p0f_fixtures.py exercises p0f's signature logic one packet at a time, these
captures exercise the connection logic around it and the ways packets reach it: the flow
life cycle (retransmissions, resets, stray and repeated SYN+ACKs, application signatures,
p0f-sendsyn, FIN/RST), HTTP over several segments and out of order, every link type, VLAN
tags, IPv6 extension headers, fragments, truncated packets, NAT / host-change scoring,
the connection and host caps and timeouts (-m / -t), and hosts seen through several
evidence channels at once for the fusion beyond p0f (SYNs, HTTP, DHCP, ICMP echo).

For every capture NAME.pcap it writes NAME.log: `p0f -r NAME.pcap -o NAME.log` (TZ=UTC,
/etc/p0f/p0f.fp, and the -m / -t given in OPTIONS below). Packets are built offline with
fixed times from 198.51.100.0/24 and 2001:db8::/32 only; nothing is sent anywhere.
"""

import os
import struct
import subprocess
import sys

from scapy.all import (IP, IPv6, TCP, UDP, ICMP, Raw, raw, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrRouting, IPv6ExtHdrFragment, BOOTP, DHCP)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "pcap", "passive")
SRV4, SRV6 = "198.51.100.200", "2001:db8::200"
T0 = 1700000000.0
MAC_DST, MAC_SRC = bytes.fromhex("020000000002"), bytes.fromhex("020000000001")

LINUX = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)]
LINUX6 = [("MSS", 1440)] + LINUX[1:]
WIN = [("MSS", 1460), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None), ("SAckOK", b"")]

# p0f options per capture (the whorl test passes the same ones).
OPTIONS = {"caps": ["-m", "4,6", "-t", "5,1"]}


class Capture:
    """Frames with times; `link` is the pcap LINKTYPE, frames are complete link-layer bytes."""

    def __init__(self, name, link=1):
        self.name, self.link, self.t, self.frames = name, link, T0, []

    def add(self, frame, gap=0.001, caplen=None):
        self.t += gap
        self.frames.append((self.t, frame, caplen))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, self.link))
            for t, frame, caplen in self.frames:
                sec, usec = int(t), int(round((t - int(t)) * 1e6))
                cap = len(frame) if caplen is None else caplen
                f.write(struct.pack("<IIII", sec, usec, cap, len(frame)) + frame[:cap])


def eth(ip_bytes, v6=False, tags=()):
    """Ethernet II with optional VLAN tags ((tpid, vid), ...) before the IP packet."""
    head = MAC_DST + MAC_SRC
    for tpid, vid in tags:
        head += struct.pack(">HH", tpid, vid)
    return head + struct.pack(">H", 0x86dd if v6 else 0x0800) + ip_bytes


def ip4(src, dst, ttl=64, **kw):
    return IP(src=src, dst=dst, ttl=ttl, flags=kw.pop("flags", "DF"), id=kw.pop("id", 4242), **kw)


def ip6(src, dst, ttl=64):
    return IPv6(src=src, dst=dst, hlim=ttl)


def seg(sport, dport, flags, seq, ack=0, window=29200, options=None, payload=b""):
    t = TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack, window=window,
            options=LINUX if options is None else options)
    return t / Raw(payload) if payload else t


class Conn:
    """One client/server pair on Ethernet: builds the handshake and data segments."""

    def __init__(self, cap, client, sport, server=SRV4, dport=80, v6=False, ttl=64, srv_ttl=64):
        self.cap, self.c, self.s, self.sp, self.dp, self.v6 = cap, client, server, sport, dport, v6
        self.ttl, self.srv_ttl = ttl, srv_ttl
        self.cseq, self.sseq = 1000, 5000

    def _ip(self, to_srv):
        if self.v6:
            return ip6(self.c, self.s, self.ttl) if to_srv else ip6(self.s, self.c, self.srv_ttl)
        return ip4(self.c, self.s, self.ttl) if to_srv else ip4(self.s, self.c, self.srv_ttl)

    def send(self, to_srv, flags, seq, ack=0, payload=b"", options=None, window=None, gap=0.001, tsval=None):
        if options is None:
            ts = (tsval if tsval is not None else 12345, 0)
            options = [("NOP", None), ("NOP", None), ("Timestamp", ts)] if "S" not in flags else \
                [("MSS", 1440 if self.v6 else 1460), ("SAckOK", b""), ("Timestamp", ts), ("NOP", None),
                 ("WScale", 7)]
        w = window if window is not None else (29200 if to_srv else 28960)
        t = seg(self.sp, self.dp, flags, seq, ack, w, options, payload) if to_srv else \
            seg(self.dp, self.sp, flags, seq, ack, w, options, payload)
        self.cap.add(eth(raw(self._ip(to_srv) / t), self.v6), gap)

    def handshake(self, **kw):
        self.send(True, "S", self.cseq, **kw)
        self.send(False, "SA", self.sseq, self.cseq + 1)
        self.send(True, "A", self.cseq + 1, self.sseq + 1)
        self.cseq += 1
        self.sseq += 1

    def data(self, to_srv, payload, gap=0.001, tsval=None):
        if to_srv:
            self.send(True, "PA", self.cseq, self.sseq, payload, gap=gap, tsval=tsval)
            self.cseq += len(payload)
        else:
            self.send(False, "PA", self.sseq, self.cseq, payload, gap=gap, tsval=tsval)
            self.sseq += len(payload)


GET = b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
RESP = (b"HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: Apache/2.4.57 (Debian)\r\n"
        b"Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nETag: \"x\"\r\nAccept-Ranges: bytes\r\n"
        b"Content-Length: 5\r\nVary: Accept-Encoding\r\nContent-Type: text/html\r\n\r\nhello")


def flows():
    """The connection life cycle."""
    cap = Capture("flows")
    # A full connection: handshake, request and response, FIN. A retransmitted SYN first.
    c = Conn(cap, "198.51.100.1", 31001)
    c.send(True, "S", 1000)
    c.send(True, "S", 1000, gap=1.0)  # retransmission: ignored
    c.send(False, "SA", 5000, 1001)
    c.send(False, "SA", 5000, 1001)  # repeated SYN+ACK: ignored
    c.send(True, "A", 1001, 5001)
    c.cseq, c.sseq = 1001, 5001
    c.data(True, GET)
    c.data(False, RESP)
    c.send(True, "FA", c.cseq, c.sseq, tsval=12345 + 1500, gap=1.5)
    # A new SYN with another sequence number on the same 4-tuple restarts the connection.
    c2 = Conn(cap, "198.51.100.2", 31002)
    c2.send(True, "S", 1000)
    c2.send(True, "S", 777777, gap=0.5, tsval=12845)
    c2.send(False, "SA", 6000, 777778)
    # A stray SYN+ACK, and one from the client's side of a known connection.
    Conn(cap, "198.51.100.3", 31003).send(False, "SA", 5000, 1001)
    c4 = Conn(cap, "198.51.100.4", 31004)
    c4.send(True, "S", 1000)
    c4.send(True, "SA", 5000, 1001)
    # nmap's SYN scan: an application signature; p0f drops the connection, so the answer is
    # not fingerprinted.
    n = Conn(cap, "198.51.100.5", 31005, ttl=50)
    nm = [("MSS", 1460)]
    cap.add(eth(raw(ip4(n.c, SRV4, 50, flags=0, id=999) / seg(31005, 80, "S", 1000, 0, 1024, nm))))
    n.send(False, "SA", 5000, 1001)
    # p0f-sendsyn: MSS 1331, window 1337; its answer is a "sendsyn response"; a later ACK
    # ends it.
    s = Conn(cap, "198.51.100.6", 31006)
    cap.add(eth(raw(ip4(s.c, SRV4, 192) / seg(31006, 80, "S", 1000, 0, 1337, [("MSS", 1331)]))))
    s.send(False, "SA", 5000, 1001)
    # An ACK before any SYN+ACK: the connection is dropped; its later SYN+ACK is stray.
    a = Conn(cap, "198.51.100.7", 31007)
    a.send(True, "S", 1000)
    a.send(True, "A", 1001, 5001)
    a.send(False, "SA", 5000, 1001)
    # RST with a timestamp a second after the SYN: uptime from the client's clock.
    r = Conn(cap, "198.51.100.8", 31008)
    r.send(True, "S", 1000, tsval=100000)
    r.send(False, "SA", 5000, 1001)
    r.send(True, "R", 1001, options=[("NOP", None), ("NOP", None), ("Timestamp", (101000, 0))], gap=1.0)
    # Traffic p0f never looks at: UDP, ICMP.
    cap.add(eth(raw(ip4("198.51.100.9", SRV4) / UDP(sport=5353, dport=53) / Raw(b"x" * 12))))
    cap.add(eth(raw(ip4("198.51.100.9", SRV4, flags=0) / ICMP(type=8) / Raw(b"abcdefgh"))))
    return cap


def http_segments():
    """HTTP split over segments, out of order, and what ends HTTP parsing on a connection."""
    cap = Capture("http_segments")
    # Request in three segments, one of them sent early (out of order, ignored) and again.
    c = Conn(cap, "198.51.100.21", 32001)
    c.handshake()
    a, b, d = GET[:20], GET[20:50], GET[50:]
    c.send(True, "PA", c.cseq + len(a), c.sseq, b)  # ahead of time: ignored
    c.data(True, a)
    c.data(True, b)
    c.data(True, d)
    c.data(False, RESP[:40])
    c.data(False, RESP[40:])
    # The server speaks first (an SSH banner): not HTTP, the connection is dropped.
    s = Conn(cap, "198.51.100.22", 32002, dport=22)
    s.handshake()
    s.data(False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    s.data(True, GET)  # no flow any more: nothing
    # Not GET or HEAD.
    p = Conn(cap, "198.51.100.23", 32003)
    p.handshake()
    p.data(True, b"POST / HTTP/1.1\r\nHost: a\r\nUser-Agent: curl/7.88.1\r\n\r\n")
    # A header value over 1024 bytes: p0f stops parsing but keeps the connection, so a later
    # segment still gives an uptime reading; the next one with data ends it.
    o = Conn(cap, "198.51.100.24", 32004)
    o.send(True, "S", 1000, tsval=200000)
    o.send(False, "SA", 5000, 1001)
    o.send(True, "A", 1001, 5001, tsval=200001)
    o.cseq, o.sseq = 1001, 5001
    o.data(True, b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + b"v" * 1100 + b"\r\n\r\n", tsval=200010)
    o.send(True, "A", o.cseq, o.sseq, tsval=201010, gap=1.0)
    o.data(True, b"more", tsval=201020)
    # HEAD over IPv6, HTTP/1.0.
    v = Conn(cap, "2001:db8::21", 32005, server=SRV6, v6=True)
    v.handshake()
    v.data(True, b"HEAD / HTTP/1.0\r\nHost: a\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\n\r\n")
    v.data(False, b"HTTP/1.0 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n\r\n")
    return cap


def syn_pair(client, sport, v6=False):
    """A Linux SYN and its SYN+ACK, as IP packets."""
    srv = SRV6 if v6 else SRV4
    mk = (lambda s, d, t: ip6(s, d, t)) if v6 else (lambda s, d, t: ip4(s, d, t))
    return [raw(mk(client, srv, 61) / seg(sport, 80, "S", 1000, 0, 28800 if v6 else 29200, LINUX6 if v6 else LINUX)),
            raw(mk(srv, client, 62) / seg(80, sport, "SA", 5000, 1001, 28960, LINUX6 if v6 else LINUX))]


def link_captures():
    """The same connections over every link type whorl reads."""
    caps = []

    def make(name, link, wrap):
        cap = Capture(name, link)
        for i, v6 in enumerate([False, True]):
            for pkt in syn_pair("2001:db8::31" if v6 else "198.51.100.31", 33001 + i, v6):
                cap.add(wrap(pkt, v6))
        caps.append(cap)

    make("link_raw", 101, lambda p, v6: p)
    make("link_null", 0, lambda p, v6: struct.pack("<I", 30 if v6 else 2) + p)  # AF_INET6 = 30 on BSD
    make("link_loop", 108, lambda p, v6: struct.pack(">I", 30 if v6 else 2) + p)
    make("link_sll", 113, lambda p, v6: struct.pack(">HHH", 0, 1, 6) + MAC_SRC + b"\0\0" +
         struct.pack(">H", 0x86dd if v6 else 0x0800) + p)
    make("link_sll2", 276, lambda p, v6: struct.pack(">HHIHBB", 0x86dd if v6 else 0x0800, 0, 2, 1, 0, 6) +
         MAC_SRC + b"\0\0" + p)
    return caps


def vlan():
    """802.1Q and 802.1ad (QinQ) tags: p0f 3.09b drops tagged frames."""
    cap = Capture("vlan")
    for i, tags in enumerate([(), ((0x8100, 10),), ((0x88a8, 100), (0x8100, 20)), ()]):
        for pkt in syn_pair("198.51.100.%d" % (41 + i), 34001 + i):
            cap.add(eth(pkt, tags=tags))
    for pkt in syn_pair("2001:db8::41", 34010, v6=True):
        cap.add(eth(pkt, True, ((0x8100, 10),)))
    return cap


def ipv6_ext():
    """TCP behind IPv6 extension headers (p0f 3.09b ignores such packets) and fragments."""
    cap = Capture("ipv6_ext")
    chains = [
        ("plain", lambda: None),
        ("hop_by_hop", lambda: IPv6ExtHdrHopByHop()),
        ("dest_opts", lambda: IPv6ExtHdrDestOpt()),
        ("hbh_dest", lambda: IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt()),
        ("routing", lambda: IPv6ExtHdrRouting(type=0, addresses=[], segleft=0)),
        ("atomic_fragment", lambda: IPv6ExtHdrFragment(offset=0, m=0, id=7)),
    ]
    for i, (_, ext) in enumerate(chains):
        client, sport = "2001:db8::%x" % (0x51 + i), 35001 + i
        for k, to_srv in enumerate([True, False]):
            s, d = (client, SRV6) if to_srv else (SRV6, client)
            t = seg(sport, 80, "S", 1000, 0, 28800, LINUX6) if to_srv else seg(80, sport, "SA", 5000, 1001, 28960, LINUX6)
            e = ext()
            pkt = ip6(s, d, 61 if to_srv else 62) / e / t if e is not None else ip6(s, d, 61 if to_srv else 62) / t
            cap.add(eth(raw(pkt), True))
    # A first fragment with more to come, and a later fragment: neither is read.
    client = "2001:db8::61"
    whole = raw(seg(35010, 80, "S", 1000, 0, 28800, LINUX6) / Raw(b"x" * 64))
    cap.add(eth(raw(ip6(client, SRV6, 61) / IPv6ExtHdrFragment(offset=0, m=1, id=9, nh=6) / Raw(whole[:48])), True))
    cap.add(eth(raw(ip6(client, SRV6, 61) / IPv6ExtHdrFragment(offset=6, m=0, id=9, nh=6) / Raw(whole[48:])), True))
    return cap


def fragments_truncated():
    """IPv4 fragments, packets cut short by the snapshot length, and odd headers."""
    cap = Capture("fragments_truncated")
    whole = raw(seg(36001, 80, "S", 1000, 0, 29200, LINUX) / Raw(b"y" * 64))
    cap.add(eth(raw(ip4("198.51.100.71", SRV4, flags="MF", id=55, proto=6) / Raw(whole[:48]))))
    cap.add(eth(raw(ip4("198.51.100.71", SRV4, flags=0, frag=6, id=55, proto=6) / Raw(whole[48:]))))
    for pkt in syn_pair("198.51.100.72", 36002):  # cut by the snapshot length: skipped
        frame = eth(pkt)
        cap.add(frame, caplen=len(frame) - 6)
    for pkt in syn_pair("198.51.100.73", 36003):  # whole: read
        cap.add(eth(pkt))
    # Silly flags (SYN+FIN), a TCP header length past the packet, an IPv4 header length of 4.
    cap.add(eth(raw(ip4("198.51.100.74", SRV4) / seg(36004, 80, "SF", 1000))))
    bad = bytearray(raw(ip4("198.51.100.75", SRV4) / seg(36005, 80, "S", 1000)))
    bad[32] = 0xF0  # data offset 15 (60 bytes) in a 40-byte segment
    cap.add(eth(bytes(bad)))
    bad = bytearray(raw(ip4("198.51.100.76", SRV4) / seg(36006, 80, "S", 1000)))
    bad[0] = 0x44
    cap.add(eth(bytes(bad)))
    # Ethernet padding after a short packet (Etherleak) is not payload.
    pkt = raw(ip4("198.51.100.77", SRV4) / seg(36007, 80, "S", 1000, 0, 29200, [("MSS", 1460)]))
    cap.add(eth(pkt + b"\xaa" * 14))
    return cap


def nat():
    """One address whose SYNs change OS, TTL, MSS, port and clock: host change, ip sharing."""
    cap = Capture("nat")
    host = "198.51.100.81"
    variants = [
        dict(ttl=64, window=29200, options=LINUX, ts=1000000),
        dict(ttl=128, window=8192, options=WIN, ts=None),            # another OS
        dict(ttl=64, window=29200, options=LINUX, ts=1000100),
        dict(ttl=60, window=29200, options=LINUX, ts=9000000),       # TTL and clock jump
        dict(ttl=128, window=8192, options=WIN, ts=None),
        dict(ttl=64, window=14600, options=[("MSS", 1380), ("SAckOK", b""), ("Timestamp", (1000400, 0)),
                                            ("NOP", None), ("WScale", 7)], ts=None),  # MSS change
        dict(ttl=128, window=8192, options=WIN, ts=None),
        dict(ttl=64, window=29200, options=LINUX, ts=1000600),
    ]
    port = 40000
    for i, v in enumerate(variants):
        opts = v["options"]
        if v["ts"] is not None:
            opts = [(k, (v["ts"], 0) if k == "Timestamp" else val) for k, val in opts]
        port = port + 100 if i % 3 else port - 90  # ports that sometimes drop
        cap.add(eth(raw(ip4(host, SRV4, v["ttl"]) / seg(port, 80, "S", 1000 + i, 0, v["window"], opts))), gap=0.5)
        cap.add(eth(raw(ip4(SRV4, host, 64) / seg(80, port, "SA", 5000, 1001 + i, 28960, LINUX))))
    # HTTP: a Windows browser's User-Agent from a host whose SYNs say Linux (ua_vs_os).
    c = Conn(cap, "198.51.100.82", 41001)
    c.handshake()
    c.data(True, b"GET / HTTP/1.1\r\nAccept: */*\r\nAccept-Language: pl\r\nUser-Agent: Mozilla/4.0 (compatible; "
                 b"MSIE 8.0; Windows NT 5.1; Trident/4.0)\r\nAccept-Encoding: gzip, deflate\r\nHost: a\r\n"
                 b"Connection: Keep-Alive\r\n\r\n")
    return cap


def caps():
    """More hosts and connections than -m 4,6 allows, over more than -t 5,1 allows."""
    cap = Capture("caps")
    t = 0
    for i in range(14):
        client = "198.51.100.%d" % (100 + i % 9)
        c = Conn(cap, client, 42000 + i)
        gap = 3.0 if i % 4 == 3 else 0.2
        c.send(True, "S", 1000, gap=gap, tsval=100000 + 1000 * i)
        if i % 2 == 0:  # every other one is answered; the rest stay half-open
            c.send(False, "SA", 5000, 1001)
        t += gap
    # Late: an answer to one of the first connections, long expired.
    Conn(cap, "198.51.100.100", 42000).send(False, "SA", 5000, 1001, gap=70.0)
    # Enough packets for p0f's expiry, which runs every 50 packets.
    for i in range(60):
        Conn(cap, "198.51.100.120", 43000 + i).send(True, "R", 1, gap=0.01)
    for i in range(4):
        c = Conn(cap, "198.51.100.%d" % (130 + i), 44000 + i)
        c.send(True, "S", 1000, gap=0.1)
        c.send(False, "SA", 5000, 1001)
    return cap


def dhcp_client(mac, xid, mtype, prl, vendor=None, requested=None, hostname=None, mms=None):
    """A DHCP client message from 0.0.0.0 to the broadcast address, options in the order the
    client family sends them."""
    opts = [("message-type", mtype)]
    if mms:
        opts.append(("max_dhcp_size", mms))
    if vendor:
        opts.append(("vendor_class_id", vendor.encode()))
    if requested:
        opts.append(("requested_addr", requested))
    if hostname:
        opts.append(("hostname", hostname.encode()))
    opts += [("param_req_list", prl), "end"]
    pkt = IP(src="0.0.0.0", dst="255.255.255.255", ttl=64, flags=0, id=0) / UDP(sport=68, dport=67) / \
        BOOTP(op=1, xid=xid, chaddr=bytes.fromhex(mac.replace(":", "")) + b"\0" * 10, flags=0x8000) / DHCP(options=opts)
    return raw(pkt)


def ping(src, dst, ttl, payload, reply=False):
    return raw(IP(src=src, dst=dst, ttl=ttl, flags=0, id=77) / ICMP(type=0 if reply else 8, id=1, seq=1) / Raw(payload))


WIN10 = [("MSS", 1460), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None), ("SAckOK", b"")]
ANDROID = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (4000000, 0)), ("NOP", None), ("WScale", 9)]
WINDOWS_PING = bytes(ord("a") + i % 23 for i in range(32))            # ping.exe: "abcdefghijklmnopqrstuvwabcdefghi"
IPUTILS_PING = struct.pack("<QQ", 1700000003, 250000) + bytes(range(16, 56))  # timeval, then 0x10..0x37
CHROME_WIN = (b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nConnection: keep-alive\r\n"
              b"sec-ch-ua: \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"\r\nsec-ch-ua-mobile: ?0\r\n"
              b"sec-ch-ua-platform: \"Windows\"\r\nsec-ch-ua-platform-version: \"15.0.0\"\r\n"
              b"Upgrade-Insecure-Requests: 1\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
              b"AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\nAccept: text/html\r\n"
              b"Accept-Encoding: gzip, deflate\r\nAccept-Language: en-US,en;q=0.9\r\n\r\n")
FIREFOX_LINUX = (b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) "
                 b"Gecko/20100101 Firefox/121.0\r\nAccept: text/html\r\nAccept-Language: en-US,en;q=0.5\r\n"
                 b"Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n")
CHROME_ANDROID = (b"GET / HTTP/1.1\r\nHost: 198.51.100.200\r\nConnection: keep-alive\r\n"
                  b"User-Agent: Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                  b"Chrome/120.0.6099.144 Mobile Safari/537.36\r\nAccept: text/html\r\n"
                  b"Accept-Encoding: gzip, deflate\r\nAccept-Language: de-DE,de;q=0.9\r\n\r\n")


def fusion():
    """Hosts seen through several channels: each asks for its lease (DHCP REQUEST from 0.0.0.0
    naming the address, after a DISCOVER), opens a connection (SYN), sends an HTTP request
    (User-Agent, client hints) and pings the server. p0f reads only the TCP part."""
    cap = Capture("fusion")
    # .31: Windows 10/11 everywhere (DHCP option 55 and "MSFT 5.0", SYN, Chrome on Windows
    # with client hints, ping.exe's payload with TTL 128).
    win_prl = [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]
    cap.add(eth(dhcp_client("02:57:46:00:00:31", 0x3131, 1, win_prl, "MSFT 5.0", hostname="desk-31")))
    cap.add(eth(dhcp_client("02:57:46:00:00:31", 0x3131, 3, win_prl, "MSFT 5.0", "198.51.100.31", "desk-31")),
            gap=0.5)
    w = Conn(cap, "198.51.100.31", 45001, ttl=128)
    w.send(True, "S", w.cseq, options=WIN10, window=64240, gap=1.0)
    w.send(False, "SA", w.sseq, w.cseq + 1)
    w.send(True, "A", w.cseq + 1, w.sseq + 1, options=[], window=1026)
    w.cseq += 1
    w.sseq += 1
    w.send(True, "PA", w.cseq, w.sseq, CHROME_WIN, options=[], window=1026)
    w.cseq += len(CHROME_WIN)
    w.data(False, RESP)
    cap.add(eth(ping("198.51.100.31", SRV4, 128, WINDOWS_PING)))
    # .32: Linux (ISC dhclient's option 55, a Linux 4.19+ SYN, Firefox on Linux, iputils
    # ping).
    lin_prl = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42]
    cap.add(eth(dhcp_client("02:57:4c:00:00:32", 0x3232, 3, lin_prl, requested="198.51.100.32",
                            hostname="lab-32")), gap=0.5)
    lin = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (3000000, 0)), ("NOP", None), ("WScale", 7)]
    x = Conn(cap, "198.51.100.32", 45002)
    x.send(True, "S", x.cseq, options=lin, window=64240, gap=1.0)
    x.send(False, "SA", x.sseq, x.cseq + 1)
    x.send(True, "A", x.cseq + 1, x.sseq + 1)
    x.cseq += 1
    x.sseq += 1
    x.data(True, FIREFOX_LINUX)
    x.data(False, RESP)
    cap.add(eth(ping("198.51.100.32", SRV4, 64, IPUTILS_PING)))
    # .33: an Android phone: its kernel's SYN says Linux; DHCP (AOSP's list, vendor class
    # "android-dhcp-14") and the User-Agent say Android.
    and_prl = [1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114, 108]
    cap.add(eth(dhcp_client("02:41:4e:00:00:33", 0x3333, 3, and_prl, "android-dhcp-14", "198.51.100.33",
                            "Pixel-8", mms=1500)), gap=0.5)
    a = Conn(cap, "198.51.100.33", 45003)
    a.send(True, "S", a.cseq, options=ANDROID, window=65535, gap=1.0)
    a.send(False, "SA", a.sseq, a.cseq + 1)
    a.send(True, "A", a.cseq + 1, a.sseq + 1)
    a.cseq += 1
    a.sseq += 1
    a.data(True, CHROME_ANDROID)
    a.data(False, RESP)
    # .34: a Mac seen only through DHCP (macOS 12+ option 55): a host p0f never knows.
    mac_prl = [1, 121, 3, 6, 15, 108, 114, 119, 252, 95, 44, 46]
    cap.add(eth(dhcp_client("02:4d:41:00:00:34", 0x3434, 3, mac_prl, requested="198.51.100.34", mms=1500)), gap=0.5)
    # A DISCOVER alone names no address: nothing to file it under.
    cap.add(eth(dhcp_client("02:4d:41:00:00:35", 0x3535, 1, mac_prl, mms=1500)))
    return cap


def run_p0f(base, extra):
    if os.path.exists(base + ".log"):
        os.remove(base + ".log")
    env = dict(os.environ, TZ="UTC")
    subprocess.run(["p0f", "-r", base + ".pcap", "-o", base + ".log"] + extra, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    if not os.path.exists(base + ".log"):
        open(base + ".log", "w").close()  # p0f creates no log when it has nothing to say


def main():
    with_p0f = "--no-p0f" not in sys.argv
    os.makedirs(OUT, exist_ok=True)
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for cap in [flows(), http_segments(), *link_captures(), vlan(), ipv6_ext(), fragments_truncated(), nat(),
                caps(), fusion()]:
        if only and cap.name not in only:
            continue
        base = os.path.join(OUT, cap.name)
        cap.write(base + ".pcap")
        if with_p0f:
            run_p0f(base, OPTIONS.get(cap.name, []))
        print(cap.name, len(cap.frames), "frames")


if __name__ == "__main__":
    main()
