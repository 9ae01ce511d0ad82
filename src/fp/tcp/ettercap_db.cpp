// Ettercap's etter.finger.os: the key Ettercap 0.8.3 builds from an IPv4 SYN or SYN+ACK
// (ec_ip.c / ec_tcp.c / ec_fingerprint.c: window, MSS, TTL rounded up to a power of two,
// window scale, SACK/NOP/DF/timestamp flags, S or A, IP+TCP header length, all upper-case
// hex), the file loader (one "KEY:OS" per line, '#' comments, every field checked so a
// broken line is an error at file:line rather than an entry that can never match), and
// the lookups: Ettercap's own (for comparisons) and whorl's (for evidence).
#include "fp/tcp/ettercap_db.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "base/line_cursor.hpp"
#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/fusion/host_fusion.hpp"

namespace whorl::fp::passive {
namespace {

constexpr std::size_t kKeyLen = 28;
// Field offsets in the key (Ettercap's FINGER_* values).
constexpr std::size_t kWindowAt = 0, kMssAt = 5, kTtlAt = 10, kWsAt = 13, kSackAt = 16, kNopAt = 18,
                      kDfAt = 20, kTsAt = 22, kFlagAt = 24, kLenAt = 26;

constexpr double kEttercapExact = 1.0, kEttercapLt = 0.8, kEttercapWildcard = 0.5;

void put_hex(std::string& out, std::size_t at, unsigned value, int digits) {
    constexpr char kHex[] = "0123456789ABCDEF";
    for (int i = digits - 1; i >= 0; --i) {
        out[at + static_cast<std::size_t>(i)] = kHex[value & 0xF];
        value >>= 4;
    }
}

bool is_upper_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

// Why a key is malformed, or "" when it is well formed.
std::string_view key_problem(std::string_view k) {
    for (std::size_t at : {4u, 9u, 12u, 15u, 17u, 19u, 21u, 23u, 25u})
        if (k[at] != ':') return "fields must be separated by ':' at fixed columns";
    if (!is_upper_hex(k.substr(kWindowAt, 4))) return "window is not 4 upper-case hex digits";
    if (k.substr(kMssAt, 4) != "_MSS" && !is_upper_hex(k.substr(kMssAt, 4)))
        return "MSS is neither 4 upper-case hex digits nor _MSS";
    if (!is_upper_hex(k.substr(kTtlAt, 2))) return "TTL is not 2 upper-case hex digits";
    if (k.substr(kWsAt, 2) != "WS" && !is_upper_hex(k.substr(kWsAt, 2)))
        return "window scale is neither 2 upper-case hex digits nor WS";
    for (std::size_t at : {kSackAt, kNopAt, kDfAt, kTsAt})
        if (k[at] != '0' && k[at] != '1') return "S, N, D and T must be 0 or 1";
    if (k[kFlagAt] != 'S' && k[kFlagAt] != 'A') return "the flag must be S or A";
    if (k.substr(kLenAt, 2) != "LT" && !is_upper_hex(k.substr(kLenAt, 2)))
        return "LEN is neither 2 upper-case hex digits nor LT";
    return {};
}

// The key with the MSS field skipped: does `entry` match `key` when MSS is wildcarded
// (and, if allow_lt, LEN may be "LT" in the entry)?
bool matches_without_mss(std::string_view entry, std::string_view key, bool allow_lt) {
    if (entry.substr(0, kMssAt) != key.substr(0, kMssAt)) return false;
    if (entry.substr(kTtlAt, kLenAt - kTtlAt) != key.substr(kTtlAt, kLenAt - kTtlAt)) return false;
    std::string_view len = entry.substr(kLenAt, 2);
    return len == key.substr(kLenAt, 2) || (allow_lt && len == "LT");
}

int mss_distance(std::string_view entry, std::string_view key) {
    auto value = [](std::string_view k) -> long {
        std::string_view m = k.substr(kMssAt, 4);
        return m == "_MSS" ? -100000 : static_cast<long>(std::strtol(std::string(m).c_str(), nullptr, 16));
    };
    long d = value(entry) - value(key);
    return static_cast<int>(std::min(d < 0 ? -d : d, 1000000L));
}

}  // namespace

std::uint8_t ettercap_ttl(std::uint8_t ttl) {
    if (ttl != 0 && (ttl & (ttl - 1)) == 0) return ttl;  // a power of two stays
    unsigned next = 1;
    while (next <= ttl) next <<= 1;  // ttl 0 -> 2: Ettercap's loop shifts once before testing
    if (ttl == 0) next = 2;
    return next > 0x80 ? 0xFF : static_cast<std::uint8_t>(next);
}

std::string ettercap_key(const EttercapKeyInput& in) {
    std::string k = "0000:_MSS:TT:WS:0:0:0:0:F:LT";
    put_hex(k, kWindowAt, in.window, 4);
    if (in.mss) put_hex(k, kMssAt, *in.mss, 4);
    put_hex(k, kTtlAt, ettercap_ttl(in.ttl), 2);
    if (in.wscale) put_hex(k, kWsAt, *in.wscale, 2);
    k[kSackAt] = in.sack_permitted ? '1' : '0';
    k[kNopAt] = in.nop ? '1' : '0';
    k[kDfAt] = in.df ? '1' : '0';
    k[kTsAt] = in.timestamp ? '1' : '0';
    k[kFlagAt] = in.syn_ack ? 'A' : 'S';
    // IP + TCP headers are at most 120 bytes on the wire; larger inputs print as FF.
    put_hex(k, kLenAt, std::min<unsigned>(in.header_length, 0xFF), 2);
    return k;
}

std::optional<EttercapKeyInput> ettercap_input(const TcpSignatureInput& in) {
    if (in.ip_version != 4) return std::nullopt;
    EttercapKeyInput k;
    k.window = in.window;
    k.ttl = in.ttl;
    k.df = in.quirks.has(Quirk::df);
    k.syn_ack = in.syn_ack;
    k.header_length = in.header_len;
    for (std::uint8_t kind : in.layout.view()) {
        switch (kind) {
            case kOptNop: k.nop = true; break;
            case kOptSackOk: k.sack_permitted = true; break;
            case kOptTs: k.timestamp = true; break;
            case kOptMss: k.mss = in.mss; break;
            case kOptWs: k.wscale = in.wscale; break;
            default: break;
        }
        if (kind == kOptEol) break;  // Ettercap stops at EOL as p0f does
    }
    return k;
}

Result<EttercapDb> EttercapDb::parse(std::string_view text, const std::string& path) {
    EttercapDb db;
    LineCursor lines(text);
    while (auto next = lines.next()) {
        std::uint32_t line_no = next->number;
        std::string_view line = next->text;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto where = [&] { return path + ":" + std::to_string(line_no); };
        if (line.find('\0') != std::string_view::npos) return fail(Errc::parse, "NUL byte in line", where());
        if (trim(line).empty()) continue;
        if (line.size() < kKeyLen + 2 || line[kKeyLen] != ':')
            return fail(Errc::parse, "expected a 28-character key, ':' and an OS name", where());
        std::string_view key = line.substr(0, kKeyLen);
        if (auto problem = key_problem(key); !problem.empty()) return fail(Errc::parse, std::string(problem), where());
        std::string_view os = trim(line.substr(kKeyLen + 1));
        if (os.empty()) return fail(Errc::parse, "empty OS name", where());
        db.entries_.push_back({std::string(key), std::string(os), line_no, family_of(os)});
    }
    std::stable_sort(db.entries_.begin(), db.entries_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
    return db;
}

Result<EttercapDb> EttercapDb::load(std::string_view explicit_path) {
    auto path = db::find_ettercap_os(explicit_path);
    if (!path) return unexpected<Error>(path.error());
    auto text = read_file(*path);
    if (!text) return unexpected<Error>(text.error());
    return parse(*text, *path);
}

std::optional<EttercapLookup> EttercapDb::ettercap_search(std::string_view key) const {
    if (key.size() != kKeyLen) return std::nullopt;  // Ettercap answers "UNKNOWN"
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const Entry& e, std::string_view k) { return std::string_view(e.key) < k; });
    if (it == entries_.end()) return std::nullopt;
    if (it->key == key) return EttercapLookup{EttercapLookup::Kind::exact, it->os, it->line};
    // Ettercap keeps the next entry as its guess, then scans forward while the window is
    // the same for an entry equal to the key with the MSS wildcarded (LEN exact).
    EttercapLookup out{EttercapLookup::Kind::next_entry, it->os, it->line};
    for (auto j = it; j != entries_.end() && j->key.compare(0, 4, key.substr(0, 4)) == 0; ++j) {
        if (matches_without_mss(j->key, key, false)) return EttercapLookup{EttercapLookup::Kind::mss_wildcard, j->os, j->line};
    }
    return out;
}

std::optional<Evidence> EttercapDb::match(const EttercapKeyInput& in) const {
    std::string key = ettercap_key(in);
    auto make = [&](const Entry& e, double strength, std::string_view how) {
        Evidence ev;
        ev.source = EvidenceSource::ettercap;
        ev.family = e.family;
        ev.name = e.os;
        ev.strength = strength;
        ev.detail = key + " " + std::string(how) + " " + e.key + " (line " + std::to_string(e.line) + ")";
        return ev;
    };
    auto find_exact = [&](std::string_view k) -> const Entry* {
        auto it = std::lower_bound(entries_.begin(), entries_.end(), k,
                                   [](const Entry& e, std::string_view x) { return std::string_view(e.key) < x; });
        return it != entries_.end() && it->key == k ? &*it : nullptr;
    };
    if (const Entry* e = find_exact(key)) return make(*e, kEttercapExact, "=");
    std::string lt = key;
    lt.replace(kLenAt, 2, "LT");
    if (const Entry* e = find_exact(lt)) return make(*e, kEttercapLt, "~LT");
    // Same window, any MSS: exact LEN before LT, then the nearest MSS, then file order.
    auto first = std::lower_bound(entries_.begin(), entries_.end(), key.substr(0, 4),
                                  [](const Entry& e, std::string_view w) { return e.key.compare(0, 4, w) < 0; });
    const Entry* best = nullptr;
    std::pair<int, int> best_rank{0, 0};
    for (auto it = first; it != entries_.end() && it->key.compare(0, 4, key, 0, 4) == 0; ++it) {
        if (!matches_without_mss(it->key, key, true)) continue;
        std::pair<int, int> rank{it->key.compare(kLenAt, 2, "LT") == 0 ? 1 : 0, mss_distance(it->key, key)};
        if (!best || rank < best_rank) {
            best = &*it;
            best_rank = rank;
        }
    }
    if (best) return make(*best, kEttercapWildcard, "~MSS");
    return std::nullopt;
}

}  // namespace whorl::fp::passive
