// MTU -> link type lookup (p0f 3.09b fp_mtu.c semantics: exact value, first entry wins).
#include "fp/tcp/mtu_table.hpp"

#include "fp/common/text_cursor.hpp"

namespace whorl::fp::passive {

void MtuTable::add(MtuEntry e) {
    first_.try_emplace(e.mtu, entries_.size());
    entries_.push_back(std::move(e));
}

const MtuEntry* MtuTable::find(std::uint32_t mtu) const {
    auto it = first_.find(mtu);
    return it == first_.end() ? nullptr : &entries_[it->second];
}

std::optional<std::uint32_t> mtu_from_mss(std::uint16_t mss, std::uint8_t ip_version) {
    if (mss == 0) return std::nullopt;
    return static_cast<std::uint32_t>(mss) + (ip_version == 4 ? 40u : 60u);
}

std::optional<MtuResult> lookup_mtu(const MtuTable& table, std::uint16_t mss,
                                    std::uint8_t ip_version) {
    auto mtu = mtu_from_mss(mss, ip_version);
    if (!mtu) return std::nullopt;
    return MtuResult{*mtu, table.find(*mtu)};
}

std::optional<std::uint16_t> parse_mtu_value(std::string_view text) {
    TextCursor c(text);
    std::uint64_t v = c.digits();
    if (text.empty() || !c.at_end() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

}  // namespace whorl::fp::passive
