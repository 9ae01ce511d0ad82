// Text helpers.
#include "base/text.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace whorl {

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    auto b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(kSpace);
    return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::optional<std::uint64_t> parse_uint(std::string_view s, int base) {
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail(Errc::io, "is a directory", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int err = errno;
        return fail(err == ENOENT ? Errc::not_found : Errc::io, errno_text(err), path);
    }
    // Read in chunks up to the bound (/dev/zero, a FIFO that never ends), never past it.
    std::string out;
    std::array<char, 65536> buf;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        auto n = static_cast<std::size_t>(in.gcount());
        if (out.size() + n > max_bytes)
            return fail(Errc::io, fmt::format("larger than {} bytes: not read", max_bytes), path);
        out.append(buf.data(), n);
    }
    if (in.bad()) return fail(Errc::io, "read failed", path);
    return out;
}

}  // namespace whorl
