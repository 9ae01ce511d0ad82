// nmap-services: service names by port and protocol, and each port's open frequency, which
// decides Nmap's default port selection (the top 1000 TCP ports; -F is the top 100).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"

namespace whorl::scan {

enum class Protocol : std::uint8_t { tcp, udp, sctp };
std::string_view protocol_name(Protocol p);

struct ServiceEntry {
    std::string name;
    std::uint16_t port = 0;
    Protocol protocol = Protocol::tcp;
    double frequency = 0;
    std::uint32_t line = 0;
};

class ServicesDb {
public:
    // Parses the file's text; `path` names it in errors ("path:line: ...").
    static Result<ServicesDb> parse(std::string_view text, const std::string& path);
    // Finds nmap-services as Nmap does (--datadir, $NMAPDIR, installed paths) and parses it.
    static Result<ServicesDb> load(std::string_view datadir_option = {});

    // The service name for a port ("http"), or "unknown" as Nmap prints it.
    std::string_view name(std::uint16_t port, Protocol protocol) const;

    // Whether the file lists the port at all (some entries are named "unknown").
    bool is_listed(std::uint16_t port, Protocol protocol) const;

    // The n most frequently open ports of a protocol, most frequent first; ties keep the
    // file's order (this is the order Nmap 7.93 uses).
    std::vector<std::uint16_t> top_ports(Protocol protocol, std::size_t n) const;

    // Ports whose service name matches a shell-style pattern ("http*", "ms-sql-?").
    std::vector<std::uint16_t> ports_named(std::string_view pattern, Protocol protocol) const;

    const std::vector<ServiceEntry>& entries() const { return entries_; }

private:
    std::vector<ServiceEntry> entries_;
    std::unordered_map<std::uint32_t, std::size_t> by_port_;  // (protocol << 16 | port) -> entry
};

// Shell-style wildcard match with '*' and '?', case-insensitive as Nmap does for -p names.
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace whorl::scan
