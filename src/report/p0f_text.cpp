// p0f 3.09b's log lines and console blocks (p0f.c start_observation /
// add_observation_field, and the OBSERVF calls of fp_tcp.c, fp_mtu.c, fp_http.c and
// process.c add_nat_score); see p0f_text.hpp.
#include "report/p0f_text.hpp"

#include <ctime>
#include <iterator>

#include <fmt/format.h>

namespace whorl::report {

namespace fpp = fp::passive;

void append_p0f_address(std::string& out, const IpAddress& addr) {
    const auto b = addr.bytes();
    auto byte = [&b](std::size_t i) { return std::to_integer<unsigned>(b[i]); };
    if (b.size() == 4) {
        for (std::size_t i = 0; i < 4; ++i) {
            if (i) out += '.';
            fpp::append_uint(out, byte(i));
        }
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 16; i += 2) {
        if (i) out += ':';
        const unsigned v = byte(i) << 8 | byte(i + 1);
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const unsigned d = (v >> shift) & 15;
            if (d == 0 && !started && shift != 0) continue;
            started = true;
            out += kHex[d];
        }
    }
}

std::string_view LocalTimeText::at(std::int64_t unix_seconds) {
    if (unix_seconds != cached_) {
        cached_ = unix_seconds;
        const std::time_t t = static_cast<std::time_t>(unix_seconds);
        std::tm tm{};
        localtime_r(&t, &tm);
        len_ = std::strftime(text_, sizeof text_, "%Y/%m/%d %H:%M:%S", &tm);
    }
    return {text_, len_};
}

P0fFieldFormatter::P0fFieldFormatter(const fpp::P0fDatabase& db) : db_(db) {
    labels_.reserve(db.labels().size());
    for (std::uint32_t i = 0; i < db.labels().size(); ++i) labels_.push_back(db.label_text(i));
    values_.reserve(1024);
}

void P0fFieldFormatter::add(std::string_view key, std::optional<std::size_t> value_start) {
    pending_.push_back({key, value_start.value_or(0), values_.size(), value_start.has_value()});
}

void P0fFieldFormatter::tcp(const fpp::TcpDetail& d, bool sendsyn) {
    const fpp::TcpMatch& m = d.match;
    std::size_t at = values_.size();
    if (m.record) {
        values_ += labels_[m.record->label];
        add((m.record->app || sendsyn) ? "app" : "os", at);
    } else {
        add("os", std::nullopt);
    }
    at = values_.size();
    if (m.bad_ttl()) values_ += "<= ";
    fpp::append_uint(values_, m.dist);
    add("dist", at);
    at = values_.size();
    fpp::append_tcp_params(values_, *d.input, m);
    add("params", at);
    at = values_.size();
    fpp::append_tcp_raw_sig(values_, *d.input);
    add("raw_sig", at);
}

void P0fFieldFormatter::http(const fpp::HttpDetail& d) {
    const fpp::HttpMatch& m = d.match;
    std::size_t at = values_.size();
    if (m.record) {
        values_ += labels_[m.record->label];
        add(m.record->app ? "app" : "os", at);
    } else {
        add("app", std::nullopt);
    }
    at = values_.size();
    if (auto lang = fpp::http_lang_field(*d.message)) {
        values_ += *lang;
        add("lang", at);
    } else {
        add("lang", std::nullopt);
    }
    at = values_.size();
    values_ += fpp::format_http_params(*d.message, m);
    add("params", at);
    at = values_.size();
    values_ += fpp::format_http_raw_sig(*d.message, db_.headers(), d.direction);
    add("raw_sig", at);
}

const std::vector<P0fFieldFormatter::Field>& P0fFieldFormatter::format(const fpp::Observation& o) {
    values_.clear();
    pending_.clear();
    const bool sendsyn = o.kind == fpp::ObservationKind::sendsyn_probe ||
                         o.kind == fpp::ObservationKind::sendsyn_response;
    if (const auto* t = std::get_if<fpp::TcpDetail>(&o.detail)) {
        tcp(*t, sendsyn);
    } else if (const auto* mtu = std::get_if<fpp::MtuResult>(&o.detail)) {
        std::size_t at = values_.size();
        if (mtu->entry) values_ += mtu->entry->link;
        add("link", mtu->entry ? std::optional<std::size_t>(at) : std::nullopt);
        at = values_.size();
        fpp::append_uint(values_, mtu->mtu);
        add("raw_mtu", at);
    } else if (const auto* up = std::get_if<fpp::UptimeEstimate>(&o.detail)) {
        std::size_t at = values_.size();
        fmt::format_to(std::back_inserter(values_), "{} days {} hrs {} min (modulo {} days)",
                       up->up_min / 60 / 24, (up->up_min / 60) % 24, up->up_min % 60, up->up_mod_days);
        add("uptime", at);
        at = values_.size();
        fmt::format_to(std::back_inserter(values_), "{:.2f} Hz", up->raw_freq);
        add("raw_freq", at);
    } else if (const auto* h = std::get_if<fpp::HttpDetail>(&o.detail)) {
        http(*h);
    } else if (const auto* nat = std::get_if<fpp::NatEvent>(&o.detail)) {
        std::size_t at = values_.size();
        values_ += fpp::format_nat_reasons(nat->reasons);
        add("reason", values_.size() > at ? std::optional<std::size_t>(at) : std::nullopt);
        at = values_.size();
        fmt::format_to(std::back_inserter(values_), "{},{},{},{}", nat->raw_hits[0],
                       nat->raw_hits[1], nat->raw_hits[2], nat->raw_hits[3]);
        add("raw_hits", at);
    }
    fields_.clear();
    for (const Pending& p : pending_) {
        Field f{p.key, std::nullopt};
        if (p.present) f.value = std::string_view(values_).substr(p.start, p.end - p.start);
        fields_.push_back(f);
    }
    return fields_;
}

P0fTextWriter::P0fTextWriter(const fpp::P0fDatabase& db, io::BufferedOutput& out,
                             P0fTextStyle style)
    : out_(out), style_(style), fields_(db) {}

void P0fTextWriter::observe(const fpp::Observation& o) {
    const auto& f = fields_.format(o);
    if (style_ == P0fTextStyle::log) log_line(o, f);
    else console_block(o, f);
    out_.maybe_flush();
}

void P0fTextWriter::log_line(const fpp::Observation& o, const std::vector<P0fFieldFormatter::Field>& f) {
    std::string& b = out_.buffer();
    b += '[';
    b += time_.at(o.time_us / 1000000);
    b += "] mod=";
    b += fpp::observation_name(o.kind);
    b += "|cli=";
    append_p0f_address(b, *o.client);
    b += '/';
    fpp::append_uint(b, o.client_port);
    b += "|srv=";
    append_p0f_address(b, *o.server);
    b += '/';
    fpp::append_uint(b, o.server_port);
    b += o.subject_is_client ? "|subj=cli" : "|subj=srv";
    for (const auto& field : f) {
        b += '|';
        b += field.key;
        b += '=';
        b += field.value ? *field.value : std::string_view("???");
    }
    b += '\n';
}

void P0fTextWriter::console_block(const fpp::Observation& o,
                                  const std::vector<P0fFieldFormatter::Field>& f) {
    std::string& b = out_.buffer();
    auto key = [&b](std::string_view k) {
        b += "| ";
        b += k;
        if (k.size() < 8) b.append(8 - k.size(), ' ');
        b += " = ";
    };
    b += ".-[ ";
    append_p0f_address(b, *o.client);
    b += '/';
    fpp::append_uint(b, o.client_port);
    b += " -> ";
    append_p0f_address(b, *o.server);
    b += '/';
    fpp::append_uint(b, o.server_port);
    b += " (";
    b += fpp::observation_name(o.kind);
    b += ") ]-\n|\n";
    key(o.subject_is_client ? "client" : "server");
    append_p0f_address(b, o.subject());
    b += '/';
    fpp::append_uint(b, o.subject_port());
    b += '\n';
    for (const auto& field : f) {
        key(field.key);
        b += field.value ? *field.value : std::string_view("???");
        b += '\n';
    }
    b += "|\n`----\n\n";
}

}  // namespace whorl::report
