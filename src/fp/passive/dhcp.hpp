// DHCP fingerprints: a DHCPv4 message (UDP 67/68 payload) parsed without trusting it, and
// the client's option 55 parameter request list, option 60 vendor class and option order
// matched against whorl's own table (data/dhcp-fingerprints.txt, with provenance).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "fp/passive/evidence.hpp"

namespace whorl::fp::passive {

struct DhcpMessage {
    std::uint8_t message_type = 0;           // option 53 (1 discover, 3 request, 8 inform...)
    std::vector<std::uint8_t> option_order;  // every option code in order
    std::vector<std::uint8_t> parameter_request_list;  // option 55
    std::string vendor_class;                // option 60
    std::string host_name;                   // option 12
    std::optional<std::uint16_t> max_message_size;  // option 57
    std::array<std::uint8_t, 6> client_mac{};
};

std::optional<DhcpMessage> parse_dhcp(Bytes udp_payload);

class DhcpDb {
public:
    static Result<DhcpDb> parse(std::string_view text, const std::string& path);
    static Result<DhcpDb> load();  // data/dhcp-fingerprints.txt from the whorl data dir
    std::optional<Evidence> match(const DhcpMessage& m) const;
    std::size_t size() const;

private:
    struct Entry;
    std::vector<std::pair<std::string, Evidence>> by_prl_;       // "1,3,6,15,..." -> OS
    std::vector<std::pair<std::string, Evidence>> by_vendor_;    // vendor-class prefix -> OS
};

// ICMP echo request/reply: initial-TTL class and payload size/pattern habits
// (Windows: TTL 128, 32 bytes "abcd..."; Linux/macOS ping: 56 bytes with a timestamp).
std::optional<Evidence> classify_icmp_echo(std::uint8_t ttl, Bytes payload, bool is_request);

}  // namespace whorl::fp::passive
