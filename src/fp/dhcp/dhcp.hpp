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
#include "fp/fusion/evidence.hpp"

namespace whorl::fp::passive {

struct DhcpMessage {
    std::uint8_t op = 0;                     // BOOTP op: 1 request (client), 2 reply (server)
    std::uint8_t message_type = 0;           // option 53 (1 discover, 3 request, 8 inform...)
    std::vector<std::uint8_t> option_order;  // every option code in order
    std::vector<std::uint8_t> parameter_request_list;  // option 55
    std::string vendor_class;                // option 60
    std::string host_name;                   // option 12
    std::optional<std::uint16_t> max_message_size;  // option 57
    std::array<std::uint8_t, 6> client_mac{};
    std::uint32_t client_address = 0;                 // ciaddr, host order; 0: none yet
    std::optional<std::uint32_t> requested_address;  // option 50, host order
};

std::optional<DhcpMessage> parse_dhcp(Bytes udp_payload);

// Similarity of two ordered option lists: the longest common subsequence over the longer
// length (1 for equal lists, 0 when nothing is shared in order).
double option_list_similarity(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

class DhcpDb {
public:
    // The file format is documented at the top of data/dhcp-fingerprints.txt.
    static Result<DhcpDb> parse(std::string_view text, const std::string& path);
    static Result<DhcpDb> load();  // data/dhcp-fingerprints.txt from the whorl data dir
    static Result<DhcpDb> load(const std::string& path);

    // Only client messages (BOOTP op 1) are matched. An exact option 55 list with every
    // other condition of its line met has strength 1.0 (0.8 when the line's vendor class or
    // option order differs); a vendor-class prefix alone 0.8; else the most similar option
    // 55 list, if its similarity is at least kMinSimilarity, 0.85 x similarity.
    std::optional<Evidence> match(const DhcpMessage& m) const;
    std::size_t size() const;

    static constexpr double kMinSimilarity = 0.75;

    struct Entry {
        std::vector<std::uint8_t> prl;      // empty: a vendor-class line
        std::vector<std::uint8_t> order;    // empty: any option order
        std::vector<std::uint8_t> types;    // empty: any client message type
        std::string vendor;                 // option 60 prefix; empty: any
        std::string has;                    // option 60 must also contain this
        Evidence os;                        // family, name, flavor ("$VENDOR" expands)
        std::string source;
        std::uint32_t line = 0;
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;  // file order
};

}  // namespace whorl::fp::passive
