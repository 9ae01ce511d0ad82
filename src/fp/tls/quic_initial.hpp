// The ClientHello inside QUIC Initial packets (RFC 9000 section 17.2.2, RFC 9001 section
// 5): a client's Initial packets are protected with keys anyone can derive from the
// Destination Connection ID the client chose (HKDF-SHA256 from QUIC version 1's public
// salt), so a passive observer can remove the header protection (AES-128-ECB), decrypt
// the payload (AES-128-GCM) and read its CRYPTO frames, which carry the TLS ClientHello.
//
// Untrusted bytes: every length is bounds-checked; a packet that does not decrypt (another
// version, a server's Initial, a forged or cut packet) gives nothing. Only QUIC version 1
// is read. QuicHelloAssembler joins CRYPTO data across the Initial packets of one client
// (Chrome's ClientHello with post-quantum key shares spans two, its frames in shuffled
// order), bounded to kMaxHelloBytes per client and kMaxClients clients.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "fp/tls/handshake_scan.hpp"

namespace whorl::fp::tls {

inline constexpr std::uint32_t kQuicVersion1 = 0x00000001;

struct CryptoChunk {
    std::uint64_t offset = 0;
    std::vector<std::byte> data;
};

struct QuicInitial {
    std::uint32_t version = 0;
    std::vector<std::byte> dcid, scid;
    std::uint64_t packet_number = 0;
    std::vector<CryptoChunk> crypto;  // the CRYPTO frames, in packet order
};

// Whether a UDP payload starts like a QUIC long-header packet (form and fixed bits set):
// cheap, for the pipeline to decide whether to try at all.
bool looks_like_quic_long_header(Bytes udp_payload);

// The first client Initial packet of a UDP datagram (coalesced packets are walked), its
// payload decrypted and its frames read; nullopt when there is none or it does not
// decrypt. Initial keys are those of the client ("client in").
std::optional<QuicInitial> read_client_initial(Bytes udp_payload);

// The inverse, as a client builds it (RFC 9001 section 5): a version 1 Initial packet with
// these connection IDs, a 4-byte packet number and `frames` as its payload, protected with
// the keys of `dcid`. For tests and fuzzing (RFC 9001's Appendix A.2 packet comes out byte
// for byte). Empty if the frames are shorter than 16 bytes (the header protection sample
// would run past the packet) or longer than 16 KB.
std::vector<std::byte> protect_client_initial(Bytes dcid, Bytes scid, std::uint32_t packet_number, Bytes frames);

// CRYPTO data of one client's Initial packets, joined by offset until the first handshake
// message is whole.
class QuicHelloAssembler {
public:
    static constexpr std::size_t kMaxClients = 1024;

    // `client` names the client (address, port and DCID, as the caller likes). Returns the
    // ClientHello's message once whole (then forgets the client), nullopt before that or
    // when the data is given up (too large, not a ClientHello, too many clients at once:
    // the oldest client is dropped).
    std::optional<HandshakeMessage> add(const std::string& client, const QuicInitial& initial);
    std::size_t pending() const { return clients_.size(); }

private:
    struct Partial {
        std::vector<std::byte> data;     // up to kMaxHelloBytes + 4
        std::vector<bool> have;          // which bytes of data arrived
        std::uint64_t order = 0;         // arrival order, for dropping the oldest
    };
    std::map<std::string, Partial> clients_;
    std::uint64_t next_order_ = 0;
};

}  // namespace whorl::fp::tls
