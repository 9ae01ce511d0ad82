// ExactIndex: built once per matcher from the compiled expressions' exact forms.
#include "fp/match/exact_index.hpp"

#include <algorithm>

namespace whorl::fp::match {
namespace {

std::uint64_t exact_key(std::uint32_t slot, std::uint32_t literal, bool hex_led) {
    return static_cast<std::uint64_t>(slot) << 33 | static_cast<std::uint64_t>(hex_led) << 32 | literal;
}

}  // namespace

ExactIndex::ExactIndex(const db::OsDb& db) {
    const auto expr_slots = db.expr_slots();
    const auto slots = db.slots();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> postings;  // exact key, expr id
    std::vector<std::vector<std::uint32_t>> text(slots.size()), hex(slots.size()), empty(slots.size()),
        all(slots.size());
    unmatched_.resize(expr_slots.size());
    for (std::uint32_t id = 0; id < expr_slots.size(); ++id) {
        std::uint32_t slot = expr_slots[id];
        unmatched_[id] = static_cast<std::uint64_t>(slots[slot].weight) << 32;
        all[slot].push_back(id);
        db::ExprPool::ExactForm f = db.exprs().exact_form(id);
        if (f.matches_empty) empty[slot].push_back(id);
        if (f.walked) {
            text[slot].push_back(id);
            hex[slot].push_back(id);
            continue;
        }
        for (std::uint32_t lit : f.text_literals) postings.emplace_back(exact_key(slot, lit, false), id);
        for (std::uint32_t lit : f.hex_literals) postings.emplace_back(exact_key(slot, lit, true), id);
        if (f.ordered) hex[slot].push_back(id);
    }
    std::sort(postings.begin(), postings.end());
    postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
    for (std::size_t i = 0; i < postings.size();) {
        Range r{static_cast<std::uint32_t>(ids_.size()), 0};
        std::uint64_t key = postings[i].first;
        for (; i < postings.size() && postings[i].first == key; ++i) ids_.push_back(postings[i].second);
        r.end = static_cast<std::uint32_t>(ids_.size());
        exact_.emplace(key, r);
    }
    auto flatten = [&](const std::vector<std::vector<std::uint32_t>>& lists, std::vector<Range>& out) {
        out.reserve(lists.size());
        for (const auto& list : lists) {
            Range r{static_cast<std::uint32_t>(ids_.size()), 0};
            ids_.insert(ids_.end(), list.begin(), list.end());
            r.end = static_cast<std::uint32_t>(ids_.size());
            out.push_back(r);
        }
    };
    flatten(text, evaluated_text_);
    flatten(hex, evaluated_hex_);
    flatten(empty, empty_);
    flatten(all, all_);
}

std::span<const std::uint32_t> ExactIndex::exact(std::uint32_t slot, std::uint32_t literal, bool hex_led) const {
    auto it = exact_.find(exact_key(slot, literal, hex_led));
    return it == exact_.end() ? std::span<const std::uint32_t>{} : ids(it->second);
}

std::span<const std::uint32_t> ExactIndex::evaluated(std::uint32_t slot, bool hex_led) const {
    return ids(hex_led ? evaluated_hex_[slot] : evaluated_text_[slot]);
}

std::span<const std::uint32_t> ExactIndex::empty_matches(std::uint32_t slot) const { return ids(empty_[slot]); }

std::span<const std::uint32_t> ExactIndex::all(std::uint32_t slot) const { return ids(all_[slot]); }

}  // namespace whorl::fp::match
