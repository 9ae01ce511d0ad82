// p0f 3.09b's observation fields and log-line layout (p0f.c start_observation /
// add_observation_field, fp_tcp.c, fp_mtu.c, fp_http.c OBSERVF calls).
#include "fp/p0f/p0f_log_format.hpp"

#include <fmt/format.h>

#include "fp/p0f/p0f_database.hpp"

namespace whorl::fp::passive {

std::vector<P0fField> tcp_fields(const P0fDatabase& db, const TcpSignatureInput& in,
                                 const TcpMatch& m, bool sendsyn) {
    std::vector<P0fField> f;
    if (m.record)
        f.push_back({(m.record->app || sendsyn) ? "app" : "os", db.label_text(m.record->label)});
    else
        f.push_back({"os", std::nullopt});
    f.push_back({"dist", m.bad_ttl() ? fmt::format("<= {}", m.dist) : fmt::format("{}", m.dist)});
    f.push_back({"params", format_tcp_params(in, m)});
    f.push_back({"raw_sig", format_tcp_raw_sig(in)});
    return f;
}

std::vector<P0fField> mtu_fields(const MtuResult& r) {
    std::vector<P0fField> f;
    f.push_back({"link", r.entry ? std::optional<std::string>(r.entry->link) : std::nullopt});
    f.push_back({"raw_mtu", std::to_string(r.mtu)});
    return f;
}

std::string format_uptime(std::uint32_t up_min, std::uint32_t up_mod_days) {
    return fmt::format("{} days {} hrs {} min (modulo {} days)", up_min / 60 / 24,
                       (up_min / 60) % 24, up_min % 60, up_mod_days);
}

std::string format_raw_freq(double hz) { return fmt::format("{:.2f} Hz", hz); }

std::vector<P0fField> uptime_fields(const UptimeEstimate& e) {
    return {{"uptime", format_uptime(e.up_min, e.up_mod_days)}, {"raw_freq", format_raw_freq(e.raw_freq)}};
}

std::vector<P0fField> http_fields(const P0fDatabase& db, const HttpObservation& obs,
                                  const HttpMatch& m, Direction dir) {
    std::vector<P0fField> f;
    if (m.record)
        f.push_back({m.record->app ? "app" : "os", db.label_text(m.record->label)});
    else
        f.push_back({"app", std::nullopt});
    auto lang = http_lang_field(obs);
    f.push_back({"lang", lang ? std::optional<std::string>(*lang) : std::nullopt});
    f.push_back({"params", format_http_params(obs, m)});
    f.push_back({"raw_sig", format_http_raw_sig(obs, db.headers(), dir)});
    return f;
}

std::vector<P0fField> nat_fields(const NatEvent& e) {
    std::string reasons = format_nat_reasons(e.reasons);
    return {{"reason", reasons.empty() ? std::nullopt : std::optional<std::string>(reasons)},
            {"raw_hits", fmt::format("{},{},{},{}", e.raw_hits[0], e.raw_hits[1], e.raw_hits[2],
                                     e.raw_hits[3])}};
}

std::string_view nat_event_name(NatEventKind k) {
    return k == NatEventKind::ip_sharing ? "ip sharing" : "host change";
}

std::string format_p0f_address(std::span<const std::uint8_t> a) {
    if (a.size() == 4) return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
    if (a.size() != 16) return "?";
    std::string out;
    for (std::size_t i = 0; i < 16; i += 2) {
        if (i) out += ':';
        fmt::format_to(std::back_inserter(out), "{:x}", (a[i] << 8) | a[i + 1]);
    }
    return out;
}

std::string format_log_time(const std::tm& t) {
    return fmt::format("{:04}/{:02}/{:02} {:02}:{:02}:{:02}", t.tm_year + 1900, t.tm_mon + 1,
                       t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string format_log_line(std::string_view time, std::string_view mod, std::string_view cli,
                            std::string_view srv, bool subject_is_client,
                            const std::vector<P0fField>& fields) {
    std::string out = fmt::format("[{}] mod={}|cli={}|srv={}|subj={}", time, mod, cli, srv,
                                  subject_is_client ? "cli" : "srv");
    for (const auto& f : fields) {
        out += '|';
        out += f.key;
        out += '=';
        out += f.value ? *f.value : "???";
    }
    return out;
}

}  // namespace whorl::fp::passive
