// TcpSignatureCache: everything p0f's engine says about a SYN or SYN+ACK follows from its
// signature fields (IP version, TTL, IP option length, TOS, MSS, window, scale, option
// layout, quirks, payload, header length, whether it has a timestamp, and for a SYN+ACK
// the MSS of the SYN it answers): the window multiple, the match and distance, and the
// raw_sig and params texts. A network repeats few signatures, so each is worked out once
// and kept in a bounded set-associative cache (four ways a set, the least recently used
// way replaced), with the evidence stage's answers for the signature beside p0f's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fp/fusion/host_fusion.hpp"
#include "fp/tcp/tcp_matcher.hpp"

namespace whorl::fp::passive {

class P0fDatabase;
class EvidenceStage;

// The signature fields of a TcpSignatureInput packed into six words: equal keys, equal
// matches and texts. Everything but the timestamp value itself (only whether it is 0).
struct TcpSignatureKey {
    std::array<std::uint64_t, 6> words{};
    friend bool operator==(const TcpSignatureKey& a, const TcpSignatureKey& b) {
        std::uint64_t diff = 0;  // no early exit and no memcmp call: six loads and ors
        for (std::size_t i = 0; i < a.words.size(); ++i) diff |= a.words[i] ^ b.words[i];
        return diff == 0;
    }
};
TcpSignatureKey tcp_signature_key(const TcpSignatureInput& in);
std::uint64_t tcp_signature_hash(const TcpSignatureKey& key);

// What whorl's TCP classifiers say about a signature as evidence (the p0f match,
// whorl-tcp.fp's match and Ettercap's key), worked out by the evidence stage with the rest.
struct TcpSignatureEvidence {
    std::optional<SharedEvidence> p0f, whorl_tcp, nmap_synack, mercury_syn, ettercap;
};

// One cache entry, laid out for the lookup: its first cache line holds what a probe reads
// (the key's hash, the last use and the key), the rest what a hit hands out.
struct alignas(64) CachedTcpSignature {
private:
    friend class TcpSignatureCache;
    std::uint64_t tag_ = 0;       // tcp_signature_hash(key) | 1; 0 while empty
    std::uint64_t last_use_ = 0;  // the cache's use clock at the last lookup

public:
    TcpSignatureKey key;
    TcpMatch match;
    WindowMultiple multiple;

    std::string_view raw_sig() const { return text().substr(0, raw_sig_length_); }
    std::string_view params() const { return text().substr(raw_sig_length_); }

    TcpSignatureEvidence evidence;  // empty without an evidence stage

private:
    std::string_view text() const { return long_text_.empty() ? std::string_view(short_text_, short_length_) : long_text_; }
    void set_text(std::string_view raw_sig, std::string_view params);

    // raw_sig then params: in the entry (fetched with the match) unless unusually long.
    static constexpr std::size_t kShortText = 128;
    std::uint16_t raw_sig_length_ = 0;
    std::uint8_t short_length_ = 0;
    char short_text_[kShortText];
    std::string long_text_;
};

class TcpSignatureCache {
public:
    static constexpr std::size_t kWays = 4;
    static constexpr std::size_t kDefaultCapacity = 16384;
    static constexpr std::size_t kInitialCapacity = 64;

    // Matches against `db`'s TCP signatures (request for a SYN, response for a SYN+ACK),
    // and has `evidence` (may be null) classify each signature; both must outlive the cache.
    // The cache starts small and doubles while it is at least a quarter full and a full set has
    // to give up a way, up to `max_capacity` entries (rounded up to a power of two, at least
    // kWays): a short capture or a quiet network costs little memory.
    explicit TcpSignatureCache(const P0fDatabase& db, const EvidenceStage* evidence = nullptr,
                               std::size_t max_capacity = kDefaultCapacity);

    // The cached facts of `in`'s signature, worked out now if they are not known; fills in
    // `in.multiple`. The reference stays valid until the next lookup.
    const CachedTcpSignature& lookup(TcpSignatureInput& in);

    std::size_t capacity() const { return entries_.size(); }
    std::size_t max_capacity() const { return max_capacity_; }
    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }

private:
    void fill(CachedTcpSignature& e, const TcpSignatureKey& key, TcpSignatureInput& in);
    CachedTcpSignature* set_of(std::uint64_t tag) { return &entries_[((tag >> 40) & set_mask_) * kWays]; }
    void grow();

    const P0fDatabase& db_;
    const EvidenceStage* evidence_;
    // Set s holds entries [s * kWays, s * kWays + kWays); a probe reads the first line of
    // each way, all at once.
    std::vector<CachedTcpSignature> entries_;
    std::size_t set_mask_ = 0;
    std::size_t max_capacity_ = 0;
    std::size_t live_ = 0;  // filled entries
    std::uint64_t clock_ = 0;
    std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace whorl::fp::passive
