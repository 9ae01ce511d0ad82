// Error formatting and the mapping from error codes to process exit statuses.
#include "base/error.hpp"

#include <cstring>

#include <fmt/format.h>

namespace whorl {

std::string Error::describe() const {
    if (where.empty()) return message;
    return fmt::format("{}: {}", where, message);
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
