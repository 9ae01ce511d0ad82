// The per-signature cache of p0f's TCP verdicts; see tcp_signature_cache.hpp.
#include "fp/passive/tcp_signature_cache.hpp"

#include <algorithm>
#include <cstring>

#include "fp/passive/p0f_database.hpp"

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

TcpSignatureCache::TcpSignatureCache(const P0fDatabase& db, std::size_t capacity) : db_(db) {
    std::size_t n = kWays;
    while (n < capacity) n *= 2;
    entries_.resize(n);
    tags_.assign(n, 0);
    last_use_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) entries_[i].slot = static_cast<std::uint32_t>(i);
    set_mask_ = n / kWays - 1;
}

const CachedTcpSignature& TcpSignatureCache::lookup(TcpSignatureInput& in) {
    const TcpSignatureKey key = tcp_signature_key(in);
    const std::uint64_t tag = tcp_signature_hash(key) | 1;  // 0 marks an empty way
    const std::size_t base = ((tag >> 40) & set_mask_) * kWays;
    ++clock_;
    std::size_t victim = base;
    for (std::size_t i = base; i < base + kWays; ++i) {
        if (tags_[i] == tag && entries_[i].key == key) {
            ++hits_;
            last_use_[i] = clock_;
            in.multiple = entries_[i].multiple;
            in.multiple_known = true;
            return entries_[i];
        }
        if (last_use_[i] < last_use_[victim]) victim = i;
    }
    ++misses_;
    tags_[victim] = tag;
    last_use_[victim] = clock_;
    fill(entries_[victim], key, in);
    return entries_[victim];
}

void TcpSignatureCache::fill(CachedTcpSignature& e, const TcpSignatureKey& key, TcpSignatureInput& in) {
    in.multiple = detect_window_multiple(in);
    in.multiple_known = true;
    e.key = key;
    e.multiple = in.multiple;
    e.match = db_.tcp(in.syn_ack ? Direction::response : Direction::request).match(in);
    e.serial = ++serial_;
    e.text.clear();
    append_tcp_raw_sig(e.text, in);
    e.raw_sig_length = static_cast<std::uint16_t>(e.text.size());
    append_tcp_params(e.text, in, e.match);
}

}  // namespace whorl::fp::passive
