// Which side of a TCP connection an observation describes, as p0f's sections name it.
#pragma once

#include <cstdint>

namespace whorl::fp::passive {

// Request = client side (SYN, HTTP request); response = server side (SYN+ACK, response).
enum class Direction : std::uint8_t { request = 0, response = 1 };

}  // namespace whorl::fp::passive
