// Target expression parsing and expansion.
#include "scan/target_spec.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/text.hpp"

namespace whorl::scan {
namespace {

Error bad_target(std::string_view text, std::string_view why) {
    return Error{Errc::usage, fmt::format("bad target '{}': {}", text, why), {}};
}

// One octet term: "*", "-", "5", "1-20", "-20", "200-", or a comma list of those.
Result<std::array<bool, 256>> parse_octet(std::string_view term, std::string_view whole) {
    std::array<bool, 256> set{};
    for (auto part : split(term, ',')) {
        if (part == "*" || part == "-") {
            set.fill(true);
            continue;
        }
        auto dash = part.find('-');
        auto number = [&](std::string_view s, unsigned fallback) -> std::optional<unsigned> {
            if (s.empty()) return fallback;
            auto v = parse_uint(s);
            if (!v || *v > 255) return std::nullopt;
            return static_cast<unsigned>(*v);
        };
        auto low = number(dash == std::string_view::npos ? part : part.substr(0, dash), 0);
        auto high = dash == std::string_view::npos ? low : number(part.substr(dash + 1), 255);
        if (part.empty() || !low || !high) return unexpected(bad_target(whole, fmt::format("'{}' is not an octet or octet range", part)));
        if (*low > *high) return unexpected(bad_target(whole, fmt::format("octet range {} is backwards", part)));
        for (unsigned v = *low; v <= *high; ++v) set[v] = true;
    }
    return set;
}

bool looks_like_octets(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ',' || c == '*';
    }) && std::count(s.begin(), s.end(), '.') == 3;
}

bool valid_hostname(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    });
}

std::uint64_t count(const std::array<bool, 256>& set) { return static_cast<std::uint64_t>(std::count(set.begin(), set.end(), true)); }

bool prefix_contains(const IpAddress& base, int prefix, const IpAddress& ip) {
    if (base.family() != ip.family()) return false;
    auto a = base.bytes(), b = ip.bytes();
    int bits = prefix < 0 ? static_cast<int>(a.size()) * 8 : prefix;
    for (int i = 0; i < bits; ++i) {
        auto byte = static_cast<std::size_t>(i / 8);
        unsigned mask = 0x80u >> (i % 8);
        if ((std::to_integer<unsigned>(a[byte]) & mask) != (std::to_integer<unsigned>(b[byte]) & mask)) return false;
    }
    return true;
}

std::uint16_t last_group(const IpAddress& a) {
    return static_cast<std::uint16_t>(std::to_integer<unsigned>(a.bytes()[14]) << 8 | std::to_integer<unsigned>(a.bytes()[15]));
}

// `ip` shares the first seven groups with `start` and its last group is in [start's, end].
bool in_last_group_range(const IpAddress& start, std::uint16_t end, const IpAddress& ip) {
    if (!ip.is_v6() || !std::equal(start.bytes().begin(), start.bytes().begin() + 14, ip.bytes().begin())) return false;
    return last_group(ip) >= last_group(start) && last_group(ip) <= end;
}

// "2001:db8::2-21": the address with the range's first value, and its last value.
std::optional<std::pair<IpAddress, std::uint16_t>> parse_v6_range(std::string_view body) {
    auto dash = body.rfind('-'), colon = body.rfind(':');
    if (dash == std::string_view::npos || colon == std::string_view::npos || dash < colon) return std::nullopt;
    auto start = IpAddress::parse(body.substr(0, dash));
    auto end = parse_uint(body.substr(dash + 1), 16);
    if (!start || !start->is_v6() || !end || *end > 0xffff || body.size() - dash - 1 > 4) return std::nullopt;
    return std::pair{*start, static_cast<std::uint16_t>(*end)};
}

}  // namespace

std::uint64_t TargetPattern::size() const {
    switch (kind) {
        case Kind::octets: return count(octets[0]) * count(octets[1]) * count(octets[2]) * count(octets[3]);
        case Kind::v6_prefix:
            if (v6_range_end) return *v6_range_end - last_group(v6) + 1ull;
            return prefix < 0 || 128 - prefix >= 63 ? (prefix < 0 ? 1 : (1ull << 63)) : (1ull << (128 - prefix));
        case Kind::hostname: {
            // A name's prefix is over its address family's width: 32 bits, 128 in -6 mode.
            const int bits = (ipv6 ? 128 : 32) - prefix;
            return prefix < 0 ? 1 : bits >= 63 ? (1ull << 63) : (1ull << std::max(bits, 0));
        }
    }
    return 0;
}

bool TargetPattern::contains(const IpAddress& ip) const {
    switch (kind) {
        case Kind::octets: {
            if (!ip.is_v4()) return false;
            for (std::size_t i = 0; i < 4; ++i)
                if (!octets[i][std::to_integer<unsigned>(ip.bytes()[i])]) return false;
            return true;
        }
        case Kind::v6_prefix:
            if (v6_range_end) return in_last_group_range(v6, *v6_range_end, ip);
            return prefix_contains(v6, prefix, ip);
        case Kind::hostname: return false;  // names are matched after resolution
    }
    return false;
}

Result<TargetPattern> parse_target(std::string_view text, bool ipv6) {
    TargetPattern t;
    t.text = std::string(text);
    t.ipv6 = ipv6;
    std::string_view body = text;
    if (auto slash = body.rfind('/'); slash != std::string_view::npos) {
        auto p = parse_uint(body.substr(slash + 1));
        if (!p) return unexpected(bad_target(text, "the prefix length after '/' is not a number"));
        if (*p > 128) return unexpected(bad_target(text, "prefix lengths go up to 128"));
        t.prefix = static_cast<int>(*p);
        body = body.substr(0, slash);
    }
    if (body.empty()) return unexpected(bad_target(text, "empty"));
    if (auto ip = IpAddress::parse(body); ip && ip->is_v6()) {
        if (!ipv6) return unexpected(bad_target(text, "an IPv6 address needs -6"));
        if (t.prefix > 128) return unexpected(bad_target(text, "IPv6 prefix lengths go up to 128"));
        t.kind = TargetPattern::Kind::v6_prefix;
        t.v6 = *ip;
        return t;
    }
    if (auto range = parse_v6_range(body)) {
        if (!ipv6) return unexpected(bad_target(text, "an IPv6 address needs -6"));
        if (t.prefix >= 0) return unexpected(bad_target(text, "a range cannot have a prefix length"));
        if (range->second < last_group(range->first))
            return unexpected(bad_target(text, "the range's last value is below its first"));
        t.kind = TargetPattern::Kind::v6_prefix;
        t.v6 = range->first;
        t.v6_range_end = range->second;
        return t;
    }
    if (looks_like_octets(body)) {
        if (ipv6) return unexpected(bad_target(text, "an IPv4 target in -6 mode"));
        auto parts = split(body, '.');
        for (std::size_t i = 0; i < 4; ++i) {
            auto set = parse_octet(parts[i], text);
            if (!set) return unexpected(set.error());
            t.octets[i] = *set;
        }
        if (t.prefix >= 0) {
            if (t.prefix > 32) return unexpected(bad_target(text, "IPv4 prefix lengths go up to 32"));
            if (t.size() != 1) return unexpected(bad_target(text, "a prefix length needs a single base address"));
            std::uint32_t base = 0;
            for (std::size_t i = 0; i < 4; ++i)
                base = (base << 8) | static_cast<std::uint32_t>(std::find(t.octets[i].begin(), t.octets[i].end(), true) - t.octets[i].begin());
            std::uint32_t mask = t.prefix == 0 ? 0 : ~0u << (32 - t.prefix);
            std::uint32_t low = base & mask, high = low | ~mask;
            for (std::size_t i = 0; i < 4; ++i) {
                t.octets[i].fill(false);
                unsigned shift = static_cast<unsigned>(24 - 8 * i);
                for (unsigned v = (low >> shift) & 0xff; v <= ((high >> shift) & 0xff); ++v) t.octets[i][v] = true;
            }
            t.prefix = -1;
        }
        return t;
    }
    if (!valid_hostname(body)) return unexpected(bad_target(text, "not an address, a range or a host name"));
    if (t.prefix > (ipv6 ? 128 : 32)) return unexpected(bad_target(text, "prefix length too long"));
    t.kind = TargetPattern::Kind::hostname;
    t.hostname = std::string(body);
    return t;
}

TargetStream::TargetStream(std::vector<TargetPattern> patterns, std::vector<TargetPattern> excludes, Resolver resolve,
                           std::uint64_t limit)
    : patterns_(std::move(patterns)), excludes_(std::move(excludes)), resolve_(std::move(resolve)), limit_(limit) {}

PatternAddresses::PatternAddresses(const TargetPattern& p, const IpAddress& base)
    : octets_(p.kind == TargetPattern::Kind::octets), base_(base), prefix_(p.prefix), range_end_(p.v6_range_end) {
    if (range_end_) prefix_ = 128;  // the k-th address is base + k, nothing masked
    if (!octets_) return;
    for (std::size_t i = 0; i < 4; ++i)
        for (unsigned v = 0; v < 256; ++v)
            if (p.octets[i][v]) octet_values_[i].push_back(static_cast<std::uint8_t>(v));
}

IpAddress PatternAddresses::at(std::uint64_t k) const {
    if (octets_) {
        std::uint32_t v = 0;
        std::uint64_t rest = k;
        std::array<std::uint8_t, 4> digits{};
        for (int i = 3; i >= 0; --i) {
            const auto& values = octet_values_[static_cast<std::size_t>(i)];
            digits[static_cast<std::size_t>(i)] = values[rest % values.size()];
            rest /= values.size();
        }
        for (auto d : digits) v = (v << 8) | d;
        return IpAddress::v4(v);
    }
    if (prefix_ < 0) return base_;
    const int total = base_.is_v4() ? 32 : 128;
    std::array<std::byte, 16> b{};
    std::copy(base_.bytes().begin(), base_.bytes().end(), b.begin());
    for (int i = prefix_; i < total; ++i) b[static_cast<std::size_t>(i / 8)] &= static_cast<std::byte>(~(0x80u >> (i % 8)));
    // Add k to the host bits (k < 2^63 fits below any prefix that passed the limit).
    std::uint64_t carry = k;
    for (int i = total / 8 - 1; carry && i >= 0; --i) {
        unsigned sum = std::to_integer<unsigned>(b[static_cast<std::size_t>(i)]) + static_cast<unsigned>(carry & 0xff);
        b[static_cast<std::size_t>(i)] = static_cast<std::byte>(sum & 0xff);
        carry = (carry >> 8) + (sum >> 8);
    }
    return base_.is_v4() ? IpAddress::v4(std::span<const std::byte, 4>(b.data(), 4))
                         : IpAddress::v6(std::span<const std::byte, 16>(b.data(), 16));
}

std::optional<std::uint64_t> PatternAddresses::index_of(const IpAddress& ip) const {
    if (octets_) {
        if (!ip.is_v4()) return std::nullopt;
        std::uint64_t k = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            const auto& values = octet_values_[i];
            const auto v = static_cast<std::uint8_t>(std::to_integer<unsigned>(ip.bytes()[i]));
            auto at = std::lower_bound(values.begin(), values.end(), v);
            if (at == values.end() || *at != v) return std::nullopt;
            k = k * values.size() + static_cast<std::uint64_t>(at - values.begin());
        }
        return k;
    }
    if (prefix_ < 0) return ip == base_ ? std::optional<std::uint64_t>(0) : std::nullopt;
    if (range_end_) {
        if (!in_last_group_range(base_, *range_end_, ip)) return std::nullopt;
        return last_group(ip) - last_group(base_);
    }
    if (!prefix_contains(base_, prefix_, ip)) return std::nullopt;
    // The host bits, read as a number (fewer than 64 of them below any prefix that passed
    // the limit; the higher ones are zero).
    const int total = ip.is_v4() ? 32 : 128;
    std::uint64_t k = 0;
    for (int i = std::max(prefix_, total - 64); i < total; ++i) {
        const unsigned byte = std::to_integer<unsigned>(ip.bytes()[static_cast<std::size_t>(i / 8)]);
        k = (k << 1) | ((byte >> (7 - i % 8)) & 1u);
    }
    return k;
}

Result<bool> TargetStream::enter(std::vector<std::string>& unresolved) {
    const TargetPattern& p = patterns_[pattern_];
    entered_ = true;
    next_ = 0;
    if (p.size() > limit_)
        return fail(Errc::usage, fmt::format("target '{}' names too many addresses ({} at most)", p.text, limit_));
    count_ = p.size();
    name_.clear();
    if (p.kind == TargetPattern::Kind::octets) {
        addresses_ = PatternAddresses(p, {});
    } else if (p.kind == TargetPattern::Kind::v6_prefix) {
        addresses_ = PatternAddresses(p, p.v6);
    } else {
        auto resolved = resolve_(p.hostname, p.ipv6);
        if (resolved.empty()) {
            unresolved.push_back(p.hostname);
            return false;
        }
        if (p.prefix > (resolved.front().is_v4() ? 32 : 128))
            return fail(Errc::usage,
                        fmt::format("target '{}': the prefix is longer than {}'s address", p.text, p.hostname));
        addresses_ = PatternAddresses(p, resolved.front());
        if (p.prefix < 0) name_ = p.hostname;
    }
    return count_ > 0;
}

Result<std::vector<Target>> TargetStream::next(std::size_t max, std::vector<std::string>& unresolved) {
    std::vector<Target> out;
    auto excluded = [&](const IpAddress& ip) {
        return std::any_of(excludes_.begin(), excludes_.end(), [&](const TargetPattern& e) { return e.contains(ip); });
    };
    while (out.size() < max && !done()) {
        if (!entered_) {
            auto any = enter(unresolved);
            if (!any) {
                pattern_ = patterns_.size();  // an error ends the stream
                return unexpected(any.error());
            }
            if (!*any) {
                ++pattern_;
                entered_ = false;
                continue;
            }
        }
        for (; next_ < count_ && out.size() < max; ++next_) {
            IpAddress ip = addresses_.at(next_);
            if (!excluded(ip)) out.push_back(Target{ip, name_});
        }
        if (next_ >= count_) {
            ++pattern_;
            entered_ = false;
        }
    }
    return out;
}

Result<std::vector<Target>> expand_targets(const std::vector<TargetPattern>& patterns,
                                           const std::vector<TargetPattern>& excludes, const Resolver& resolve,
                                           std::vector<std::string>& unresolved, std::uint64_t limit) {
    std::uint64_t total = 0;
    for (const auto& p : patterns) {
        total = p.size() > limit ? limit + 1 : total + p.size();
        if (total > limit)
            return fail(Errc::usage, fmt::format("target '{}' names too many addresses ({} at most)", p.text, limit));
    }
    TargetStream stream(patterns, excludes, resolve, limit);
    return stream.next(static_cast<std::size_t>(total), unresolved);
}

std::vector<ListedTarget> split_target_lines(std::string_view text, bool commas_separate) {
    std::vector<ListedTarget> out;
    ListedTarget current{"", 1};
    std::size_t line = 1;
    bool comment = false;
    for (char c : text) {
        if (comment) {
            comment = c != '\n';
            if (c == '\n') ++line;
            continue;
        }
        bool sep = c == ' ' || c == '\t' || c == '\n' || c == '\r' || (commas_separate && c == ',');
        if (c == '#' || sep) {
            if (!current.text.empty()) out.push_back(std::move(current));
            current = {"", line};
            comment = c == '#';
            if (c == '\n') current.line = ++line;
            continue;
        }
        if (current.text.empty()) current.line = line;
        current.text.push_back(c);
    }
    if (!current.text.empty()) out.push_back(std::move(current));
    return out;
}

std::vector<std::string> split_target_list(std::string_view text, bool commas_separate) {
    std::vector<std::string> out;
    for (auto& t : split_target_lines(text, commas_separate)) out.push_back(std::move(t.text));
    return out;
}

}  // namespace whorl::scan
