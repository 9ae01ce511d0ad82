// Reading Nmap's XML back into a ScanReport (test support).
#include "nmap_scan_xml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "base/text.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"

namespace whorl::report::test {
namespace {

struct Tag {
    std::string name;
    std::map<std::string, std::string> attrs;
    bool closing = false;

    const std::string& at(const std::string& key) const {
        static const std::string kEmpty;
        auto it = attrs.find(key);
        return it == attrs.end() ? kEmpty : it->second;
    }
    bool has(const std::string& key) const { return attrs.count(key) != 0; }
    long long num(const std::string& key) const { return std::stoll(at(key)); }
};

std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        auto end = s.find(';', i);
        std::string_view entity = s.substr(i + 1, end - i - 1);
        if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "amp") out += '&';
        else if (entity.starts_with("#x")) out += static_cast<char>(*parse_uint(entity.substr(2), 16));
        else if (entity.starts_with("#")) out += static_cast<char>(*parse_uint(entity.substr(1), 10));
        i = end;
    }
    return out;
}

// Every element tag of the document in order (declarations and comments skipped).
std::vector<Tag> tags(std::string_view xml) {
    std::vector<Tag> out;
    for (std::size_t p = xml.find('<'); p != std::string_view::npos; p = xml.find('<', p + 1)) {
        if (xml[p + 1] == '?' || xml[p + 1] == '!') continue;
        std::string_view body = xml.substr(p + 1, xml.find('>', p) - p - 1);
        Tag t;
        if (body.starts_with('/')) {
            t.closing = true;
            body.remove_prefix(1);
        }
        auto name_end = body.find_first_of(" /");
        t.name = std::string(body.substr(0, name_end));
        for (auto q = body.find('='); q != std::string_view::npos; q = body.find('=', q + 1)) {
            auto key_start = body.rfind(' ', q) + 1;
            auto value_end = body.find('"', q + 2);
            t.attrs[std::string(body.substr(key_start, q - key_start))] = unescape(body.substr(q + 2, value_end - q - 2));
            q = value_end;
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<std::uint16_t> expand_ports(std::string_view list) {
    std::vector<std::uint16_t> out;
    if (list.empty()) return out;
    for (auto item : split(list, ',')) {
        auto dash = item.find('-');
        auto lo = *parse_uint(item.substr(0, dash));
        auto hi = dash == std::string_view::npos ? lo : *parse_uint(item.substr(dash + 1));
        for (auto p = lo; p <= hi; ++p) out.push_back(static_cast<std::uint16_t>(p));
    }
    return out;
}

template <typename Enum, typename NameOf>
Enum enum_named(std::string_view name, int count, NameOf name_of) {
    for (int i = 0; i < count; ++i)
        if (name_of(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
    ADD_FAILURE() << "unknown name in nmap's XML: " << name;
    return static_cast<Enum>(0);
}

scan::Reason reason_named(std::string_view n) { return enum_named<scan::Reason>(n, 14, scan::reason_name); }
scan::PortState state_named(std::string_view n) { return enum_named<scan::PortState>(n, 6, scan::port_state_name); }
scan::Protocol protocol_named(std::string_view n) { return enum_named<scan::Protocol>(n, 3, scan::protocol_name); }

template <typename T>
std::vector<T> hex_values(std::string_view list) {
    std::vector<T> out;
    if (list.empty()) return out;
    for (auto v : split(list, ',')) out.push_back(static_cast<T>(*parse_uint(v, 16)));
    return out;
}

OutputOptions options_from_args(std::string_view args) {
    OutputOptions o;
    for (std::string_view a : split(args, ' ')) {
        if (a.size() > 1 && a[0] == '-' && a.find_first_not_of('v', 1) == std::string_view::npos)
            o.verbose += static_cast<int>(a.size() - 1);
        if (a == "-d") o.debugging += 1;
        if (a == "--reason") o.reason = true;
        if (a == "--open") o.open_only = o.defeat_rst_ratelimit = true;
        if (a == "--osscan-guess") o.os.osscan_guess = true;
    }
    o.os.verbose = o.verbose;
    o.os.debug = o.debugging;
    return o;
}

struct HostOsXml {
    std::optional<std::string> fingerprint;
    std::vector<std::pair<int, int>> matches;  // DB line, accuracy percent
};

fp::match::MatchResult match_result(const fp::db::OsDb& db, const HostOsXml& x, const fp::Fingerprint* fp) {
    if (fp) return fp::match::OsMatcher(db).match(*fp);
    fp::match::MatchResult r;
    r.outcome = x.matches.empty() ? fp::match::MatchOutcome::too_many_matches : fp::match::MatchOutcome::success;
    for (auto [line, accuracy] : x.matches) {
        auto prints = db.prints();
        auto it = std::find_if(prints.begin(), prints.end(), [line = line](const auto& p) { return p.line == line; });
        if (it == prints.end()) {
            ADD_FAILURE() << "no nmap-os-db print at line " << line;
            continue;
        }
        r.matches.push_back({static_cast<std::uint32_t>(it - prints.begin()), accuracy / 100.0, 0, 0});
        if (accuracy == 100) ++r.perfect;
    }
    return r;
}

void finish_os(OsReport& os, const HostOsXml& x, const OutputOptions& o) {
    const fp::db::OsDb& db = *os.db;
    fp::match::OsScanConditions conditions;
    const fp::Fingerprint* fp = nullptr;
    if (x.fingerprint) {
        auto parsed = fp::Fingerprint::parse(*x.fingerprint);
        if (!parsed || !parsed->scan) {
            ADD_FAILURE() << "nmap's fingerprint does not parse";
        } else {
            os.fingerprint = *parsed;
            fp = &os.fingerprint;
            conditions = fp::match::conditions_from_scan_line(*parsed->scan);
        }
    }
    if (!fp) {
        auto has = [&os](scan::PortState st) {
            return std::any_of(os.ports_used.begin(), os.ports_used.end(), [st](const OsPortUsed& u) {
                return u.protocol == scan::Protocol::tcp && u.state == st;
            });
        };
        conditions.unreliable = !has(scan::PortState::open) || !has(scan::PortState::closed);
    }
    os.result = match_result(db, x, fp);
    os.plan = fp::match::plan_os_output(db, os.result, fp::match::classify(db, os.result), o.os, conditions);
    os.seq_text.tcp_sequence_index = os.tcp_sequence_index;
    if (!os.ip_id_class.empty()) os.seq_text.ip_id_class = os.ip_id_class;
    if (os.uptime_seconds && !os.lastboot.empty())
        os.seq_text.uptime = SeqExtras::Uptime{static_cast<double>(*os.uptime_seconds), os.lastboot};
}

class Reader {
public:
    Reader(const fp::db::OsDb& db, const scan::ServicesDb& services) : db_(db), services_(services) {}

    NmapScan read(const std::string& xml) {
        for (const Tag& t : tags(xml)) t.closing ? end(t) : start(t);
        for (auto& h : scan_.report.hosts)
            std::sort(h.ports.begin(), h.ports.end(), [](const PortEntry& a, const PortEntry& b) {
                return std::pair(a.protocol, a.port) < std::pair(b.protocol, b.port);
            });
        return std::move(scan_);
    }

private:
    void start(const Tag& t) {
        ScanReport& r = scan_.report;
        if (t.name == "nmaprun") {
            r.args = t.at("args");
            r.start_time = t.num("start");
            scan_.options = options_from_args(r.args);
            r.os_detection = r.args.find(" -O") != std::string::npos;
        } else if (t.name == "scaninfo") {
            r.scaninfo.push_back({t.at("type"), protocol_named(t.at("protocol")), expand_ports(t.at("services"))});
        } else if (t.name == "verbose") {
            r.verbose = static_cast<int>(t.num("level"));
        } else if (t.name == "debugging") {
            r.debugging = static_cast<int>(t.num("level"));
        } else if (t.name == "finished") {
            r.end_time = t.num("time");
            r.elapsed_seconds = std::stod(t.at("elapsed"));
        } else if (t.name == "host") {
            host_ = &r.hosts.emplace_back();
            if (t.has("starttime")) host_->start_time = t.num("starttime"), host_->end_time = t.num("endtime");
        } else if (host_) {
            host_element(t);
        }
    }

    void end(const Tag& t) {
        if (t.name == "host") {
            if (host_ && host_->os) finish_os(*host_->os, os_xml_, scan_.options);
            host_ = nullptr;
            os_xml_ = {};
        }
    }

    void add_port(scan::PortState state, std::uint16_t port, scan::Protocol proto, scan::Reason reason) {
        PortEntry& p = host_->ports.emplace_back();
        p.port = port;
        p.protocol = proto;
        p.state = state;
        p.reason = reason;
        p.service = std::string(services_.name(port, proto));
        p.service_listed = services_.is_listed(port, proto);
    }

    void host_element(const Tag& t) {
        HostReport& h = *host_;
        if (t.name == "status") {
            h.up = t.at("state") == "up";
            h.status_reason = reason_named(t.at("reason"));
            h.status_reason_ttl = static_cast<std::uint8_t>(t.num("reason_ttl"));
        } else if (t.name == "address" && t.at("addrtype") == "mac") {
            std::array<std::uint8_t, 6> mac{};
            auto bytes = split(t.at("addr"), ':');
            for (std::size_t i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(*parse_uint(bytes[i], 16));
            h.mac = mac;
            h.mac_vendor = t.at("vendor");
        } else if (t.name == "address") {
            h.address = *IpAddress::parse(t.at("addr"));
        } else if (t.name == "hostname") {
            (t.at("type") == "user" ? h.user_hostname : h.rdns) = t.at("name");
        } else if (t.name == "extraports") {
            extra_state_ = state_named(t.at("state"));
        } else if (t.name == "extrareasons") {
            for (auto port : expand_ports(t.at("ports")))
                add_port(extra_state_, port, protocol_named(t.at("proto")), reason_named(t.at("reason")));
        } else if (t.name == "port") {
            add_port(scan::PortState::open, static_cast<std::uint16_t>(t.num("portid")), protocol_named(t.at("protocol")),
                     scan::Reason::syn_ack);
        } else if (t.name == "state") {
            PortEntry& p = h.ports.back();
            p.state = state_named(t.at("state"));
            p.reason = reason_named(t.at("reason"));
            p.reason_ttl = static_cast<std::uint8_t>(t.num("reason_ttl"));
            if (t.has("reason_ip")) p.reason_addr = IpAddress::parse(t.at("reason_ip"));
        } else if (t.name == "service") {
            h.ports.back().service = t.at("name");
        } else if (t.name == "times") {
            h.srtt_us = t.num("srtt");
            h.rttvar_us = t.num("rttvar");
            h.timeout_us = t.num("to");
            if (h.srtt_us != -1) h.latency_seconds = static_cast<double>(h.srtt_us) / 1e6;
        } else {
            os_element(t);
        }
    }

    void os_element(const Tag& t) {
        HostReport& h = *host_;
        if (t.name == "os") {
            h.os = std::make_shared<OsReport>();
            h.os->db = &db_;
        }
        if (!h.os) return;
        OsReport& os = *h.os;
        if (t.name == "portused") {
            os.ports_used.push_back({state_named(t.at("state")), protocol_named(t.at("proto")),
                                     static_cast<std::uint16_t>(t.num("portid"))});
        } else if (t.name == "osmatch") {
            os_xml_.matches.emplace_back(static_cast<int>(t.num("line")), static_cast<int>(t.num("accuracy")));
        } else if (t.name == "osfingerprint") {
            os_xml_.fingerprint = t.at("fingerprint");
        } else if (t.name == "uptime") {
            os.uptime_seconds = t.num("seconds");
            os.lastboot = t.at("lastboot");
        } else if (t.name == "distance") {
            os.distance = static_cast<int>(t.num("value"));
        } else if (t.name == "tcpsequence") {
            os.tcp_sequence_index = static_cast<int>(t.num("index"));
            os.tcp_sequence_difficulty = t.at("difficulty");
            os.isns = hex_values<std::uint32_t>(t.at("values"));
        } else if (t.name == "ipidsequence") {
            os.ip_id_class = t.at("class");
            os.ip_ids = hex_values<std::uint16_t>(t.at("values"));
        } else if (t.name == "tcptssequence") {
            os.ts_class = t.at("class");
            os.tsvals = hex_values<std::uint32_t>(t.at("values"));
        }
    }

    const fp::db::OsDb& db_;
    const scan::ServicesDb& services_;
    NmapScan scan_;
    HostReport* host_ = nullptr;
    scan::PortState extra_state_ = scan::PortState::closed;
    HostOsXml os_xml_;
};

}  // namespace

NmapScan scan_from_nmap_xml(const std::string& xml, const fp::db::OsDb& db, const scan::ServicesDb& services) {
    return Reader(db, services).read(xml);
}

std::optional<PacketCounts> packet_counts_from_stdout(const std::string& text) {
    constexpr std::string_view kKey = "Raw packets sent: ";
    auto at = text.find(kKey);
    if (at == std::string::npos) return std::nullopt;
    auto bytes = [](std::string_view s) -> std::uint64_t {  // "45.806KB", "812B", "1.234MB"
        double scale = s.ends_with("MB") ? 1e6 : s.ends_with("KB") ? 1e3 : 1;
        return static_cast<std::uint64_t>(std::stod(std::string(s)) * scale + 0.5);
    };
    // "1023 (45.806KB) | Rcvd: 1015 (41.282KB)"
    std::string_view rest = std::string_view(text).substr(at + kKey.size());
    rest = rest.substr(0, rest.find('\n'));
    auto words = split(rest, ' ');
    if (words.size() < 6) return std::nullopt;
    auto inside = [](std::string_view w) { return w.substr(1, w.size() - 2); };
    PacketCounts c;
    c.sent = *parse_uint(words[0]);
    c.sent_bytes = bytes(inside(words[1]));
    c.received = *parse_uint(words[4]);
    c.received_bytes = bytes(inside(words[5]));
    return c;
}

}  // namespace whorl::report::test
