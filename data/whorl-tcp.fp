;
; whorl's own TCP signatures, p0f v3 syntax (read by the same loader as /etc/p0f/p0f.fp:
; src/fp/passive/p0f_database.cpp). They cover current stacks that p0f.fp 3.09b (2016)
; lacks; whorl matches them as a second database next to p0f.fp (evidence source
; whorl_syn / whorl_synack), never instead of it.
;
; Written for whorl from measurements and from public facts, each group saying which:
;
;   LAB       measured here on real stacks: tests/fixtures/pcap/lab/linux-syns.pcap, made by
;             tools/capture-lab-syns.sh (Linux 6.18 in lab namespaces with the personas of
;             src/lab/persona.cpp and extra tcp_rmem settings; the README next to the pcap
;             lists every host). tests/unit/fp/passive/whorl_tcp_fp_test.cpp checks that
;             every SYN and SYN+ACK in it matches the signature named here.
;   LABSTACK  the SYN+ACK each userspace stack of the lab (gVisor, libslirp, lwIP, ns-3,
;             passt) sent curl, recorded by tools/stacks/capture-synacks.sh in
;             tests/fixtures/pcap/stacks/; the block at the end of this file is written by
;             tools/stacks/whorl-tcp-synacks.sh from those captures, and
;             tests/unit/fp/p0f/whorl_tcp_fp_test.cpp checks each matches its own.
;   NDPI      ntop nDPI src/lib/ndpi_os_fingerprint.c.inc (2024/2025), TCP fingerprint ->
;             OS table. Its entries are <flags>_<ttl>_<window>_<sha256(option string)[:12]>;
;             the option strings below were recovered by hashing candidate strings (e.g.
;             sha256("02010308010104")[:12] = e035a9f8f3a0, nDPI's "Win10/11" entry).
;   JA4T      FoxIO ja4plus-mapping.csv rows quoted in the design reference (section 5.4):
;             Windows 10 64240_2-1-3-1-1-4_1460_8, Mac/iPhone 65535_2-1-3-1-1-8-4-0-0_1460_6.
;
; What the values mean for Linux. Since the 2018 change "tcp: up initial rmem to 128KB and
; SYN rwin to around 64KB" (Linux 4.19), the SYN window is the receive space (half of
; tcp_rmem[1] = 128 KiB) rounded down to a multiple of the MSS and capped at 65535: 64240 =
; 44 x 1460 on Ethernet IPv4, 64800 = 45 x 1440 on IPv6, 65280 = 48 x 1360 at MTU 1400. So
; one multiplier per MSS band, 65535 / (N + 1) < MSS <= 65535 / N: 44 for 1457-1489, 45 for
; 1425-1456, 46 for 1394-1424, 47 for 1365-1393, 48 for 1337-1364. A SYN+ACK with
; timestamps rounds to MSS - 12 (65160 = 45 x 1448). A tcp_rmem[1] above 128 KiB (Android
; sets its own; tuned servers) leaves 65535. The window scale follows max(tcp_rmem[2],
; rmem_max): 7 for Debian/Ubuntu's 6 MiB, 9 for 16 MiB, 10 for 32 MiB (this lab kernel),
; hence "*". IPv4 SYNs carry DF and a non-zero IP ID; IPv6 ones a flow label (Linux's
; auto_flowlabels); the "*" signatures list df,id+,flow and p0f compares only the quirks
; of the packet's IP version.
;

classes = win,unix,other

[tcp:request]

; ---- Linux 4.19 and newer (LAB: persona linux, IPv4 and IPv6; ecn is a fuzzy match) ----

label = s:unix:Linux:4.19 and newer
sig   = *:64:0:*:mss*44,*:mss,sok,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*45,*:mss,sok,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*46,*:mss,sok,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*47,*:mss,sok,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*48,*:mss,sok,ts,nop,ws:df,id+,flow:0

; LAB: personas no-timestamps, no-sack, no-wscale (sysctl-tuned Linux; the layouts are
; Linux's own order, unlike Windows' mss,nop,ws,nop,nop,sok).
label = s:unix:Linux:4.19 and newer (tuned)
sig   = *:64:0:*:mss*44,*:mss,nop,nop,sok,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*45,*:mss,nop,nop,sok,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*44,*:mss,nop,nop,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*45,*:mss,nop,nop,ts,nop,ws:df,id+,flow:0
sig   = *:64:0:*:mss*44,0:mss,sok,ts:df,id+,flow:0
sig   = *:64:0:*:mss*45,0:mss,sok,ts:df,id+,flow:0

; LAB: persona bare with TTL 64 would send this; so do many small stacks: generic.
label = g:unix:Linux:4.19 and newer (no options but MSS)
sig   = *:64:0:*:mss*44,0:mss:df,id+,flow:0
sig   = *:64:0:*:mss*45,0:mss:df,id+,flow:0

; ---- Android: Linux with a receive buffer above 128 KiB ----
; NDPI: 2_64_65535_{8b4e598a2ef6,25d42dd21321,9ade5ea639dd,5ec4846073b9} -> Android, i.e.
; window 65535 with mss,sok,ts,nop,ws and scale 10, 9, 8, 7 (option strings
; 02040801030a, ...09, ...08, ...07). LAB: hosts with tcp_rmem 1 MiB / 512 KiB default
; send exactly this, so a tuned Linux can too; the flavor says so.
label = s:unix:Android:or Linux with a large default receive buffer
sig   = *:64:0:*:65535,*:mss,sok,ts,nop,ws:df,id+,flow:0

; ---- Windows 10 and 11 ----
; NDPI: 2_128_64240_e035a9f8f3a0 "Win10/11" (option string 02010308010104: mss,nop,ws 8,
; nop,nop,sok). JA4T: Windows 10 64240_2-1-3-1-1-4_1460_8 (the same). 64240 is 44 x 1460;
; nDPI's other Windows entries with this layout (62720, 64668, 64872, 65088, 65424, ...)
; are other MSS values, so the multiplier form is kept, plus 65535 (nDPI 2_128_65535).
label = s:win:Windows:10 or 11
sig   = *:128:0:*:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*45,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,8:mss,nop,ws,nop,nop,sok:df,id+:0

; NDPI: 2_128_{65535,65160,64512,64390,62636,...}_55a079b2ce62, option string
; 020103080408: mss,nop,ws 8,sok,ts: Windows with RFC 1323 timestamps turned on.
label = g:win:Windows:10 or 11 (timestamps on)
sig   = *:128:0:*:*,8:mss,nop,ws,sok,ts:df,id+:0

; ---- macOS 11 and newer, iOS / iPadOS (one stack, XNU) ----
; NDPI: 2_64_65535_96500ba614e1 "used by both macOS and iOS/iPadOS" (option string
; 020103060101080400: mss,nop,ws 6,nop,nop,ts,sok,eol) and 194_64_65535_fa6f8edaadeb
; (the same with ws 5, as an ECN-setup SYN). JA4T Mac/iPhone 65535_2-1-3-1-1-8-4-0-0_1460_6.
; p0f.fp knows this layout only with scale 1-4 (Mac OS X 10.x, iOS).
label = s:unix:macOS:11 or newer (or iOS/iPadOS)
sig   = *:64:0:*:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+,flow:0
sig   = *:64:0:*:65535,5:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+,flow:0

; ---- FreeBSD ----
; NDPI: 2_64_65535_defa183edeca -> FreeBSD, option string 020103060408 (mss,nop,ws 6,sok,
; ts): p0f.fp's "FreeBSD 9.x or newer" (65535,6:mss,nop,ws,sok,ts) already matches it, so
; no signature is added here.

[tcp:response]

; ---- Linux 4.19 and newer as a server (LAB: every persona's SYN+ACK, IPv4 and IPv6) ----
; With timestamps the window is rounded to MSS - 12: 65160 = 45 x 1448 (IPv4), 64260 =
; 45 x 1428 (IPv6), 64704 = 48 x 1348 and 65072 = 49 x 1328 at MTU 1400; without them to
; the MSS: 64240 = 44 x 1460, 64800 = 45 x 1440. The IP ID is 0 (with DF): no id+.
label = s:unix:Linux:4.19 and newer
sig   = *:64:0:*:mss*44,*:mss,sok,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*45,*:mss,sok,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*46,*:mss,sok,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*47,*:mss,sok,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*48,*:mss,sok,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*49,*:mss,sok,ts,nop,ws:df,flow:0

label = s:unix:Linux:4.19 and newer (tuned)
sig   = *:64:0:*:mss*44,*:mss,nop,nop,sok,nop,ws:df,flow:0
sig   = *:64:0:*:mss*45,*:mss,nop,nop,sok,nop,ws:df,flow:0
sig   = *:64:0:*:mss*44,*:mss,nop,nop,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*45,*:mss,nop,nop,ts,nop,ws:df,flow:0
sig   = *:64:0:*:mss*44,0:mss,sok,ts:df,flow:0
sig   = *:64:0:*:mss*45,0:mss,sok,ts:df,flow:0

label = g:unix:Linux:4.19 and newer (no options but MSS)
sig   = *:64:0:*:mss*44,0:mss:df,flow:0
sig   = *:64:0:*:mss*45,0:mss:df,flow:0

; ---- BEGIN lab stacks' SYN+ACKs (generated by tools/stacks/whorl-tcp-synacks.sh) ----
; Each stack's SYN+ACK to curl (Linux 6.18 client: mss 1460, sackOK, TS, nop, wscale 10),
; recorded in the lab: tests/fixtures/pcap/stacks/<stack>.pcap (README there).

; gVisor netstack (runsc 0.0~20221219.0-2+b3, Debian 12) (LAB: tests/fixtures/pcap/stacks/gvisor-netstack.pcap)
label = s:other:gVisor:
sig   = 4:64:0:*:29184,7:mss,sok,ts,nop,ws::0

; libslirp 4.7.0-1 userspace TCP/IP (slirp4netns 1.2.0-1, Debian 12) (LAB: tests/fixtures/pcap/stacks/libslirp-slirp4netns.pcap)
label = s:other:QEMU:
sig   = 4:64:0:*:65535,0:mss::0

; lwIP 2.1.3 (liblwip 2.1.3+dfsg1-2 unix port, Debian 12) (LAB: tests/fixtures/pcap/stacks/lwip.pcap)
label = s:other:lwIP:2.1.X
sig   = 4:255:0:*:65535,1:mss,nop,ws::0

; ns-3 3.37 simulated TCP/IP stack (libns3-dev 3.37-2, Debian 12) (LAB: tests/fixtures/pcap/stacks/ns3.pcap)
label = s:other:ns-3:3.X
sig   = 4:64:0:*:65535,2:ts,ws,sok,eol+0:seq-:0

; passt/pasta userspace TCP/IP (passt 0.0~git20230309.7c7625d-1, Debian 12) (LAB: tests/fixtures/pcap/stacks/passt-pasta.pcap)
label = s:other:passt:
sig   = 4:255:0:*:65535,8:mss,nop,ws:id-:0
; ---- END lab stacks' SYN+ACKs ----
