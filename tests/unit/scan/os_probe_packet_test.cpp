// OS probe packets built from the probe table equal, byte for byte, the probes Nmap 7.93
// sent in the reference run (active-os-detection.md §2.9; fixtures from that capture).
#include "scan/os_probe_packet.hpp"

#include <array>

#include <gtest/gtest.h>

#include "base/bytes.hpp"
#include "base/hex.hpp"
#include "support/fixtures.hpp"

namespace whorl::scan {
namespace {

using fp::active::ProbeId;
using fp::active::probe_spec;

struct Case {
    ProbeId probe;
    const char* fixture;
};

TEST(OsProbePacket, EqualsNmapsCapturedProbes) {
    for (auto c : {Case{ProbeId::seq1, "nmap_seq1"}, Case{ProbeId::ecn, "nmap_ecn"}, Case{ProbeId::t7, "nmap_t7"},
                   Case{ProbeId::ie1, "nmap_ie1"}, Case{ProbeId::u1, "nmap_u1"}}) {
        auto want = test::read_hex_fixture(std::string("hex/wire/") + c.fixture + ".hex");
        ASSERT_GE(want.size(), 20u) << c.fixture;
        OsProbeValues v;
        // The addresses, IP ID and TTL of each captured packet; the round's values of the run.
        v.source = IpAddress::v4(load_be32(want, 12));
        v.target = IpAddress::v4(load_be32(want, 16));
        v.ip_id = load_be16(want, 4);
        v.ttl = load_u8(want, 8);
        v.udp_ttl = load_u8(want, 8);
        v.tcp_port_base = 51847;
        v.udp_port_base = 51746;
        v.seq_base = 0xEF1BC490;
        v.ack = 0x747960F4;
        v.icmp_id = 0x998F;
        v.open_port = 80;
        v.closed_port = 1;
        v.closed_udp_port = 44535;
        std::array<std::byte, 400> buf{};
        auto n = build_os_probe(buf, probe_spec(c.probe), v);
        ASSERT_TRUE(n) << c.fixture;
        EXPECT_EQ(to_hex(std::span(buf).first(*n)), to_hex(want)) << c.fixture;
    }
}

}  // namespace
}  // namespace whorl::scan
