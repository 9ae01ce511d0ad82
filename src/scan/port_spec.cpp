// -p parsing in Nmap's syntax.
#include "scan/port_spec.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/text.hpp"

namespace whorl::scan {
namespace {

struct Targets {
    bool tcp = true, udp = true, sctp = true;
};

void add(PortList& out, const Targets& t, std::uint16_t port) {
    if (t.tcp) out.tcp.push_back(port);
    if (t.udp) out.udp.push_back(port);
    if (t.sctp) out.sctp.push_back(port);
}

void normalise(std::vector<std::uint16_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

Result<std::uint16_t> port_number(std::string_view text, std::string_view spec) {
    auto v = parse_uint(text);
    if (!v) return fail(Errc::usage, fmt::format("bad port specification '{}': '{}' is not a port number", spec, text));
    if (*v > 65535) return fail(Errc::usage, fmt::format("bad port specification '{}': ports must be between 0 and 65535 inclusive", spec));
    return static_cast<std::uint16_t>(*v);
}

bool is_name(std::string_view item) {
    return !item.empty() && (std::isalpha(static_cast<unsigned char>(item[0])) || item[0] == '*' || item[0] == '?');
}

Result<void> add_item(PortList& out, Targets t, std::string_view item, std::string_view spec,
                      const ServicesDb& services) {
    bool registered_only = item.size() >= 2 && item.front() == '[' && item.back() == ']';
    if (registered_only) item = item.substr(1, item.size() - 2);
    if (item.empty()) return fail(Errc::usage, fmt::format("bad port specification '{}': empty item", spec));
    if (is_name(item)) {
        std::size_t before = out.tcp.size() + out.udp.size() + out.sctp.size();
        if (t.tcp) for (auto p : services.ports_named(item, Protocol::tcp)) out.tcp.push_back(p);
        if (t.udp) for (auto p : services.ports_named(item, Protocol::udp)) out.udp.push_back(p);
        if (t.sctp) for (auto p : services.ports_named(item, Protocol::sctp)) out.sctp.push_back(p);
        if (out.tcp.size() + out.udp.size() + out.sctp.size() == before)
            return fail(Errc::usage, fmt::format("bad port specification '{}': no service named '{}'", spec, item));
        return {};
    }
    std::uint32_t low = 1, high = 65535;
    auto dash = item.find('-');
    if (dash == std::string_view::npos) {
        auto p = port_number(item, spec);
        if (!p) return unexpected(p.error());
        low = high = *p;
    } else {
        if (dash > 0) {
            auto p = port_number(item.substr(0, dash), spec);
            if (!p) return unexpected(p.error());
            low = *p;
        }
        if (dash + 1 < item.size()) {
            auto p = port_number(item.substr(dash + 1), spec);
            if (!p) return unexpected(p.error());
            high = *p;
        }
        if (low > high)
            return fail(Errc::usage, fmt::format("bad port specification '{}': your port range {}-{} is backwards. Did you mean {}-{}?",
                                                 spec, low, high, high, low));
    }
    for (std::uint32_t p = low; p <= high; ++p) {
        auto port = static_cast<std::uint16_t>(p);
        if (!registered_only) {
            add(out, t, port);
            continue;
        }
        Targets r{t.tcp && services.is_listed(port, Protocol::tcp), t.udp && services.is_listed(port, Protocol::udp),
                  t.sctp && services.is_listed(port, Protocol::sctp)};
        add(out, r, port);
    }
    return {};
}

}  // namespace

Result<PortList> parse_port_spec(std::string_view spec, const ServicesDb& services) {
    PortList out;
    Targets t;
    std::string_view rest = trim(spec);
    if (rest.empty()) return fail(Errc::usage, "empty port specification");
    for (auto raw : split(rest, ',')) {
        auto item = trim(raw);
        if (item.size() >= 2 && item[1] == ':') {
            char c = static_cast<char>(std::toupper(static_cast<unsigned char>(item[0])));
            if (c != 'T' && c != 'U' && c != 'S')
                return fail(Errc::usage, fmt::format("bad port specification '{}': unknown protocol prefix '{}:'", spec, item[0]));
            t = Targets{c == 'T', c == 'U', c == 'S'};
            item = item.substr(2);
        }
        if (auto r = add_item(out, t, item, spec, services); !r) return unexpected(r.error());
    }
    normalise(out.tcp);
    normalise(out.udp);
    normalise(out.sctp);
    return out;
}

PortList top_ports(const ServicesDb& services, std::size_t n, bool tcp, bool udp) {
    PortList out;
    if (tcp) out.tcp = services.top_ports(Protocol::tcp, n);
    if (udp) out.udp = services.top_ports(Protocol::udp, n);
    normalise(out.tcp);
    normalise(out.udp);
    return out;
}

std::string compress_ports(const std::vector<std::uint16_t>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += j == i ? fmt::format("{}", v[i]) : fmt::format("{}-{}", v[i], v[j]);
        i = j + 1;
    }
    return out;
}

}  // namespace whorl::scan
