// ICMPv4 checksum verification.
#include "wire/icmp4.hpp"

#include "wire/checksum.hpp"

namespace whorl::wire {

bool Icmp4View::checksum_ok() const { return internet_checksum(bytes_) == 0; }

}  // namespace whorl::wire
