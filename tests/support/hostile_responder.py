#!/usr/bin/env python3
"""A hostile TCP responder for lab tests (issue 15): in a lab host's namespace, answers
every SYN to a port given with a KIND with a SYN/ACK whose TCP header Nmap's reader
rejects, and every SYN to a GOOD port with a well-formed SYN/ACK (the control: the
responder works). Frames are read and written on an AF_PACKET socket, so the host's
kernel must be kept from answering too (the test drops its RSTs with nft).

Usage: hostile_responder.py PORT:KIND[,PORT:KIND...] GOOD_PORT[,GOOD_PORT...]
  KIND: mss40 (an MSS option claiming 40 bytes), wscale0 (window scale of length 0),
        ts1 (timestamp of length 1), sack2 (SACK of length 2), offset4 (data offset 4),
        offset15 (data offset 15 past the packet), tscut (a timestamp cut by the header end)
Only lab addresses ever reach this namespace.
"""
import socket
import struct
import sys

ETH_P_IP = 0x0800


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


GOOD_OPTIONS = bytes([2, 4, 5, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7])
MALFORMED = {
    "mss40": (bytes([2, 40, 5, 0xB4]), None),
    "wscale0": (bytes([3, 0, 7, 1]), None),
    "ts1": (bytes([8, 1, 1, 1]), None),
    "sack2": (bytes([5, 2, 1, 1]), None),
    "tscut": (bytes([1, 1, 8, 10, 0, 0, 0, 1]), None),
    "offset4": (b"", 4),
    "offset15": (bytes([1, 1, 1, 1]), 15),
}


def reply(frame: bytes, options: bytes, data_offset) -> bytes:
    eth, ip = frame[:14], frame[14:]
    ihl = (ip[0] & 15) * 4
    tcp = ip[ihl:]
    src, dst = ip[12:16], ip[16:20]
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    header = 20 + len(options)
    offset = data_offset if data_offset is not None else header // 4
    th = struct.pack("!HHIIBBHHH", dport, sport, 0x12345678, (seq + 1) & 0xFFFFFFFF, offset << 4, 0x12, 64240, 0, 0)
    th += options
    pseudo = dst + src + struct.pack("!BBH", 0, 6, len(th))
    th = th[:16] + struct.pack("!H", checksum(pseudo + th)) + th[18:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(th), 0x4242, 0x4000, 64, 6, 0, dst, src)
    iph = iph[:10] + struct.pack("!H", checksum(iph)) + iph[12:]
    return eth[6:12] + eth[0:6] + eth[12:14] + iph + th


def main() -> None:
    bad = {}
    for item in sys.argv[1].split(","):
        port, kind = item.split(":")
        bad[int(port)] = MALFORMED[kind]
    good = {int(p) for p in sys.argv[2].split(",") if p}
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    while True:
        frame, addr = s.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING or len(frame) < 14 + 40:
            continue
        ip = frame[14:]
        if ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        tcp = ip[(ip[0] & 15) * 4:]
        dport = struct.unpack("!H", tcp[2:4])[0]
        if tcp[13] & 0x3F != 0x02:  # a SYN alone
            continue
        if dport in bad:
            s.sendto(reply(frame, *bad[dport]), (addr[0], ETH_P_IP))
        elif dport in good:
            s.sendto(reply(frame, GOOD_OPTIONS, None), (addr[0], ETH_P_IP))


if __name__ == "__main__":
    main()
