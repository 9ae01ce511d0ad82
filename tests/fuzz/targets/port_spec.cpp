// Fuzz target: -p values (scan/port_spec) against a small nmap-services, and the port list
// compressed back to text. Whatever the text: an error or sorted unique ports, never a
// crash; a list that parses prints back to a value that parses to the same list.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/port_spec.hpp"
#include "scan/services.hpp"

using namespace whorl;

namespace {

const scan::ServicesDb& services() {
    static const scan::ServicesDb db = *scan::ServicesDb::parse(
        "ssh\t22/tcp\t0.182286\t# Secure Shell Login\n"
        "http\t80/tcp\t0.484143\t# World Wide Web HTTP\n"
        "http-alt\t8080/tcp\t0.006490\n"
        "domain\t53/udp\t0.213496\n"
        "domain\t53/tcp\t0.048463\n"
        "unknown\t1/tcp\t0.001\n"
        "sctp-x\t2905/sctp\t0.000001\n",
        "fuzz-services");
    return db;
}

bool ascending_unique(const std::vector<std::uint16_t>& v) {
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i - 1] >= v[i]) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view spec(reinterpret_cast<const char*>(data), size);
    auto list = scan::parse_port_spec(spec, services());
    if (!list) return 0;
    if (!ascending_unique(list->tcp) || !ascending_unique(list->udp) || !ascending_unique(list->sctp)) __builtin_trap();
    if (!list->tcp.empty()) {
        auto again = scan::parse_port_spec("T:" + scan::compress_ports(list->tcp), services());
        if (!again || again->tcp != list->tcp) __builtin_trap();
    }
    return 0;
}
