// Building and tearing down a lab with iproute2 and nftables.
#include "lab/lab.hpp"

#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>

#include <fmt/format.h>

#include "lab/cleanup.hpp"

namespace whorl::lab {
namespace {

std::atomic<int> g_lab_sequence{0};

Result<void> ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"ip"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_checked(argv);
    if (!r) return unexpected(r.error());
    return {};
}

Result<void> sysctls(const std::string& ns, const std::vector<std::pair<std::string, std::string>>& kv) {
    if (kv.empty()) return {};
    std::vector<std::string> argv{"ip", "netns", "exec", ns, "sysctl", "-q", "-w"};
    for (const auto& [k, v] : kv) argv.push_back(k + "=" + v);
    auto r = run_checked(argv);
    if (!r) return unexpected(r.error());
    return {};
}

Result<int> open_socket_in(const std::string& ns, int type, std::uint16_t port) {
    auto guard = NetnsGuard::enter(ns);
    if (!guard) return unexpected(guard.error());
    int fd = ::socket(AF_INET6, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(Errc::io, fmt::format("socket: {}", errno_text(errno)), ns);
    int off = 0, on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    addr.sin6_addr = in6addr_any;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        (type == SOCK_STREAM && ::listen(fd, 1024) != 0)) {
        int err = errno;
        ::close(fd);
        return fail(Errc::io, fmt::format("cannot listen on port {}: {}", port, errno_text(err)), ns);
    }
    return fd;
}

}  // namespace

IpAddress Lab::scanner_v4() { return *IpAddress::parse("198.51.100.1"); }
IpAddress Lab::scanner_v6() { return *IpAddress::parse("2001:db8::1"); }
IpAddress Lab::host_v4(std::size_t i) { return IpAddress::v4(0xC6336400u + 2 + static_cast<std::uint32_t>(i)); }
IpAddress Lab::host_v6(std::size_t i) { return *IpAddress::parse(fmt::format("2001:db8::{:x}", i + 2)); }
std::string Lab::host_mac(std::size_t i) { return fmt::format("02:57:4c:00:00:{:02x}", (i + 2) & 0xff); }

Result<std::unique_ptr<Lab>> Lab::create(const LabSpec& spec) {
    if (spec.hosts.empty() || spec.hosts.size() > 250)
        return fail(Errc::usage, fmt::format("a lab has 1 to 250 hosts, not {}", spec.hosts.size()));
    install_interrupt_cleanup();
    sweep_stale_namespaces();
    std::unique_ptr<Lab> lab(new Lab());
    lab->base_ = fmt::format("{}{}", namespace_prefix(), g_lab_sequence++);
    lab->scanner_ns_ = lab->base_ + "s";
    for (std::size_t i = 0; i < spec.hosts.size(); ++i)
        lab->hosts_.push_back(Host{fmt::format("{}h{}", lab->base_, i), spec.hosts[i], {}, {}});
    if (auto r = lab->build_scanner(); !r) return unexpected(r.error());
    for (std::size_t i = 0; i < lab->hosts_.size(); ++i)
        if (auto r = lab->build_host(i); !r) return unexpected(r.error());
    return lab;
}

Result<void> Lab::add_namespace(const std::string& name) {
    register_namespace(name);  // before creation, so an interrupt in between still cleans up
    if (auto r = ip({"netns", "add", name}); !r) {
        unregister_namespace(name);
        return r;
    }
    namespaces_.push_back(name);
    if (auto r = ip({"-n", name, "link", "set", "lo", "up"}); !r) return r;
    // No duplicate address detection: IPv6 addresses are usable at once.
    return sysctls(name, {{"net.ipv6.conf.all.accept_dad", "0"}, {"net.ipv6.conf.default.accept_dad", "0"}});
}

Result<void> Lab::build_scanner() {
    const std::string& s = scanner_ns_;
    if (auto r = add_namespace(s); !r) return r;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-n", s, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0"},
             {"-n", s, "addr", "add", "198.51.100.1/24", "dev", "br0"},
             {"-n", s, "addr", "add", "2001:db8::1/64", "dev", "br0", "nodad"},
             {"-n", s, "link", "set", "br0", "up"}})
        if (auto r = ip(args); !r) return r;
    return {};
}

Result<void> Lab::build_host(std::size_t i) {
    Host& h = hosts_[i];
    if (auto r = add_namespace(h.ns); !r) return r;
    std::string port = fmt::format("p{}", i);
    std::string mtu = std::to_string(h.spec.persona.mtu);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-n", scanner_ns_, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", h.ns},
             {"-n", scanner_ns_, "link", "set", port, "master", "br0", "up"},
             {"-n", h.ns, "link", "set", "eth0", "address", host_mac(i), "mtu", mtu},
             {"-n", h.ns, "addr", "add", host_v4(i).to_string() + "/24", "dev", "eth0"},
             {"-n", h.ns, "addr", "add", host_v6(i).to_string() + "/64", "dev", "eth0", "nodad"},
             {"-n", h.ns, "link", "set", "eth0", "up"}})
        if (auto r = ip(args); !r) return r;
    // Checksums computed by the stack, not left to (virtual) offload: captures on the lab
    // links then carry valid checksums, as on a real wire.
    for (const auto& [ns, dev] : {std::pair{h.ns, std::string("eth0")}, std::pair{scanner_ns_, port}})
        if (auto r = run_checked({"ip", "netns", "exec", ns, "ethtool", "-K", dev, "tx", "off"}); !r) return unexpected(r.error());
    if (auto r = sysctls(h.ns, h.spec.persona.sysctls); !r) return r;
    if (auto r = apply_firewall(i); !r) return r;
    for (auto p : h.spec.open_tcp)
        if (auto r = open_tcp_port(i, p); !r) return r;
    for (auto p : h.spec.open_udp) {
        auto fd = open_socket_in(h.ns, SOCK_DGRAM, p);
        if (!fd) return unexpected(fd.error());
        h.udp_sockets.push_back(*fd);
    }
    return {};
}

Result<void> Lab::apply_firewall(std::size_t i) {
    const HostSpec& spec = hosts_[i].spec;
    std::string input_rules, output_rules;
    if (!spec.filtered_tcp.empty()) {
        std::string ports;
        for (auto p : spec.filtered_tcp) ports += (ports.empty() ? "" : ", ") + std::to_string(p);
        input_rules += fmt::format("    tcp dport {{ {} }} drop\n", ports);
    }
    if (spec.filter_all_tcp) input_rules += "    meta l4proto tcp drop\n";
    if (spec.loss_percent > 0) {
        auto per_mille = static_cast<int>(std::lround(spec.loss_percent * 10));
        std::string rule = fmt::format("    numgen random mod 1000 < {} drop\n", per_mille);
        input_rules += rule;
        output_rules += rule;
    }
    if (input_rules.empty() && output_rules.empty()) return {};
    std::string ruleset = fmt::format(
        "table inet whorl_lab {{\n"
        "  chain input {{\n    type filter hook input priority 0; policy accept;\n{}  }}\n"
        "  chain output {{\n    type filter hook output priority 0; policy accept;\n{}  }}\n"
        "}}\n",
        input_rules, output_rules);
    auto r = run_command({"ip", "netns", "exec", hosts_[i].ns, "nft", "-f", "-"}, std::chrono::seconds(30), ruleset);
    if (!r) return unexpected(r.error());
    if (r->exit_status != 0) return fail(Errc::io, fmt::format("nft failed: {}", r->err), hosts_[i].ns);
    return {};
}

Result<void> Lab::open_tcp_port(std::size_t i, std::uint16_t port) {
    auto fd = open_socket_in(hosts_.at(i).ns, SOCK_STREAM, port);
    if (!fd) return unexpected(fd.error());
    hosts_[i].tcp_listeners.emplace_back(port, *fd);
    return {};
}

Result<void> Lab::close_tcp_port(std::size_t i, std::uint16_t port) {
    auto& l = hosts_.at(i).tcp_listeners;
    for (auto it = l.begin(); it != l.end(); ++it)
        if (it->first == port) {
            ::close(it->second);
            l.erase(it);
            return {};
        }
    return fail(Errc::not_found, fmt::format("port {} is not open", port), hosts_[i].ns);
}

Result<void> Lab::set_sysctl(std::size_t i, const std::string& key, const std::string& value) {
    return sysctls(hosts_.at(i).ns, {{key, value}});
}

Result<CommandResult> Lab::run_in_scanner(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) const {
    std::vector<std::string> full{"ip", "netns", "exec", scanner_ns_};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_command(full, timeout);
}

Result<CommandResult> Lab::run_in_host(std::size_t i, const std::vector<std::string>& argv,
                                       std::chrono::milliseconds timeout) const {
    std::vector<std::string> full{"ip", "netns", "exec", hosts_.at(i).ns};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_command(full, timeout);
}

Result<void> Lab::spawn_in_scanner(const std::vector<std::string>& argv) {
    std::vector<std::string> full{"ip", "netns", "exec", scanner_ns_};
    full.insert(full.end(), argv.begin(), argv.end());
    auto p = BackgroundProcess::start(full);
    if (!p) return unexpected(p.error());
    background_.push_back(std::move(*p));
    return {};
}

Result<void> Lab::spawn_in_host(std::size_t i, const std::vector<std::string>& argv) {
    std::vector<std::string> full{"ip", "netns", "exec", hosts_.at(i).ns};
    full.insert(full.end(), argv.begin(), argv.end());
    auto p = BackgroundProcess::start(full);
    if (!p) return unexpected(p.error());
    background_.push_back(std::move(*p));
    return {};
}

Lab::~Lab() {
    background_.clear();  // stops every background process
    for (auto& h : hosts_) {
        for (auto& [port, fd] : h.tcp_listeners) ::close(fd);
        for (int fd : h.udp_sockets) ::close(fd);
    }
    for (const auto& ns : namespaces_) {
        kill_processes_in_namespace(ns);  // nothing of the lab outlives it
        std::string path = "/run/netns/" + ns;
        ::umount2(path.c_str(), MNT_DETACH);
        ::unlink(path.c_str());
        unregister_namespace(ns);
    }
}

}  // namespace whorl::lab
