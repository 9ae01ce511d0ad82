// Block: a share of a submitted target list, as one JSON message on a queue's work stream
// (docs/decisions/0029 has the format):
//   {"format": "whorl-block", "format_version": 1, "queue": "lab", "block": "5f3c0e9a1b2d4c6e-000003",
//    "ipv6": false, "targets": [{"address": "198.51.100.2"}, {"address": "198.51.100.9", "hostname": "db.example"}]}
// The targets are addresses, names resolved by the submitter (a name keeps its spelling
// for the reports). A block's id is unique among every submission: the submission's random
// id and the block's number. Decoding reads untrusted bytes: never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"

namespace whorl::fleet {

inline constexpr int kBlockFormatVersion = 1;
// Targets per block at most: a block of IPv6 names stays far below NATS's 1 MiB payload.
inline constexpr std::size_t kMaxBlockTargets = 4096;

struct BlockTarget {
    IpAddress address;
    std::string hostname;  // the name given, or empty
    bool operator==(const BlockTarget&) const = default;
};

struct Block {
    std::string id;
    bool ipv6 = false;
    std::vector<BlockTarget> targets;
    bool operator==(const Block&) const = default;
};

// "<submission>-<index, six digits or more>".
std::string block_id(std::string_view submission, std::uint64_t index);

// One line of JSON (no newline).
std::string encode_block(const Block& block, std::string_view queue);
// The block in a message; an Errc::parse error says what is wrong with it.
Result<Block> decode_block(std::string_view data);

}  // namespace whorl::fleet
