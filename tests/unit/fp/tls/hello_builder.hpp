// Test support: ClientHello bytes written field by field (RFC 8446 section 4.1.2), and the
// record framing around them, for the TLS parser and fingerprint tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace whorl::fp::tls::test {

struct ByteWriter {
    std::vector<std::byte> out;
    void u8(unsigned v) { out.push_back(static_cast<std::byte>(v & 0xff)); }
    void u16(unsigned v) {
        u8(v >> 8);
        u8(v);
    }
    void u24(unsigned v) {
        u8(v >> 16);
        u16(v);
    }
    void raw(const std::vector<std::byte>& b) { out.insert(out.end(), b.begin(), b.end()); }
    void text(const std::string& s) {
        for (char c : s) u8(static_cast<unsigned char>(c));
    }
};

struct Ext {
    unsigned type;
    std::vector<std::byte> data;
};

inline std::vector<std::byte> u16_vector(std::initializer_list<unsigned> values, int prefix) {
    ByteWriter w;
    if (prefix == 1) w.u8(static_cast<unsigned>(values.size() * 2));
    if (prefix == 2) w.u16(static_cast<unsigned>(values.size() * 2));
    for (unsigned v : values) w.u16(v);
    return w.out;
}

inline std::vector<std::byte> server_name(const std::string& host) {
    ByteWriter w;
    w.u16(static_cast<unsigned>(host.size() + 3));
    w.u8(0);
    w.u16(static_cast<unsigned>(host.size()));
    w.text(host);
    return w.out;
}

inline std::vector<std::byte> alpn(std::initializer_list<std::string> names) {
    ByteWriter list;
    for (const auto& n : names) {
        list.u8(static_cast<unsigned>(n.size()));
        list.text(n);
    }
    ByteWriter w;
    w.u16(static_cast<unsigned>(list.out.size()));
    w.raw(list.out);
    return w.out;
}

// The handshake body of a ClientHello.
inline std::vector<std::byte> client_hello_body(unsigned version, const std::vector<unsigned>& ciphers,
                                                const std::vector<Ext>& extensions) {
    ByteWriter w;
    w.u16(version);
    for (int i = 0; i < 32; ++i) w.u8(static_cast<unsigned>(i));  // random
    w.u8(32);                                                     // session id
    for (int i = 0; i < 32; ++i) w.u8(0xee);
    w.u16(static_cast<unsigned>(ciphers.size() * 2));
    for (unsigned c : ciphers) w.u16(c);
    w.u8(1);  // compression: null
    w.u8(0);
    ByteWriter exts;
    for (const Ext& e : extensions) {
        exts.u16(e.type);
        exts.u16(static_cast<unsigned>(e.data.size()));
        exts.raw(e.data);
    }
    w.u16(static_cast<unsigned>(exts.out.size()));
    w.raw(exts.out);
    return w.out;
}

// The handshake message (type 1) split over records of at most `record_size` bytes.
inline std::vector<std::byte> in_records(const std::vector<std::byte>& body, std::size_t record_size = 16384,
                                         unsigned type = 1) {
    ByteWriter msg;
    msg.u8(type);
    msg.u24(static_cast<unsigned>(body.size()));
    msg.raw(body);
    ByteWriter w;
    for (std::size_t off = 0; off < msg.out.size(); off += record_size) {
        std::size_t n = std::min(record_size, msg.out.size() - off);
        w.u8(22);
        w.u16(0x0301);
        w.u16(static_cast<unsigned>(n));
        w.out.insert(w.out.end(), msg.out.begin() + static_cast<long>(off), msg.out.begin() + static_cast<long>(off + n));
    }
    return w.out;
}

// The ClientHello of JA4's own example (technical_details/JA4.md: 15 ciphers, 16
// extensions, ALPN h2, the 8 signature algorithms listed there), with GREASE where
// browsers put it.
inline std::vector<std::byte> ja4_example_body() {
    std::vector<unsigned> ciphers = {0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
                                     0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    std::vector<Ext> exts = {
        {0x1a1a, {}},
        {0x001b, {std::byte{2}, std::byte{0}, std::byte{2}}},
        {0x0000, server_name("www.example.com")},
        {0x0033, {std::byte{0}, std::byte{0}}},
        {0x0010, alpn({"h2", "http/1.1"})},
        {0x4469, {std::byte{0}, std::byte{3}, std::byte{2}, std::byte{'h'}, std::byte{'2'}}},
        {0x0017, {}},
        {0x002d, {std::byte{1}, std::byte{1}}},
        {0x000d, u16_vector({0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601}, 2)},
        {0x0005, {std::byte{1}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}}},
        {0x0023, {}},
        {0x0012, {}},
        {0x002b, u16_vector({0x3a3a, 0x0304, 0x0303}, 1)},
        {0xff01, {std::byte{0}}},
        {0x000b, {std::byte{1}, std::byte{0}}},
        {0x000a, u16_vector({0x4a4a, 0x001d, 0x0017, 0x0018}, 2)},
        {0x0015, {std::byte{0}, std::byte{0}, std::byte{0}}},
        {0x5a5a, {std::byte{0}}},
    };
    return client_hello_body(0x0303, ciphers, exts);
}

}  // namespace whorl::fp::tls::test
