// Lab: throwaway target hosts for integration tests, benchmarks and the demo. Each lab is
// a scanner namespace (bridge br0: 198.51.100.1/24, 2001:db8::1/64, no default route) and
// N host namespaces (eth0: 198.51.100.(2+i), 2001:db8::(2+i)) joined to the bridge by veth
// pairs. Hosts get a persona, TCP listeners, filtered ports (nftables drop) and random
// loss (nftables numgen). Everything is removed by the destructor, by the interrupt
// handler, or by the next lab's stale sweep. Packets never leave the lab: the namespaces
// have no other links and no default route.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"
#include "lab/netns.hpp"
#include "lab/persona.hpp"
#include "lab/process.hpp"

namespace whorl::lab {

struct HostSpec {
    Persona persona = *find_persona("linux");
    std::vector<std::uint16_t> open_tcp;      // listening sockets (IPv4 and IPv6)
    std::vector<std::uint16_t> open_udp;      // bound UDP sockets
    std::vector<std::uint16_t> filtered_tcp;  // incoming TCP to these ports dropped
    bool filter_all_tcp = false;              // every incoming TCP segment dropped
    double loss_percent = 0;                  // each packet in or out dropped with this chance
};

struct LabSpec {
    std::vector<HostSpec> hosts{HostSpec{}};
};

class Lab {
public:
    static Result<std::unique_ptr<Lab>> create(const LabSpec& spec);
    ~Lab();
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    const std::string& scanner_namespace() const { return scanner_ns_; }
    static std::string scanner_interface() { return "br0"; }
    static IpAddress scanner_v4();
    static IpAddress scanner_v6();

    std::size_t host_count() const { return hosts_.size(); }
    const std::string& host_namespace(std::size_t i) const { return hosts_.at(i).ns; }
    static IpAddress host_v4(std::size_t i);
    static IpAddress host_v6(std::size_t i);
    static std::string host_mac(std::size_t i);  // fixed, locally administered: 02:57:4c:00:00:XX

    // Runs a command inside the scanner namespace (via `ip netns exec`).
    Result<CommandResult> run_in_scanner(const std::vector<std::string>& argv,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(120)) const;
    Result<CommandResult> run_in_host(std::size_t i, const std::vector<std::string>& argv,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;
    // Starts a background command (a server, a capture) that lives until the lab goes.
    Result<void> spawn_in_scanner(const std::vector<std::string>& argv);
    Result<void> spawn_in_host(std::size_t i, const std::vector<std::string>& argv);

    // Moves the calling thread into the scanner namespace until the guard goes away.
    Result<NetnsGuard> enter_scanner() const { return NetnsGuard::enter(scanner_ns_); }

    Result<void> set_sysctl(std::size_t i, const std::string& key, const std::string& value);
    Result<void> open_tcp_port(std::size_t i, std::uint16_t port);
    Result<void> close_tcp_port(std::size_t i, std::uint16_t port);

private:
    struct Host {
        std::string ns;
        HostSpec spec;
        std::vector<std::pair<std::uint16_t, int>> tcp_listeners;  // port, fd
        std::vector<int> udp_sockets;
    };

    Lab() = default;
    Result<void> add_namespace(const std::string& name);
    Result<void> build_scanner();
    Result<void> build_host(std::size_t i);
    Result<void> apply_firewall(std::size_t i);

    std::string base_;
    std::string scanner_ns_;
    std::vector<std::string> namespaces_;
    std::vector<Host> hosts_;
    std::vector<BackgroundProcess> background_;
};

}  // namespace whorl::lab
