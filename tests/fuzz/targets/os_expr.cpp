// Fuzz target: nmap-os-db expressions. Input "observed\nexpression": the compiled form
// (ExprPool) must agree with the step-by-step 7.93 evaluation wherever 7.93 does not trip
// its assertion, and the strict syntax check must never accept an expression 7.93 could
// trip on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fp/db/expr.hpp"

using namespace whorl::fp::db;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    if (in.find('\0') != std::string_view::npos) return 0;  // C strings end there
    auto nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    std::string_view observed = in.substr(0, nl), expr = in.substr(nl + 1);
    auto want = expr_match_793(observed, expr);
    bool well_formed = !expr_syntax_error(expr);
    if (well_formed && !want) std::abort();
    ExprPool pool;
    auto id = pool.add(expr);
    if (pool.source(id) != expr) std::abort();
    if (want && pool.matches(id, ObservedValue::of(observed)) != *want) std::abort();
    // The same through the pool's numbered exact alternatives (what the matcher uses).
    if (want && pool.matches(id, pool.observe(observed)) != *want) std::abort();
    return 0;
}
