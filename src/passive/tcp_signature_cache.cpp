// The per-signature cache of p0f's TCP verdicts; see tcp_signature_cache.hpp.
#include "passive/tcp_signature_cache.hpp"

#include <algorithm>
#include <cstring>

#include "fp/p0f/p0f_database.hpp"
#include "passive/evidence_stage.hpp"

namespace whorl::fp::passive {

static_assert(sizeof(OptionLayout::kinds) == 3 * sizeof(std::uint64_t));

TcpSignatureKey tcp_signature_key(const TcpSignatureInput& in) {
    TcpSignatureKey k;
    k.words[0] = std::uint64_t{in.quirks.bits()} | std::uint64_t{in.mss} << 32 | std::uint64_t{in.window} << 48;
    k.words[1] = std::uint64_t{in.header_len} | std::uint64_t{in.peer_syn_mss} << 16 |
                 std::uint64_t{in.ip_version} << 32 | std::uint64_t{in.ttl} << 40 |
                 std::uint64_t{in.ip_opt_len} << 48 | std::uint64_t{in.wscale} << 56;
    k.words[2] = std::uint64_t{in.eol_pad} | std::uint64_t{in.tos} << 8 | std::uint64_t{in.payload} << 16 |
                 std::uint64_t{in.syn_ack} << 17 | std::uint64_t{in.ts1 != 0} << 18 |
                 std::uint64_t{in.layout.count} << 24;
    std::memcpy(&k.words[3], in.layout.kinds.data(), sizeof in.layout.kinds);
    return k;
}

std::uint64_t tcp_signature_hash(const TcpSignatureKey& key) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (std::uint64_t w : key.words) h = (h ^ w ^ (h >> 29)) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

void CachedTcpSignature::set_text(std::string_view raw_sig, std::string_view params) {
    raw_sig_length_ = static_cast<std::uint16_t>(raw_sig.size());
    const std::size_t n = raw_sig.size() + params.size();
    if (n <= kShortText) {
        std::memcpy(short_text_, raw_sig.data(), raw_sig.size());
        std::memcpy(short_text_ + raw_sig.size(), params.data(), params.size());
        short_length_ = static_cast<std::uint8_t>(n);
        long_text_.clear();
    } else {
        long_text_.assign(raw_sig).append(params);
    }
}

TcpSignatureCache::TcpSignatureCache(const P0fDatabase& db, const EvidenceStage* evidence, std::size_t max_capacity)
    : db_(db), evidence_(evidence) {
    max_capacity_ = kWays;
    while (max_capacity_ < max_capacity) max_capacity_ *= 2;
    entries_.resize(std::min(kInitialCapacity, max_capacity_));
    set_mask_ = entries_.size() / kWays - 1;
}

const CachedTcpSignature& TcpSignatureCache::lookup(TcpSignatureInput& in) {
    const TcpSignatureKey key = tcp_signature_key(in);
    const std::uint64_t tag = tcp_signature_hash(key) | 1;  // 0 marks an empty way
    CachedTcpSignature* set = set_of(tag);
    ++clock_;
    CachedTcpSignature* victim = set;
    for (CachedTcpSignature* e = set; e != set + kWays; ++e) {
        if (e->tag_ == tag && e->key == key) {
            ++hits_;
            e->last_use_ = clock_;
            in.multiple = e->multiple;
            in.multiple_known = true;
            return *e;
        }
        if (e->last_use_ < victim->last_use_) victim = e;
    }
    ++misses_;
    if (victim->tag_ != 0 && live_ * 4 >= entries_.size() && entries_.size() < max_capacity_) {
        grow();
        set = set_of(tag);
        victim = set;
        for (CachedTcpSignature* e = set; e != set + kWays; ++e)
            if (e->last_use_ < victim->last_use_) victim = e;
    }
    if (victim->tag_ == 0) ++live_;
    victim->tag_ = tag;
    victim->last_use_ = clock_;
    fill(*victim, key, in);
    return *victim;
}

// Twice the entries; each kept one moves to its set in the new table (the rare one whose new
// set is already full is forgotten, as an eviction would).
void TcpSignatureCache::grow() {
    std::vector<CachedTcpSignature> old(entries_.size() * 2);
    old.swap(entries_);
    set_mask_ = entries_.size() / kWays - 1;
    live_ = 0;
    for (CachedTcpSignature& e : old) {
        if (e.tag_ == 0) continue;
        CachedTcpSignature* set = set_of(e.tag_);
        for (CachedTcpSignature* to = set; to != set + kWays; ++to) {
            if (to->tag_ != 0) continue;
            *to = std::move(e);
            ++live_;
            break;
        }
    }
}

void TcpSignatureCache::fill(CachedTcpSignature& e, const TcpSignatureKey& key, TcpSignatureInput& in) {
    in.multiple = detect_window_multiple(in);
    in.multiple_known = true;
    e.key = key;
    e.multiple = in.multiple;
    e.match = db_.tcp(in.syn_ack ? Direction::response : Direction::request).match(in);
    const std::string raw_sig = format_tcp_raw_sig(in);
    e.set_text(raw_sig, format_tcp_params(in, e.match));
    e.evidence = evidence_ ? evidence_->classify_tcp(in, e.match, raw_sig) : TcpSignatureEvidence{};
}

}  // namespace whorl::fp::passive
