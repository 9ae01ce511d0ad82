// ICMP echo evidence: what an echo request's or reply's TTL and payload say about the
// sender's OS (the ping program's habits; see icmp_echo.cpp for the table).
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "fp/fusion/evidence.hpp"

namespace whorl::fp::passive {

// ICMP echo request/reply: initial-TTL class and payload size/pattern habits
// (Windows: TTL 128, 32 bytes "abcd..."; Linux/macOS ping: 56 bytes with a timestamp).
std::optional<Evidence> classify_icmp_echo(std::uint8_t ttl, Bytes payload, bool is_request);

}  // namespace whorl::fp::passive
