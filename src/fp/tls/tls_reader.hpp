// A bounds-checked big-endian reader over TLS's length-prefixed structures: a read past
// the end sets failed() and returns zeros, so a parser checks once at the end.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"

namespace whorl::fp::tls {

class TlsReader {
public:
    explicit TlsReader(Bytes data) : data_(data) {}

    std::uint8_t u8() { return take(1) ? load_u8(data_, pos_ - 1) : 0; }
    std::uint16_t u16() { return take(2) ? load_be16(data_, pos_ - 2) : 0; }
    std::uint32_t u24() {
        if (!take(3)) return 0;
        return static_cast<std::uint32_t>(load_u8(data_, pos_ - 3)) << 16 | load_be16(data_, pos_ - 2);
    }
    Bytes bytes(std::size_t n) { return take(n) ? data_.subspan(pos_ - n, n) : Bytes{}; }
    // A vector with a 1- or 2-byte length prefix: its bytes, or a reader over them.
    Bytes vec8_bytes() { return bytes(u8()); }
    Bytes vec16_bytes() { return bytes(u16()); }
    TlsReader vec8() { return TlsReader(vec8_bytes()); }
    TlsReader vec16() { return TlsReader(vec16_bytes()); }

    std::size_t remaining() const { return failed_ ? 0 : data_.size() - pos_; }
    bool empty() const { return remaining() == 0; }
    bool failed() const { return failed_; }

private:
    bool take(std::size_t n) {
        if (failed_ || data_.size() - pos_ < n) {
            failed_ = true;
            return false;
        }
        pos_ += n;
        return true;
    }

    Bytes data_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

}  // namespace whorl::fp::tls
