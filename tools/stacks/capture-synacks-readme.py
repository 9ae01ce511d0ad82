#!/usr/bin/env python3
"""Updates tests/fixtures/pcap/stacks/README.md for tools/stacks/capture-synacks.sh.

  capture-synacks-readme.py README STACK --row TARGET HOW VERSIONS TCPDUMP_V CLIENT
  capture-synacks-readme.py README STACK --none WHY

--row sets the table row of STACK from TCPDUMP_V (`tcpdump -nn -v -r STACK.pcap`: the
SYN+ACK's TTL, DF, window and options) and its verbatim SYN+ACK in the list below; --none
moves STACK to "Not recorded" with WHY. The rows of the other stacks are kept as they are.
"""
import re
import sys

STATIC_NONE = {
    "edk2-ovmf": "not captured: OVMF (EDK2, Shell with a configured TcpDxe) answers no TCP at all, neither SYN+ACK nor RST "
                 "(tools/stacks/firmware-ovmf.sh, data/measured/edk2-ovmf: ARP and ICMP echo only).",
    "grub-efi": "not captured: GRUB 2.06's efinet stack answers no TCP at all "
                "(tools/stacks/firmware-grub.sh, data/measured/grub-efi: ARP and one ICMP echo only).",
}
ORDER = ["debian", "ubuntu2404", "rhel9", "alpine", "android", "lwip", "ns3", "passt-pasta",
         "libslirp-slirp4netns", "gvisor-netstack", "ipxe", "linux-6.1-debian12-uml",
         "linux-6.1-debian12-qemu-tcg", "edk2-ovmf", "grub-efi"]
HEAD = ["stack (file)", "target", "how it was made", "TTL", "DF", "window",
        "options (tcpdump -v)", "captured, versions"]


def order_key(stack):
    m = re.fullmatch(r"linux-\d+\.\d+-(\w+)", stack)
    key = m.group(1) if m and m.group(1) in ORDER[:5] else stack
    return (ORDER.index(key) if key in ORDER else len(ORDER), stack)


def packets(text):
    """Joins tcpdump -v's continuation lines: one string per packet, timestamp dropped."""
    out = []
    for line in text.splitlines():
        if line[:1].isspace() and out:
            out[-1] += " " + line.strip()
        elif line.strip():
            out.append(re.sub(r"^\d\d:\d\d:\d\d\.\d+ ", "", line.strip()))
    return out


def flags(pkt):
    m = re.search(r"Flags \[([^\]]*)\]", pkt)
    return m.group(1) if m else ""


def fields(pkt):
    ttl = re.search(r"\bttl (\d+)", pkt).group(1)
    df = "DF" if re.search(r"flags \[[^\]]*DF", pkt) else "no"
    win = re.search(r"\bwin (\d+)", pkt).group(1)
    m = re.search(r"options \[([^\]]*)\]", pkt)
    return ttl, df, win, (m.group(1) if m else "none")


def esc(s):
    return s.replace("|", "\\|")


def main():
    path, stack, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        old = open(path).read()
    except FileNotFoundError:
        old = ""
    rows, lines, none = {}, {}, dict(STATIC_NONE)
    section = None
    for line in old.splitlines():
        if line.startswith("## "):
            section = line
        m = re.match(r"\| `([^`]+)`", line)
        if m:
            rows[m.group(1)] = line
        m = re.match(r"- `([^`]+)`: (IP.*)$", line)
        if m and section and "SYN+ACK" in section:
            lines[m.group(1)] = line
        m = re.match(r"- `([^`]+)`: (.*)$", line)
        if m and section and "Not recorded" in section and m.group(1) not in STATIC_NONE:
            none[m.group(1)] = m.group(2)
    client = None
    m = re.search(r"^Client: (.*)$", old, re.M)
    if m:
        client = m.group(1)
    if mode == "--row":
        target, how, versions, tcpdump_v, client_sw = sys.argv[4:9]
        pkts = packets(tcpdump_v)
        synack = next(p for p in pkts if "S" in flags(p) and "." in flags(p))
        syn = next((p for p in pkts if flags(p) == "S"), None)
        ttl, df, win, opts = fields(synack)
        rows[stack] = "| " + " | ".join(esc(c) for c in [
            f"`{stack}` ([{stack}.pcap]({stack}.pcap))", target, how, ttl, df, win,
            opts, versions]) + " |"
        lines[stack] = f"- `{stack}`: {synack}"
        none.pop(stack, None)
        if syn:
            sopts = re.sub(r"TS val \d+ ecr \d+", "TS val N ecr 0", fields(syn)[3])
            client = (f"{client_sw}; its SYN (IPv4, TTL {fields(syn)[0]}, window "
                      f"{fields(syn)[2]}): `[{sopts}]`")
    elif mode == "--none":
        none[stack] = "no SYN+ACK, no pcap: " + sys.argv[4]
        rows.pop(stack, None)
        lines.pop(stack, None)
    else:
        sys.exit("usage: see the docstring")

    out = [
        "# SYN+ACKs of the lab's TCP/IP stacks",
        "",
        "One pcap per stack of `tools/stacks/` (names as in `data/measured/<stack>/`), each",
        "holding one TCP handshake: the SYN of a Linux client (curl, in the lab's scanner",
        "namespace, with its default options), the stack's SYN+ACK, and the client's ACK.",
        "Made by `tools/stacks/capture-synacks.sh` (root; `tools/stacks/capture-synacks.sh",
        "STACK...` redoes some), which brings each stack up with the bring-up function of its",
        "own measurement script (same namespaces, addresses and listeners as the active",
        "measurement), runs `tcpdump -s 0 -U -w` in the scanner namespace on its lab link and",
        "`curl --max-time 5 --http0.9 http://TARGET:PORT/` once, and keeps the SYN, SYN+ACK",
        "and the first pure ACK of that connection. Only lab addresses (198.51.100.0/24)",
        "appear; the scanner is 198.51.100.1 (198.51.100.100 behind slirp4netns). Packets",
        "that crossed a veth or TAP from a Linux kernel keep the partial checksum of checksum",
        "offload (tcpdump -v: \"incorrect\"), as in the other lab captures; the headers and",
        "options are those on the wire.",
        "",
        "Client: " + (client or "curl from the scanner namespace"),
        "",
        "| " + " | ".join(HEAD) + " |",
        "|" + "---|" * len(HEAD),
    ]
    out += [rows[k] for k in sorted(rows, key=order_key)]
    out += ["", "## The SYN+ACKs as `tcpdump -nn -v` prints them", ""]
    out += [lines[k] for k in sorted(lines, key=order_key)]
    out += ["", "## Not recorded", ""]
    out += [f"- `{k}`: {none[k]}" for k in sorted(none, key=order_key)]
    open(path, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
