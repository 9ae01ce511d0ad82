// Fuzz target: nmap-os-db expressions under Nmap 7.95's rules (7.94.2+ grammar). Input
// "N observed\nexpression", N '1' for an option string (bracketed groups) and anything else
// for a plain attribute: the compiled form (ExprPool) must agree with the step-by-step
// 7.95 evaluation wherever 7.95 does not trip its assertion, and the strict syntax check
// must never accept an expression 7.95 could trip on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fp/db/expr.hpp"

using namespace whorl::fp::db;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    if (in.size() < 2 || in.find('\0') != std::string_view::npos) return 0;  // C strings end there
    bool nested = in[0] == '1';
    in.remove_prefix(2);
    auto nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    std::string_view observed = in.substr(0, nl), expr = in.substr(nl + 1);
    auto want = expr_match_795(observed, expr, nested);
    bool well_formed = !expr_syntax_error_795(expr, nested);
    if (well_formed && !want) std::abort();
    ExprPool pool;
    auto id = pool.add(expr, nested ? ExprDialect::nmap_795_nested : ExprDialect::nmap_795);
    if (pool.source(id) != expr) std::abort();
    if (want && pool.matches(id, ObservedValue::of(observed)) != *want) std::abort();
    // The same through the pool's numbered exact alternatives (what the matcher uses).
    if (want && pool.matches(id, pool.observe(observed)) != *want) std::abort();
    return 0;
}
