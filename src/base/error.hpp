// Control-plane errors: an Error value (code, message, where it happened) carried in
// Result<T> = expected<T, Error>. Untrusted bytes never produce these; they produce
// std::optional or named quirks instead. Only main() turns an Error into an exit code.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "base/expected.hpp"

namespace whorl {

enum class Errc {
    usage,        // bad command line
    not_found,    // a file, host or interface that does not exist
    parse,        // malformed text or binary input (database line, pcap record, ...)
    io,           // a system call failed
    permission,   // needs root or CAP_NET_RAW
    unsupported,  // a valid request this build or platform cannot serve
    interrupted,  // SIGINT / SIGTERM
    internal,     // a bug in whorl
};

struct Error {
    Errc code = Errc::internal;
    std::string message;
    std::string where;  // "file:line", "file: offset N", an interface name; may be empty

    // "where: message", or just the message.
    std::string describe() const;
};

template <class T = void>
using Result = expected<T, Error>;

inline unexpected<Error> fail(Errc code, std::string message, std::string where = {}) {
    return unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

// The same error seen from one level up: "outer: where: message" keeps the inner location.
Error wrap(Error inner, std::string_view outer);

// The conventional process exit status for an error code (0 is never returned).
int exit_status(Errc code);

// strerror(errno) as a std::string, for messages about failed system calls.
std::string errno_text(int err);

}  // namespace whorl
