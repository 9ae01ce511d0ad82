// NATS settings from the command line (see the header).
#include "fleet/nats_settings.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace whorl::fleet {

std::vector<std::string> server_urls(std::string_view servers) {
    std::vector<std::string> out;
    for (auto s : split(servers, ',')) out.emplace_back(trim(s));
    return out;
}

Result<std::size_t> parse_buffer_size(std::string_view text) {
    std::size_t scale = 1;
    std::string_view digits = text;
    if (!digits.empty() && (digits.back() == 'K' || digits.back() == 'k')) scale = 1024;
    if (!digits.empty() && (digits.back() == 'M' || digits.back() == 'm')) scale = 1024 * 1024;
    if (scale != 1) digits.remove_suffix(1);
    auto n = parse_uint(digits);
    constexpr std::size_t kMin = 64 * 1024, kMax = std::size_t{1} << 30;
    if (!n || *n > kMax / scale || *n * scale < kMin)
        return fail(Errc::usage,
                    fmt::format("--nats-buffer takes a size from 64K to 1024M (bytes, or K or M), not '{}'", text));
    return *n * scale;
}

Result<void> check_server_urls(std::string_view servers) {
    auto bad = [servers](std::string_view url, std::string_view why) {
        return fail(Errc::usage, fmt::format("--jetstream '{}': '{}' is not a NATS server URL ({}); give "
                                             "nats://HOST:PORT or tls://HOST:PORT, several separated by commas",
                                             servers, url, why));
    };
    if (trim(servers).empty()) return bad(servers, "it is empty");
    for (const auto& url : server_urls(servers)) {
        std::string_view rest = url;
        if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
            std::string_view name = rest.substr(0, scheme);
            if (name != "nats" && name != "tls") return bad(url, "the scheme is not nats:// or tls://");
            rest.remove_prefix(scheme + 3);
        }
        if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
        const auto colon = rest.rfind(':');
        if (colon == std::string_view::npos || colon == 0) return bad(url, "no HOST:PORT");
        std::string_view host = rest.substr(0, colon), port = rest.substr(colon + 1);
        if (host.find_first_of(" \t/?#") != std::string_view::npos) return bad(url, "the host is not a name or address");
        auto p = parse_uint(port);
        if (!p || *p == 0 || *p > 65535) return bad(url, "the port is not a number from 1 to 65535");
    }
    return {};
}

}  // namespace whorl::fleet
