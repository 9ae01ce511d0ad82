// What the OS-scan fuzz targets (os_replies, os6_replies) run a scan on: a clock that moves
// only when the target says, a sink that records every probe sent, and the fuzzer's bytes
// read a field at a time (zeros once they run out).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"

namespace whorl::fuzz {

class FakeClock final : public io::Clock {
public:
    io::MonoTime now() const override { return t; }
    io::WallTime wall() const override { return io::WallTime(std::chrono::seconds(1700000000)); }
    io::MonoTime t{std::chrono::seconds(1)};
};

class RecordingSink final : public io::PacketSink {
public:
    Result<void> send(Bytes p, const IpAddress&) override {
        sent.emplace_back(p.begin(), p.end());
        return {};
    }
    std::vector<std::vector<std::byte>> sent;
};

struct Input {
    const std::uint8_t* data;
    std::size_t size, pos = 0;
    std::uint8_t u8() { return pos < size ? data[pos++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) << 16 | u16(); }
    Bytes take(std::size_t n) {
        n = std::min(n, size - pos);
        Bytes b(reinterpret_cast<const std::byte*>(data + pos), n);
        pos += n;
        return b;
    }
    bool done() const { return pos >= size; }
};

}  // namespace whorl::fuzz
