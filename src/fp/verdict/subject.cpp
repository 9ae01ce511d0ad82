// Drawing subject fingerprints from reference prints.
#include "fp/verdict/subject.hpp"

#include <fmt/format.h>

#include "fp/db/expr.hpp"

#include <vector>

namespace whorl::fp::verdict {
namespace {

std::string hex_text(std::uint64_t v) { return fmt::format("{:X}", v); }

std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi, std::mt19937_64& rng) {
    return lo + (hi > lo ? rng() % (hi - lo + 1) : 0);
}

// One alternative without groups: a bound, a range or a literal.
std::string plain_value(std::string_view alt, Draw draw, std::mt19937_64& rng) {
    bool random = draw == Draw::random;
    if (!alt.empty() && (alt[0] == '>' || alt[0] == '<')) {
        auto bound = db::plain_hex_value(alt.substr(1));
        if (!bound) return std::string(alt);
        if (alt[0] == '>') return hex_text(*bound + 1 + (random ? rng() % 16 : 0));
        if (*bound == 0) return "0";
        return hex_text(random ? rng() % *bound : *bound - 1);
    }
    if (auto dash = alt.find('-'); dash != std::string_view::npos && dash > 0) {
        auto lo = db::plain_hex_value(alt.substr(0, dash)), hi = db::plain_hex_value(alt.substr(dash + 1));
        if (lo && hi && *hi >= *lo) return hex_text(random ? uniform(*lo, *hi, rng) : *lo + (*hi - *lo) / 2);
    }
    return std::string(alt);
}

}  // namespace

std::string draw_value(std::string_view expr, bool option_string, Draw draw, std::mt19937_64& rng) {
    auto alts = db::split_alternatives_795(expr, option_string);
    std::string_view alt = draw == Draw::random ? alts[rng() % alts.size()] : alts.front();
    if (!option_string || alt.find('[') == std::string_view::npos) return plain_value(alt, draw, rng);
    std::string out;
    for (std::size_t i = 0; i < alt.size();) {
        if (alt[i] != '[') {
            out += alt[i++];
            continue;
        }
        std::size_t close = alt.find(']', i);
        if (close == std::string_view::npos) close = alt.size();
        std::string_view group = alt.substr(i + 1, close - i - 1);
        auto inner = db::split_alternatives_795(group, false);
        out += plain_value(draw == Draw::random ? inner[rng() % inner.size()] : inner.front(), draw, rng);
        i = close + 1;
    }
    return out;
}

Fingerprint draw_subject(const db::OsDb& db, std::uint32_t print, Draw draw, std::mt19937_64& rng) {
    Fingerprint fp;
    const db::RefPrint& p = db.prints()[print];
    const auto lines = db.test_lines();
    const auto slots = db.slots();
    for (auto i = p.lines_begin; i < p.lines_end; ++i) {
        const db::TestLine& tl = lines[db.print_lines()[i]];
        const std::string& test = db.tests()[tl.test].name;
        Test& t = fp.add_test(test);
        for (auto e = tl.exprs_begin; e < tl.exprs_end; ++e) {
            std::uint32_t id = db.line_exprs()[e];
            const db::Slot& slot = slots[db.expr_slots()[id]];
            t.set(slot.attr, draw_value(db.exprs().source(id), test == "OPS" || slot.attr == "O", draw, rng));
        }
    }
    return fp;
}

}  // namespace whorl::fp::verdict
