// The 7.93 scorer and match-list builder.
#include "fp/match/os_matcher.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace whorl::fp::match {

int accuracy_percent(double accuracy) { return static_cast<int>(accuracy * 100); }

void OsMatcher::observe(const Fingerprint& fp) {
    const auto slots = db_.slots();
    observed_.assign(slots.size(), db::ObservedValue{});
    present_.assign(slots.size(), 0);
    value_id_.assign(slots.size(), 0);
    seen_test_.assign(db_.tests().size(), 0);
    std::vector<std::string_view> values;
    for (const Test& t : fp.tests()) {
        auto test = db_.find_test(t.name);
        if (!test || seen_test_[*test]) continue;  // 7.93 compares the first of equal names
        seen_test_[*test] = 1;
        for (const Attribute& a : t.attrs) {
            auto slot = db_.find_slot(*test, a.name);
            if (!slot) continue;  // an attribute MatchPoints does not know is never compared
            observed_[*slot] = db_.exprs().observe(a.value);
            present_[*slot] = 1;
            std::size_t v = 0;
            while (v < values.size() && values[v] != a.value) ++v;
            if (v == values.size()) values.push_back(a.value);
            value_id_[*slot] = static_cast<std::uint16_t>(v);
        }
    }
}

OsMatcher::OsMatcher(const db::OsDb& db, Evaluation how) : db_(db) {
    if (how == Evaluation::automatic && db.behaviour() == NmapBehaviour::v7_95) index_.emplace(db);
}

[[gnu::always_inline]] inline bool OsMatcher::expr_matches(std::uint32_t expr, std::uint32_t slot) {
    const db::ExprPool& pool = db_.exprs();
    Memo& memo = memo_[pool.text_id(expr)];
    if (memo.stamp != stamp_ || memo.value != value_id_[slot]) memo = {stamp_, value_id_[slot], pool.matches(expr, observed_[slot])};
    return memo.ok;
}

void OsMatcher::evaluate() {
    const auto expr_slots = db_.expr_slots();
    const auto slots = db_.slots();
    const db::ExprPool& pool = db_.exprs();
    if (memo_.size() != pool.text_count() || ++stamp_ == 0) {
        memo_.assign(pool.text_count(), Memo{});
        stamp_ = 1;
    }
    expr_points_.resize(expr_slots.size());
    if (index_) {
        evaluate_indexed();
    } else {
        for (std::uint32_t id = 0; id < expr_slots.size(); ++id) {
            std::uint32_t slot = expr_slots[id];
            std::uint64_t w = slots[slot].weight;
            if (!present_[slot] || w == 0) {
                expr_points_[id] = 0;
                continue;
            }
            expr_points_[id] = (w << 32) | (expr_matches(id, slot) ? w : 0);
        }
    }
    const auto lines = db_.test_lines();
    const auto line_exprs = db_.line_exprs();
    line_points_.resize(lines.size());
    for (std::size_t l = 0; l < lines.size(); ++l) {
        std::uint64_t sum = 0;
        for (auto i = lines[l].exprs_begin; i < lines[l].exprs_end; ++i) sum += expr_points_[line_exprs[i]];
        line_points_[l] = sum;
    }
}

// Every expression starts failed; the index then names those each value matches.
void OsMatcher::evaluate_indexed() {
    const auto slots = db_.slots();
    const ExactIndex& index = *index_;
    std::copy(index.unmatched_points().begin(), index.unmatched_points().end(), expr_points_.begin());
    for (std::uint32_t slot = 0; slot < slots.size(); ++slot) {
        std::uint64_t w = slots[slot].weight;
        if (w == 0) continue;  // its points are 0 either way
        if (!present_[slot]) {
            for (std::uint32_t id : index.all(slot)) expr_points_[id] = 0;
            continue;
        }
        const db::ObservedValue& v = observed_[slot];
        if (v.text.empty()) {
            for (std::uint32_t id : index.empty_matches(slot)) expr_points_[id] |= w;
        } else if (v.zero_led) {  // 7.95's zero-stripping quirk: no exact reading
            for (std::uint32_t id : index.all(slot))
                if (expr_matches(id, slot)) expr_points_[id] |= w;
        } else {
            for (std::uint32_t id : index.exact(slot, v.literal, v.hex_start)) expr_points_[id] |= w;
            for (std::uint32_t id : index.evaluated(slot, v.hex_start))
                if (expr_matches(id, slot)) expr_points_[id] |= w;
        }
    }
}

OsMatch OsMatcher::print_score(std::uint32_t print) const {
    const db::RefPrint& p = db_.prints()[print];
    const auto print_lines = db_.print_lines();
    std::uint64_t sum = 0;
    for (auto i = p.lines_begin; i < p.lines_end; ++i) sum += line_points_[print_lines[i]];
    auto possible = static_cast<std::uint32_t>(sum >> 32);
    auto matched = static_cast<std::uint32_t>(sum & 0xffffffffu);
    double acc = possible == 0 ? 0.0 : static_cast<double>(matched) / static_cast<double>(possible);
    return OsMatch{print, acc, matched, possible};
}

OsMatch OsMatcher::score(const Fingerprint& fp, std::uint32_t print) {
    observe(fp);
    evaluate();
    return print_score(print);
}

const std::vector<OsMatch>& OsMatcher::score_all(const Fingerprint& fp) {
    observe(fp);
    evaluate();
    const auto count = static_cast<std::uint32_t>(db_.prints().size());
    all_.resize(count);
    for (std::uint32_t print = 0; print < count; ++print) all_[print] = print_score(print);
    return all_;
}

namespace {

// Nmap's fixed-capacity result list (FingerPrintResults::matches/accuracy).
class MatchList {
public:
    std::size_t size() const { return n_; }
    const OsMatch& operator[](std::size_t i) const { return m_[i]; }

    // Index of the entry with this print name, or size().
    std::size_t find_name(const db::OsDb& db, std::uint32_t print) const {
        const std::string& name = db.prints()[print].name;
        for (std::size_t i = 0; i < n_; ++i)
            if (db.prints()[m_[i].print].name == name) return i;
        return n_;
    }
    void erase(std::size_t i) {
        for (std::size_t j = i + 1; j < n_; ++j) m_[j - 1] = m_[j];
        --n_;
    }
    // Before the first entry with a strictly lower accuracy; the last one falls off a
    // full list.
    void insert(const OsMatch& m) {
        std::size_t at = 0;
        while (at < n_ && m_[at].accuracy >= m.accuracy) ++at;
        if (at == kMaxMatches) return;
        std::size_t last = n_ < kMaxMatches ? n_ : kMaxMatches - 1;
        for (std::size_t j = last; j > at; --j) m_[j] = m_[j - 1];
        m_[at] = m;
        if (n_ < kMaxMatches) ++n_;
    }

private:
    std::array<OsMatch, kMaxMatches> m_{};
    std::size_t n_ = 0;
};

}  // namespace

MatchResult OsMatcher::match(const Fingerprint& fp) {
    observe(fp);
    evaluate();
    MatchResult result;
    MatchList list;
    double entrance = kGuessThreshold;
    const bool nmap_795 = db_.behaviour() == NmapBehaviour::v7_95;
    const auto count = db_.nmap_print_count();  // whorl's own prints are not Nmap's
    for (std::uint32_t print = 0; print < count; ++print) {
        OsMatch m = print_score(print);
        if (m.accuracy < entrance && m.accuracy != 1.0) continue;
        // 7.95 stops scoring a print once more points are lost than (1 - entrance) of all
        // it gives; the same prints fail, but for rounding at the boundary.
        if (nmap_795) {
            auto max_lost = static_cast<unsigned long>((1.0 - entrance) * db_.prints()[print].max_points);
            if (m.possible - m.matched > max_lost) continue;
        }
        std::size_t same = list.find_name(db_, print);
        if (same < list.size()) {
            if (list[same].accuracy >= m.accuracy) continue;
            list.erase(same);
        }
        if (m.accuracy == 1.0) {
            if (result.perfect == static_cast<int>(kMaxMatches)) {
                result.outcome = MatchOutcome::too_many_matches;
                break;
            }
            ++result.perfect;
        }
        list.insert(m);
        if (list.size() == kMaxMatches) {
            entrance = list[kMaxMatches - 1].accuracy + 0.00001;
            if (nmap_795) entrance = std::min(entrance, 1.0);
        }
    }
    for (std::size_t i = 0; i < list.size(); ++i) result.matches.push_back(list[i]);
    if (result.outcome != MatchOutcome::too_many_matches)
        result.outcome = list.size() == 0 ? MatchOutcome::no_matches : MatchOutcome::success;
    return result;
}

}  // namespace whorl::fp::match
