// --shard K/N (see the header).
#include "scan/walk/shard.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace whorl::scan::walk {

Result<Shard> parse_shard(std::string_view text) {
    auto bad = [&] {
        return fail(Errc::usage, fmt::format("--shard takes K/N, this machine's share K of N, with 1 <= K <= N "
                                             "(--shard 1/4 ... --shard 4/4), not '{}'",
                                             text));
    };
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return bad();
    auto k = parse_uint(text.substr(0, slash)), n = parse_uint(text.substr(slash + 1));
    if (!k || !n || *k < 1 || *k > *n) return bad();
    return Shard{*k, *n};
}

}  // namespace whorl::scan::walk
