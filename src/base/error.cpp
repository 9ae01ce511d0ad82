// Error formatting and the mapping from error codes to process exit statuses.
#include "base/error.hpp"

#include <cstring>

#include <fmt/format.h>

namespace whorl {

namespace {

// Control bytes a message may quote from its input (a database line, a fingerprint, a
// target) are shown as \xNN, never sent to the terminal: "\x1b[31m" would colour it.
// Newlines and tabs stay (messages use them).
std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

}  // namespace

std::string Error::describe() const {
    if (where.empty()) return printable(message);
    return printable(fmt::format("{}: {}", where, message));
}

Error wrap(Error inner, std::string_view outer) {
    inner.where = inner.where.empty() ? std::string(outer) : fmt::format("{}: {}", outer, inner.where);
    return inner;
}

int exit_status(Errc code) {
    switch (code) {
        case Errc::usage: return 2;
        case Errc::permission: return 4;
        case Errc::interrupted: return 130;
        case Errc::not_found:
        case Errc::parse:
        case Errc::io:
        case Errc::unsupported:
        case Errc::internal: return 1;
    }
    return 1;
}

std::string errno_text(int err) {
    char buf[256];
    // GNU strerror_r returns the message pointer, which may or may not be buf.
    return std::string(strerror_r(err, buf, sizeof buf));
}

}  // namespace whorl
