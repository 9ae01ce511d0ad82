// QUIC version 1 client Initial packets: keys from the DCID, header protection, AEAD,
// CRYPTO frames; and their reassembly per client (see quic_initial.hpp).
#include "fp/tls/quic_initial.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace whorl::fp::tls {
namespace {

using Key16 = std::array<unsigned char, 16>;

// RFC 9001 section 5.2: initial_salt for QUIC version 1.
constexpr std::array<unsigned char, 20> kInitialSaltV1 = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                                          0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};

struct Cursor {
    Bytes b;
    std::size_t at = 0;
    bool ok = true;
    std::size_t left() const { return ok ? b.size() - at : 0; }
    std::uint8_t u8() {
        if (left() < 1) return ok = false, 0;
        return static_cast<std::uint8_t>(b[at++]);
    }
    std::uint64_t uint(std::size_t n) {
        if (left() < n) return ok = false, 0;
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i) v = v << 8 | static_cast<std::uint8_t>(b[at++]);
        return v;
    }
    // RFC 9000 section 16: a variable-length integer.
    std::uint64_t varint() {
        if (left() < 1) return ok = false, 0;
        const std::size_t n = std::size_t{1} << (static_cast<std::uint8_t>(b[at]) >> 6);
        if (left() < n) return ok = false, 0;
        std::uint64_t v = static_cast<std::uint8_t>(b[at++]) & 0x3f;
        for (std::size_t i = 1; i < n; ++i) v = v << 8 | static_cast<std::uint8_t>(b[at++]);
        return v;
    }
    Bytes take(std::uint64_t n) {
        if (left() < n) return ok = false, Bytes{};
        Bytes out = b.subspan(at, static_cast<std::size_t>(n));
        at += static_cast<std::size_t>(n);
        return out;
    }
};

// HKDF-Expand-Label (RFC 8446 section 7.1) with an empty context, for lengths up to 32: one
// HMAC-SHA256 block.
bool expand_label(const unsigned char* secret, const char* label, unsigned char* out, std::size_t length) {
    unsigned char info[2 + 1 + 255 + 1 + 1];
    const std::size_t label_len = std::strlen(label);
    std::size_t n = 0;
    info[n++] = static_cast<unsigned char>(length >> 8);
    info[n++] = static_cast<unsigned char>(length);
    info[n++] = static_cast<unsigned char>(6 + label_len);
    std::memcpy(info + n, "tls13 ", 6);
    n += 6;
    std::memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = 0;     // empty context
    info[n++] = 0x01;  // HKDF-Expand's block counter
    unsigned char block[32];
    unsigned int block_len = 0;
    if (!HMAC(EVP_sha256(), secret, 32, info, n, block, &block_len) || block_len != 32) return false;
    std::memcpy(out, block, length);
    return true;
}

struct InitialKeys {
    Key16 key{}, hp{};
    std::array<unsigned char, 12> iv{};
};

std::optional<InitialKeys> client_initial_keys(Bytes dcid) {
    unsigned char initial[32], client[32];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), kInitialSaltV1.data(), kInitialSaltV1.size(), reinterpret_cast<const unsigned char*>(dcid.data()),
              dcid.size(), initial, &len) ||
        len != 32)
        return std::nullopt;
    InitialKeys k;
    if (!expand_label(initial, "client in", client, 32) || !expand_label(client, "quic key", k.key.data(), 16) ||
        !expand_label(client, "quic iv", k.iv.data(), 12) || !expand_label(client, "quic hp", k.hp.data(), 16))
        return std::nullopt;
    return k;
}

struct CipherCtx {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};

// AES-128-ECB of one block: the header protection mask (RFC 9001 section 5.4.3).
bool hp_mask(const Key16& hp, const unsigned char* sample, unsigned char* mask) {
    CipherCtx c;
    int len = 0;
    return c.ctx && EVP_EncryptInit_ex(c.ctx, EVP_aes_128_ecb(), nullptr, hp.data(), nullptr) == 1 &&
           EVP_CIPHER_CTX_set_padding(c.ctx, 0) == 1 && EVP_EncryptUpdate(c.ctx, mask, &len, sample, 16) == 1 && len == 16;
}

// AES-128-GCM open: `sealed` is the ciphertext followed by its 16-byte tag.
bool open_aead(const InitialKeys& k, std::uint64_t pn, Bytes aad, Bytes sealed, std::vector<std::byte>& plain) {
    if (sealed.size() < 16) return false;
    std::array<unsigned char, 12> nonce = k.iv;
    for (int i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<unsigned char>(pn >> (8 * i));
    const std::size_t text = sealed.size() - 16;
    plain.resize(text);
    CipherCtx c;
    int len = 0, fin = 0;
    auto u = [](const std::byte* p) { return reinterpret_cast<const unsigned char*>(p); };
    return c.ctx && EVP_DecryptInit_ex(c.ctx, EVP_aes_128_gcm(), nullptr, k.key.data(), nonce.data()) == 1 &&
           EVP_DecryptUpdate(c.ctx, nullptr, &len, u(aad.data()), static_cast<int>(aad.size())) == 1 &&
           EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(plain.data()), &len, u(sealed.data()),
                             static_cast<int>(text)) == 1 &&
           EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, 16, const_cast<unsigned char*>(u(sealed.data() + text))) == 1 &&
           EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(plain.data()) + len, &fin) == 1;
}

// AES-128-GCM seal: the ciphertext followed by its 16-byte tag.
bool seal_aead(const InitialKeys& k, std::uint64_t pn, Bytes aad, Bytes plain, std::vector<std::byte>& sealed) {
    std::array<unsigned char, 12> nonce = k.iv;
    for (int i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<unsigned char>(pn >> (8 * i));
    sealed.resize(plain.size() + 16);
    CipherCtx c;
    int len = 0, fin = 0;
    auto u = [](const std::byte* p) { return reinterpret_cast<const unsigned char*>(p); };
    auto w = reinterpret_cast<unsigned char*>(sealed.data());
    return c.ctx && EVP_EncryptInit_ex(c.ctx, EVP_aes_128_gcm(), nullptr, k.key.data(), nonce.data()) == 1 &&
           EVP_EncryptUpdate(c.ctx, nullptr, &len, u(aad.data()), static_cast<int>(aad.size())) == 1 &&
           EVP_EncryptUpdate(c.ctx, w, &len, u(plain.data()), static_cast<int>(plain.size())) == 1 &&
           EVP_EncryptFinal_ex(c.ctx, w + len, &fin) == 1 &&
           EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, 16, w + plain.size()) == 1;
}

// The frames of an Initial packet's payload: PADDING, PING, ACK, CRYPTO and
// CONNECTION_CLOSE are the only ones allowed there (RFC 9000 section 17.2.2).
bool read_frames(Bytes payload, std::vector<CryptoChunk>& crypto) {
    Cursor c{payload};
    while (c.ok && c.left() > 0) {
        const std::uint64_t type = c.varint();
        switch (type) {
            case 0x00:  // PADDING
            case 0x01:  // PING
                break;
            case 0x02:
            case 0x03: {  // ACK
                c.varint();
                c.varint();
                const std::uint64_t ranges = c.varint();
                c.varint();
                for (std::uint64_t i = 0; i < ranges && c.ok; ++i) {
                    c.varint();
                    c.varint();
                }
                if (type == 0x03) {
                    c.varint();
                    c.varint();
                    c.varint();
                }
                break;
            }
            case 0x06: {  // CRYPTO
                const std::uint64_t offset = c.varint(), length = c.varint();
                Bytes data = c.take(length);
                if (!c.ok || offset > kMaxHelloBytes * 4) return false;
                crypto.push_back({offset, std::vector<std::byte>(data.begin(), data.end())});
                break;
            }
            case 0x1c:
            case 0x1d: {  // CONNECTION_CLOSE
                c.varint();
                if (type == 0x1c) c.varint();
                c.take(c.varint());
                break;
            }
            default: return false;
        }
    }
    return c.ok;
}

}  // namespace

bool looks_like_quic_long_header(Bytes p) {
    return p.size() >= 7 && (static_cast<std::uint8_t>(p[0]) & 0xc0) == 0xc0;
}

std::optional<QuicInitial> read_client_initial(Bytes datagram) {
    // Coalesced packets (RFC 9000 section 12.2): long-header packets one after the other.
    for (Bytes rest = datagram; looks_like_quic_long_header(rest);) {
        Cursor c{rest};
        const std::uint8_t first = c.u8();
        const auto version = static_cast<std::uint32_t>(c.uint(4));
        Bytes dcid = c.take(c.u8());
        Bytes scid = c.take(c.u8());
        if (!c.ok || version != kQuicVersion1 || dcid.size() > 20 || scid.size() > 20) return std::nullopt;
        const bool initial = ((first >> 4) & 0x03) == 0x00;
        if (initial) c.take(c.varint());  // token
        const std::uint64_t length = c.varint();
        if (!c.ok || length > c.left()) return std::nullopt;
        const std::size_t pn_offset = c.at, end = c.at + static_cast<std::size_t>(length);
        if (initial) {
            // Header protection: the sample starts 4 bytes after the packet number's start.
            if (pn_offset + 4 + 16 > end) return std::nullopt;
            auto keys = client_initial_keys(dcid);
            if (!keys) return std::nullopt;
            unsigned char mask[16];
            if (!hp_mask(keys->hp, reinterpret_cast<const unsigned char*>(rest.data() + pn_offset + 4), mask))
                return std::nullopt;
            std::vector<std::byte> header(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(pn_offset + 4));
            header[0] = static_cast<std::byte>(first ^ (mask[0] & 0x0f));
            const std::size_t pn_len = (static_cast<std::uint8_t>(header[0]) & 0x03) + 1;
            std::uint64_t pn = 0;
            for (std::size_t i = 0; i < pn_len; ++i) {
                header[pn_offset + i] = static_cast<std::byte>(static_cast<std::uint8_t>(header[pn_offset + i]) ^ mask[1 + i]);
                pn = pn << 8 | static_cast<std::uint8_t>(header[pn_offset + i]);
            }
            header.resize(pn_offset + pn_len);
            QuicInitial out;
            out.version = version;
            out.dcid.assign(dcid.begin(), dcid.end());
            out.scid.assign(scid.begin(), scid.end());
            out.packet_number = pn;
            std::vector<std::byte> plain;
            if (!open_aead(*keys, pn, header, rest.subspan(pn_offset + pn_len, end - pn_offset - pn_len), plain))
                return std::nullopt;
            if (!read_frames(plain, out.crypto)) return std::nullopt;
            return out;
        }
        rest = rest.subspan(end);
    }
    return std::nullopt;
}

std::vector<std::byte> protect_client_initial(Bytes dcid, Bytes scid, std::uint32_t packet_number, Bytes frames) {
    if (frames.size() < 16 || frames.size() > kMaxHelloBytes || dcid.size() > 20 || scid.size() > 20) return {};
    auto keys = client_initial_keys(dcid);
    if (!keys) return {};
    std::vector<std::byte> packet;
    auto put = [&](std::uint64_t v, int n) {
        for (int i = n - 1; i >= 0; --i) packet.push_back(static_cast<std::byte>(v >> (8 * i)));
    };
    put(0xc3, 1);  // long header, fixed bit, Initial, a 4-byte packet number
    put(kQuicVersion1, 4);
    put(dcid.size(), 1);
    packet.insert(packet.end(), dcid.begin(), dcid.end());
    put(scid.size(), 1);
    packet.insert(packet.end(), scid.begin(), scid.end());
    put(0, 1);                                  // no token
    put(0x4000 | (4 + frames.size() + 16), 2);  // Length, a 2-byte varint
    const std::size_t pn_offset = packet.size();
    put(packet_number, 4);
    std::vector<std::byte> sealed;
    if (!seal_aead(*keys, packet_number, packet, frames, sealed)) return {};
    unsigned char mask[16];
    if (!hp_mask(keys->hp, reinterpret_cast<const unsigned char*>(sealed.data()), mask)) return {};
    packet[0] ^= static_cast<std::byte>(mask[0] & 0x0f);
    for (int i = 0; i < 4; ++i) packet[pn_offset + static_cast<std::size_t>(i)] ^= static_cast<std::byte>(mask[1 + i]);
    packet.insert(packet.end(), sealed.begin(), sealed.end());
    return packet;
}

std::optional<HandshakeMessage> QuicHelloAssembler::add(const std::string& client, const QuicInitial& initial) {
    constexpr std::size_t kLimit = kMaxHelloBytes + 4;
    auto it = clients_.find(client);
    if (it == clients_.end()) {
        if (clients_.size() >= kMaxClients) {
            auto oldest = std::min_element(clients_.begin(), clients_.end(),
                                           [](const auto& a, const auto& b) { return a.second.order < b.second.order; });
            clients_.erase(oldest);
        }
        it = clients_.emplace(client, Partial{}).first;
        it->second.order = next_order_++;
    }
    Partial& p = it->second;
    for (const CryptoChunk& chunk : initial.crypto) {
        if (chunk.offset + chunk.data.size() > kLimit) {
            clients_.erase(it);
            return std::nullopt;  // larger than any hello whorl reads
        }
        const std::size_t end = static_cast<std::size_t>(chunk.offset) + chunk.data.size();
        if (p.data.size() < end) {
            p.data.resize(end);
            p.have.resize(end, false);
        }
        std::copy(chunk.data.begin(), chunk.data.end(), p.data.begin() + static_cast<std::ptrdiff_t>(chunk.offset));
        std::fill(p.have.begin() + static_cast<std::ptrdiff_t>(chunk.offset), p.have.begin() + static_cast<std::ptrdiff_t>(end), true);
    }
    // The message header: type and a 24-bit length.
    if (p.have.size() < 4 || !std::all_of(p.have.begin(), p.have.begin() + 4, [](bool b) { return b; })) return std::nullopt;
    if (static_cast<std::uint8_t>(p.data[0]) != handshake::kClientHello) {
        clients_.erase(it);
        return std::nullopt;
    }
    const std::size_t body = static_cast<std::size_t>(static_cast<std::uint8_t>(p.data[1])) << 16 |
                             static_cast<std::size_t>(static_cast<std::uint8_t>(p.data[2])) << 8 |
                             static_cast<std::uint8_t>(p.data[3]);
    if (4 + body > kLimit) {
        clients_.erase(it);
        return std::nullopt;
    }
    if (p.have.size() < 4 + body || !std::all_of(p.have.begin(), p.have.begin() + static_cast<std::ptrdiff_t>(4 + body), [](bool b) { return b; }))
        return std::nullopt;
    HandshakeMessage m;
    m.type = handshake::kClientHello;
    m.record_version = 0x0303;  // QUIC carries no TLS records; TLS 1.2's legacy value
    m.body.assign(p.data.begin() + 4, p.data.begin() + static_cast<std::ptrdiff_t>(4 + body));
    clients_.erase(it);
    return m;
}

}  // namespace whorl::fp::tls
