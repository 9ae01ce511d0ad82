// QUIC client Initial packets (fp/tls/quic_initial): RFC 9001's own example (Appendix A.2,
// tests/fixtures/quic/) decrypts to the CRYPTO frame the RFC prints, whose ClientHello
// parses and takes a QUIC JA4 ("q..."); a changed byte, a cut packet, another version or a
// short-header packet give nothing; the assembler joins a ClientHello split over two
// packets in any order and gives up on one larger than 16 KB.
#include <gtest/gtest.h>

#include <sstream>

#include "fp/tls/hello.hpp"
#include "fp/tls/ja4.hpp"
#include "fp/tls/quic_initial.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::tls {
namespace {

std::vector<std::byte> from_hex(std::string_view hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

std::vector<std::byte> rfc_packet() {
    std::istringstream in(::whorl::test::read_fixture("quic/rfc9001-client-initial.hex"));
    std::string line, hex;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') hex += line;
    return from_hex(hex);
}

// RFC 9001 A.2: the CRYPTO frame's data (the frame's type 06, offset 00 and length 40f1
// stripped): a ClientHello message of 237 bytes.
constexpr std::string_view kCryptoData =
    "010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e86804fe3a47f06a2b69484c00000413011302010000c000000010000e"
    "00000b6578616d706c652e636f6dff01000100000a00080006001d0017001800100007000504616c706e0005000501000000000033002600"
    "24001d00209370b2c9caa47fbabaf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b0003020304000d0010000e040305030603"
    "0203080408050806002d00020101001c00024001003900320408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901"
    "100f088394c8f03e51570806048000ffff";

TEST(QuicInitial, Rfc9001ClientInitialDecrypts) {
    const auto packet = rfc_packet();
    ASSERT_EQ(packet.size(), 1200u);
    EXPECT_TRUE(looks_like_quic_long_header(packet));
    auto initial = read_client_initial(packet);
    ASSERT_TRUE(initial);
    EXPECT_EQ(initial->version, kQuicVersion1);
    EXPECT_EQ(initial->dcid, from_hex("8394c8f03e515708"));
    EXPECT_TRUE(initial->scid.empty());
    EXPECT_EQ(initial->packet_number, 2u);
    ASSERT_EQ(initial->crypto.size(), 1u);
    EXPECT_EQ(initial->crypto[0].offset, 0u);
    EXPECT_EQ(initial->crypto[0].data, from_hex(kCryptoData));

    QuicHelloAssembler assembler;
    auto message = assembler.add("client", *initial);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->type, handshake::kClientHello);
    ASSERT_EQ(message->body.size(), 237u);
    auto hello = parse_client_hello(message->body);
    ASSERT_TRUE(hello);
    EXPECT_EQ(ja4(*hello, Carrier::quic).substr(0, 4), "q13d");
    EXPECT_EQ(assembler.pending(), 0u);
}

// Protecting RFC 9001's frames (the CRYPTO frame padded to 1162 bytes) with its DCID and
// packet number 2 gives its packet byte for byte.
TEST(QuicInitial, ProtectingTheRfcFramesGivesTheRfcPacket) {
    auto frames = from_hex("060040f1");
    const auto data = from_hex(kCryptoData);
    frames.insert(frames.end(), data.begin(), data.end());
    frames.resize(1162);  // PADDING
    const auto dcid = from_hex("8394c8f03e515708");
    EXPECT_EQ(protect_client_initial(dcid, {}, 2, frames), rfc_packet());
    EXPECT_TRUE(protect_client_initial(dcid, {}, 2, Bytes(frames).first(15)).empty());
}

TEST(QuicInitial, WhatIsNotAClientInitialGivesNothing) {
    const auto packet = rfc_packet();
    auto changed = packet;
    changed[600] ^= std::byte{1};  // the AEAD tag no longer holds
    EXPECT_FALSE(read_client_initial(changed));
    EXPECT_FALSE(read_client_initial(Bytes(packet).first(900)));  // cut: Length runs past the end
    EXPECT_FALSE(read_client_initial(Bytes(packet).first(30)));
    auto other_version = packet;
    other_version[4] = std::byte{2};
    EXPECT_FALSE(read_client_initial(other_version));
    auto short_header = packet;
    short_header[0] = std::byte{0x40};
    EXPECT_FALSE(looks_like_quic_long_header(short_header));
    EXPECT_FALSE(read_client_initial(short_header));
    EXPECT_FALSE(read_client_initial({}));
}

TEST(QuicInitial, AssemblerJoinsSplitHellosAndBoundsThem) {
    const auto data = from_hex(kCryptoData);
    QuicInitial first, second;
    second.crypto.push_back({100, std::vector<std::byte>(data.begin() + 100, data.end())});
    first.crypto.push_back({0, std::vector<std::byte>(data.begin(), data.begin() + 100)});
    QuicHelloAssembler assembler;
    EXPECT_FALSE(assembler.add("a", second));  // the later half first: not whole yet
    EXPECT_EQ(assembler.pending(), 1u);
    auto message = assembler.add("a", first);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->body, std::vector<std::byte>(data.begin() + 4, data.end()));
    // A message that says it is larger than any hello whorl reads is dropped.
    QuicInitial huge;
    huge.crypto.push_back({0, from_hex("01ffffff")});
    EXPECT_FALSE(assembler.add("b", huge));
    EXPECT_EQ(assembler.pending(), 0u);
    QuicInitial far;
    far.crypto.push_back({kMaxHelloBytes + 100, from_hex("00")});
    EXPECT_FALSE(assembler.add("c", far));
    EXPECT_EQ(assembler.pending(), 0u);
    // Not a ClientHello.
    QuicInitial server;
    server.crypto.push_back({0, from_hex("02000010")});
    EXPECT_FALSE(assembler.add("d", server));
    EXPECT_EQ(assembler.pending(), 0u);
    // Many clients at once: the oldest go.
    for (std::size_t i = 0; i < QuicHelloAssembler::kMaxClients + 10; ++i) assembler.add(std::to_string(i), second);
    EXPECT_EQ(assembler.pending(), QuicHelloAssembler::kMaxClients);
}

}  // namespace
}  // namespace whorl::fp::tls
