// Fuzz target: the DHCP side of the passive evidence. The first byte picks what the rest is:
// a DHCPv4 message (parse_dhcp, then matching against data/dhcp-fingerprints.txt), the text
// of a fingerprint file (DhcpDb::parse, then matching a fixed message), or an ICMP echo
// payload (classify_icmp_echo). Never a crash, never a read out of bounds, and the results
// keep their invariants (strengths in 0..1, every error located).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fp/dhcp/dhcp.hpp"
#include "fp/icmp/icmp_echo.hpp"

using namespace whorl::fp::passive;

namespace {

const DhcpDb& whorl_db() {
    static const DhcpDb db = [] {
        auto r = DhcpDb::load();
        return r ? std::move(*r) : DhcpDb{};
    }();
    return db;
}

void check(const std::optional<Evidence>& e) {
    if (e && (e->strength < 0 || e->strength > 1)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::span<const std::byte> rest(reinterpret_cast<const std::byte*>(data + 1), size - 1);
    switch (data[0] % 3) {
        case 0: {
            auto m = parse_dhcp(rest);
            if (!m) return 0;
            if (m->parameter_request_list.size() > rest.size()) __builtin_trap();
            check(whorl_db().match(*m));
            break;
        }
        case 1: {
            std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
            auto db = DhcpDb::parse(text, "fuzz.txt");
            if (!db) {
                if (db.error().where.empty()) __builtin_trap();
                return 0;
            }
            DhcpMessage m;
            m.op = 1;
            m.parameter_request_list = {1, 3, 6, 15, 119, 252};
            m.vendor_class = "dhcpcd-9.4.1:Linux-6.1.0:x86_64";
            check(db->match(m));
            break;
        }
        default:
            check(classify_icmp_echo(data[0], rest, data[0] & 4));
            break;
    }
    return 0;
}
