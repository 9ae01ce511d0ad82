#!/usr/bin/python3
"""Writes the wire/ test fixtures: one hex text file per frame under
tests/fixtures/hex/wire/, the same frames as binary seeds of the frame_decode fuzzer in
tests/fuzz/regressions/frame_decode/, and one pcap per link type under
tests/fixtures/pcap/wire/.

Frames are made with scapy (Debian's python3-scapy; run with /usr/bin/python3) except the
nmap probes, which are the bytes captured in shared/reference/active-os-detection.md §2.9.
Every value is fixed, so running this again gives byte-identical files.

    /usr/bin/python3 tools/gen_wire_fixtures.py [REPO_ROOT]
"""
import os
import struct
import sys

from scapy.all import (ICMP, IP, TCP, UDP, CookedLinux, CookedLinuxV2, Dot1AD, Dot1Q, Ether,
                       ICMPv6DestUnreach, ICMPv6EchoReply, ICMPv6EchoRequest, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrRouting, Raw, raw)

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEX_DIR = os.path.join(ROOT, "tests/fixtures/hex/wire")
PCAP_DIR = os.path.join(ROOT, "tests/fixtures/pcap/wire")
SEED_DIR = os.path.join(ROOT, "tests/fuzz/regressions/frame_decode")

MAC_A, MAC_B = "02:00:00:00:00:01", "02:00:00:00:00:02"
V4_A, V4_B = "198.51.100.1", "198.51.100.2"
V6_A, V6_B = "2001:db8::1", "2001:db8::2"
LINUX_SYN_OPTS = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (123456, 0)), ("NOP", None), ("WScale", 7)]

# name -> (link, in_pcap, comment, bytes)
FIXTURES = {}


def fx(name, link, comment, pkt, pcap=True):
    FIXTURES[name] = (link, pcap, comment, raw(pkt) if not isinstance(pkt, bytes) else pkt)


def eth(t=0x0800):
    return Ether(dst=MAC_B, src=MAC_A, type=t)


def ip4(**kw):
    kw.setdefault("src", V4_A)
    kw.setdefault("dst", V4_B)
    kw.setdefault("id", 0x1234)
    kw.setdefault("ttl", 64)
    return IP(**kw)


def ip6(**kw):
    kw.setdefault("src", V6_A)
    kw.setdefault("dst", V6_B)
    kw.setdefault("hlim", 64)
    return IPv6(**kw)


def syn(**kw):
    kw.setdefault("sport", 40000)
    kw.setdefault("dport", 80)
    kw.setdefault("seq", 1000)
    kw.setdefault("flags", "S")
    kw.setdefault("window", 64240)
    return TCP(**kw)


def _tcp_with_area(opts, **kw):
    """IPv4 + a SYN whose option area is exactly `opts` (a multiple of 4 bytes), spliced
    in raw so that scapy does not re-encode malformed options."""
    assert len(opts) % 4 == 0 and len(opts) <= 40
    t = syn(dataofs=5 + len(opts) // 4, **kw)
    hdr = bytearray(raw(t))
    pkt = ip4(flags="DF", proto=6) / Raw(bytes(hdr[:20]) + opts)
    b = bytearray(raw(pkt))
    b[20 + 16:20 + 18] = b"\0\0"
    return _fix_l4_checksum(bytes(b), 20, 16)


def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def _fix_l4_checksum(pkt, l4_off, csum_off):
    """TCP/UDP checksum over the IPv4 pseudo-header for a hand-assembled packet."""
    seg = bytearray(pkt[l4_off:])
    seg[csum_off:csum_off + 2] = b"\0\0"
    pseudo = pkt[12:20] + struct.pack("!BBH", 0, pkt[9], len(seg))
    c = _csum(pseudo + bytes(seg))
    seg[csum_off:csum_off + 2] = struct.pack("!H", c)
    return pkt[:l4_off] + bytes(seg)


def loopback(family, network_order):
    return struct.pack("!I" if network_order else "<I", family)


def good_frames():
    fx("eth_ipv4_tcp_syn", "ethernet", "Linux-like SYN: mss,sok,ts,nop,ws; DF, ECT(0)",
       eth() / ip4(flags="DF", tos=0x02) / syn(options=LINUX_SYN_OPTS))
    fx("eth_ipv4_options_tcp", "ethernet", "IPv4 with a router-alert option (IHL 6), ACK with 5 bytes",
       eth() / ip4(options=b"\x94\x04\x00\x00") / TCP(sport=443, dport=50000, seq=7, ack=99,
                                                     flags="PA", window=501) / b"hello")
    fx("eth_ipv4_padding", "ethernet", "bare ACK padded to 60 bytes: 6 trailer bytes (Etherleak)",
       raw(eth() / ip4(flags="DF") / TCP(sport=50000, dport=443, seq=1, ack=2, flags="A",
                                         window=1000)) + b"\0\0\0\0\xde\xad")
    fx("eth_vlan_ipv4_udp", "ethernet", "802.1Q VLAN 100 priority 5, UDP DNS-like",
       eth(0x8100) / Dot1Q(vlan=100, prio=5) / ip4() / UDP(sport=5353, dport=53) / b"query!")
    fx("eth_qinq_ipv6_tcp", "ethernet", "802.1ad S-tag 200 + 802.1Q C-tag 300, IPv6 SYN+ACK",
       eth(0x88A8) / Dot1AD(vlan=200) / Dot1Q(vlan=300) / ip6(fl=0x12345, tc=0x20) /
       TCP(sport=80, dport=40000, seq=5000, ack=1001, flags="SA", window=65160,
           options=[("MSS", 1440), ("SAckOK", b""), ("Timestamp", (99, 123456)), ("NOP", None),
                    ("WScale", 7)]))
    fx("eth_vlan3_icmp_echo", "ethernet", "three tags 0x9100/0x88a8/0x8100, ICMP echo request",
       eth(0x9100) / Dot1Q(vlan=1, type=0x88A8) / Dot1Q(vlan=2, type=0x8100) / Dot1Q(vlan=3) /
       ip4() / ICMP(type=8, id=0x4242, seq=7) / (b"\xab" * 16))
    fx("sll_ipv4_tcp_rst", "linux_sll", "SLL v1, outgoing, RST+ACK",
       CookedLinux(pkttype=4, lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x01") /
       ip4(flags="DF") / TCP(sport=1, dport=40000, seq=0, ack=1001, flags="RA", window=0))
    fx("sll2_ipv6_udp", "linux_sll2", "SLL v2, ifindex 3, broadcast, IPv6 UDP",
       CookedLinuxV2(proto=0x86DD, ifindex=3, lladdrtype=1, pkttype=1, lladdrlen=6,
                     src=b"\x02\0\0\0\0\x02") / ip6(hlim=255) / UDP(sport=546, dport=547) / b"dhcp6")
    fx("null_ipv4_icmp_echo", "null", "DLT_NULL, family 2 little-endian, echo reply",
       loopback(2, False) + raw(ip4(ttl=255) / ICMP(type=0, id=1, seq=2) / b"ping"))
    fx("null_ipv6_darwin", "null", "DLT_NULL, family 30 (macOS AF_INET6) little-endian, ICMPv6 echo",
       loopback(30, False) + raw(ip6() / ICMPv6EchoRequest(id=0x1111, seq=3, data=b"abcd")))
    fx("loop_ipv6_openbsd", "loop", "DLT_LOOP, family 24 big-endian, ICMPv6 echo reply",
       loopback(24, True) + raw(ip6(src=V6_B, dst=V6_A) / ICMPv6EchoReply(id=0x1111, seq=3, data=b"abcd")))
    fx("loop_ipv4_udp", "loop", "DLT_LOOP, family 2 big-endian, UDP",
       loopback(2, True) + raw(ip4() / UDP(sport=123, dport=123) / (b"\x23" + b"\0" * 47)))
    fx("raw_ipv4_icmp_timestamp", "raw", "ICMP timestamp request (type 13)",
       ip4() / ICMP(type=13, id=0x0102, seq=0x0304, ts_ori=1000, ts_rx=2000, ts_tx=3000))
    inner_udp = raw(ip4(src=V4_B, dst=V4_A, ttl=51, id=0x1042) / UDP(sport=51746, dport=44535) / (b"C" * 300))
    fx("raw_ipv4_icmp_port_unreach", "raw", "port unreachable quoting IP + first 8 bytes of UDP",
       ip4(tos=0xC0) / ICMP(type=3, code=3) / inner_udp[:28])
    inner_tcp = raw(ip4(flags="DF") / syn(options=LINUX_SYN_OPTS))
    fx("raw_ipv4_icmp_time_exceeded", "raw", "time exceeded quoting IP + first 8 bytes of TCP",
       ip4(src="198.51.100.254", dst=V4_A, id=0) / ICMP(type=11, code=0) / inner_tcp[:28])
    fx("raw_ipv6_icmp6_unreach", "raw", "ICMPv6 port unreachable quoting a whole IPv6 UDP datagram",
       ip6(src=V6_B, dst=V6_A) / ICMPv6DestUnreach(code=4) /
       raw(ip6() / UDP(sport=40000, dport=33434) / (b"x" * 12)))
    fx("raw_ipv6_ext_chain_tcp", "raw", "hop-by-hop, destination options, routing, fragment (first), TCP SYN",
       ip6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(addresses=["2001:db8::9"]) /
       IPv6ExtHdrFragment(offset=0, m=1, id=0xABCDEF) / syn(options=[("MSS", 1220)]))
    fx("raw_ipv6_fragment_later", "raw", "non-first fragment (offset 100): no transport header",
       ip6() / IPv6ExtHdrFragment(offset=100, m=0, id=0xABCDEF, nh=6) / (b"\x55" * 24))
    fx("raw_ipv6_no_next_header", "raw", "destination options then no-next-header (59)",
       ip6() / IPv6ExtHdrDestOpt(nh=59))
    fx("raw_tcp_all_options", "raw", "every option kind: mss ws sok ts sack ?34 ?30 nop eol + 3 bytes (one non-zero)",
       _tcp_with_area(bytes.fromhex("020405b4 03030e 0402 080a0000000100000002 050a0000006400000200"
                                    "2202 1e04 0101 01 00 000700".replace(" ", ""))))
    fx("eth_arp", "ethernet", "ARP request: not IP",
       eth(0x0806) / bytes.fromhex("0001080006040001020000000001c6336401000000000000c6336402"))


def nmap_frames():
    a, b = "cb007101", "cb007102"
    seq1 = ("4500003ca967000031066850" + a + b +
            "ca870050ef1bc490747960f4a0020001730e0000" + "03030a01020405b4080affffffff000000000402")
    ecn = ("45000034c27000003a06464f" + a + b +
           "ca930050ef1bc4900000000088c200036ec9f7f5" + "03030a01020405b404020101")
    t7 = ("4500003c9aa400003b066d13" + a + b +
          "ca9a0001ef1bc490747960f4a029ffff72cf0000" + "03030f0102040109080affffffff000000000402")
    ie1 = "45000094112040003b01b644" + a + b + "08095d40998f0127" + "00" * 120
    u1 = "45000148104200003311fe5e" + a + b + "ca22adf70134a3fd" + "43" * 300
    for name, hx, what in [("nmap_seq1", seq1, "SEQ1: SYN, window 1, option block #0"),
                           ("nmap_ecn", ecn, "ECN: CWR+ECE+SYN, reserved bit, ack 0, urg ptr 0xF7F5"),
                           ("nmap_t7", t7, "T7: FIN+PSH+URG to a closed port, WScale 15"),
                           ("nmap_ie1", ie1, "IE1: echo request code 9, DF, 120 zero bytes"),
                           ("nmap_u1", u1, "U1: UDP, IP ID 0x1042, 300 x 'C'")]:
        fx(name, "raw", "nmap 7.93 probe " + what + " (active-os-detection.md 2.9)", bytes.fromhex(hx))


def malformed_frames():
    base_tcp = ip4(flags="DF") / syn(options=LINUX_SYN_OPTS)
    b = bytearray(raw(ip4() / syn()))
    b[0] = 0x44
    fx("bad_ipv4_ihl_short", "raw", "IPv4 IHL 4 (< 5): header invalid", bytes(b))
    b = bytearray(raw(ip4() / syn()))
    b[0] = 0x4F
    fx("bad_ipv4_ihl_past_end", "raw", "IPv4 IHL 15 (60 bytes) in a 40-byte packet", bytes(b))
    fx("bad_ipv4_total_length_past_end", "raw", "total length 1500 but 40 bytes captured: truncated",
       ip4(len=1500) / syn())
    fx("bad_ipv4_total_length_short", "raw", "total length 12 (< header length 20)", ip4(len=12) / syn())
    fx("bad_ipv4_checksum", "raw", "IPv4 header checksum 0xdead (wrong)", ip4(chksum=0xDEAD) / syn())
    fx("bad_ipv4_fragment_later", "raw", "IPv4 fragment offset 185: no transport header",
       ip4(frag=185, proto=6) / (b"\x77" * 20))
    fx("bad_ipv6_payload_length_past_end", "raw", "IPv6 payload length 1000, 20 bytes captured",
       ip6(plen=1000) / syn())
    fx("bad_ipv6_payload_length_short", "raw", "IPv6 payload length 8: only the hop-by-hop header fits",
       ip6(plen=8) / IPv6ExtHdrHopByHop() / syn())
    for name, ext in [("hbh", IPv6ExtHdrHopByHop), ("dstopt", IPv6ExtHdrDestOpt)]:
        b = bytearray(raw(ip6() / ext() / syn()))
        b[41] = 5  # (5+1)*8 = 48 bytes, only 28 in the payload
        fx("bad_ipv6_%s_length_past_end" % name, "raw", "%s ext length 5 (48 bytes) past the payload" % name, bytes(b))
    b = bytearray(raw(ip6() / IPv6ExtHdrRouting(addresses=["2001:db8::9"]) / syn()))
    b[41] = 9
    fx("bad_ipv6_routing_length_past_end", "raw", "routing ext length 9 (80 bytes) past the payload", bytes(b))
    fx("bad_ipv6_fragment_truncated", "raw", "next header 44 with 4 bytes left",
       ip6(nh=44) / b"\x06\0\0\0")
    b = bytearray(raw(ip4() / syn()))
    b[32] = 0x40
    fx("bad_tcp_doff_short", "raw", "TCP data offset 4 (< 5)", bytes(b))
    b = bytearray(raw(ip4() / syn()))
    b[32] = 0xF0
    fx("bad_tcp_doff_past_end", "raw", "TCP data offset 15 (60 bytes) in a 20-byte segment", bytes(b))
    opt_cases = [
        ("mss_length", "0205 05b4 0000 0000", "MSS length 5 (value still 1460)"),
        ("ws_length", "0304 0e01 0000 0000", "WS length 4 (shift still 14)"),
        ("sackok_length", "0403 0101", "SACK-permitted length 3"),
        ("ts_length", "0808 0000 0001 0000 0002 0000", "TS length 8 (values still read)"),
        ("sack_length", "0506 0000 0001 0000", "SACK length 6 (< 10)"),
        ("unknown_length", "fe01 0000", "unknown kind 254 length 1 (< 2)"),
        ("unknown_too_long", "0101 2229 0000 0000", "kind 34 length 41 (> 40, past the area)"),
        ("past_end", "0101 0101 0101 0101 080a 0000", "TS at offset 8 with only 4 bytes left"),
        ("eol_nonzero", "0204 05b4 0001 0000", "EOL then a non-zero byte (p0f opt+)"),
    ]
    for name, hx, what in opt_cases:
        fx("bad_tcp_opt_" + name, "raw", what, _tcp_with_area(bytes.fromhex(hx.replace(" ", ""))))
    fx("bad_udp_length_short", "raw", "UDP length 4 (< 8)", ip4() / UDP(sport=1, dport=2, len=4) / b"abcd")
    fx("bad_udp_length_past_end", "raw", "UDP length 100 in a 12-byte segment",
       ip4() / UDP(sport=1, dport=2, len=100) / b"abcd")
    fx("bad_udp_length_trailing", "raw", "UDP length 10 in a 12-byte segment",
       ip4() / UDP(sport=1, dport=2, len=10) / b"abcd")
    fx("bad_tcp_truncated", "raw", "10 bytes of TCP", ip4(proto=6) / (b"\x01" * 10))
    fx("bad_icmp4_truncated", "raw", "4 bytes of ICMP", ip4(proto=1) / b"\x08\0\0\0")
    fx("bad_icmp4_quote_truncated", "raw", "port unreachable quoting 12 bytes of an IP header",
       ip4() / ICMP(type=3, code=3) / raw(ip4() / UDP())[:12])
    fx("bad_icmp6_quote_truncated", "raw", "ICMPv6 unreachable quoting 20 bytes of an IPv6 header",
       ip6() / ICMPv6DestUnreach(code=4) / raw(ip6() / UDP())[:20])
    fx("bad_ipv4_gre", "raw", "IPv4 carrying GRE (47): transport unsupported", ip4(proto=47) / (b"\0" * 8))
    fx("bad_vlan_truncated", "ethernet", "802.1Q EtherType followed by 2 bytes", raw(eth(0x8100)) + b"\x00\x64")
    fx("bad_eth_short", "ethernet", "12 bytes: no EtherType", raw(eth())[:12])
    fx("bad_sll_short", "linux_sll", "15 bytes of SLL", raw(CookedLinux(lladdrtype=1))[:15])
    fx("bad_sll2_short", "linux_sll2", "19 bytes of SLL2", raw(CookedLinuxV2(lladdrtype=1))[:19])
    fx("bad_null_short", "null", "3 bytes of DLT_NULL", b"\x02\0\0")
    fx("bad_null_family", "null", "DLT_NULL family 7 (unknown)", loopback(7, False) + raw(ip4() / syn()))
    del base_tcp


def write_hex(name, link, comment, data):
    lines = ["# " + comment, "# link: " + link, "# made by tools/gen_wire_fixtures.py"]
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        lines.append(" ".join("%02x" % c for c in chunk))
    with open(os.path.join(HEX_DIR, name + ".hex"), "w") as f:
        f.write("\n".join(lines) + "\n")


DLT = {"ethernet": 1, "linux_sll": 113, "linux_sll2": 276, "raw": 101, "null": 0, "loop": 108}


def write_pcaps():
    by_link = {}
    for name, (link, pcap, _, data) in sorted(FIXTURES.items()):
        if pcap:
            by_link.setdefault(link, []).append(data)
    for link, frames in by_link.items():
        # Classic pcap, little-endian, microseconds, snaplen 65535.
        out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, DLT[link])]
        for i, data in enumerate(frames):
            out.append(struct.pack("<IIII", 1700000000 + i, 0, len(data), len(data)) + data)
        with open(os.path.join(PCAP_DIR, link + ".pcap"), "wb") as f:
            f.write(b"".join(out))


def main():
    os.makedirs(HEX_DIR, exist_ok=True)
    os.makedirs(PCAP_DIR, exist_ok=True)
    good_frames()
    nmap_frames()
    malformed_frames()
    os.makedirs(SEED_DIR, exist_ok=True)
    for name, (link, _, comment, data) in FIXTURES.items():
        write_hex(name, link, comment, data)
        with open(os.path.join(SEED_DIR, name + ".bin"), "wb") as f:  # fuzz seed
            f.write(data)
    write_pcaps()
    print("wrote %d hex fixtures and %d pcaps" % (len(FIXTURES), len(DLT)))


if __name__ == "__main__":
    main()
