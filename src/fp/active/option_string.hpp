// The O, O1..O6 attribute values: a TCP reply's options as Nmap 7.93 spells them
// (M5B4ST11NWA...), with its quirks kept: every EOL byte is an "L" and parsing goes on, and
// an unknown option kind consumes one byte without counting it, so the bytes after it are
// read as kinds (possibly past the header, into the payload).
#pragma once

#include <cstddef>
#include <string>

#include "base/bytes.hpp"

namespace whorl::fp::active {

// `from_options` starts at the first option byte and runs to the end of the captured
// packet; `option_length` is the TCP data offset * 4 - 20. Bytes Nmap would read beyond
// the captured packet count as zero. A malformed option or an overlong result gives "".
std::string nmap_option_string(Bytes from_options, std::size_t option_length);

// zlib's CRC-32 (the RD attribute: the payload of a RST).
std::uint32_t crc32(Bytes data);

}  // namespace whorl::fp::active
