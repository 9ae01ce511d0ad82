// p0f 3.09b's log lines and console blocks (p0f.c start_observation /
// add_observation_field, and the OBSERVF calls of fp_tcp.c, fp_mtu.c, fp_http.c and
// process.c add_nat_score); see p0f_text.hpp. Each observation is written in one pass at a
// cursor into the output buffer, after reserving an upper bound of its length.
#include "report/p0f_text.hpp"

#include <charconv>
#include <ctime>

namespace whorl::report {

namespace fpp = fp::passive;

namespace {

constexpr std::string_view kMissing = "???";
constexpr std::size_t kFixedBound = 512;  // everything but label, link and HTTP texts

// The HTTP fields are built as strings first: their length has no useful bound.
struct HttpTexts {
    std::optional<std::string_view> lang;
    std::string params, raw_sig;
};

}  // namespace

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

P0fTextWriter::P0fTextWriter(const fpp::P0fDatabase& db, std::string& out, P0fTextStyle style)
    : db_(db), out_(out), style_(style), endpoints_(256) {
    labels_.reserve(db.labels().size());
    for (std::uint32_t i = 0; i < db.labels().size(); ++i) labels_.push_back(db.label_text(i));
}

void P0fTextWriter::observe(const fpp::Observation& o) {
    if (std::holds_alternative<fpp::TlsDetail>(o.detail)) return;  // whorl's own: p0f prints no TLS
    // The pieces first (each may format and remember its text), then one pass into the
    // output buffer within an upper bound of the line's length.
    std::string_view tail;
    std::size_t bound = kFixedBound;
    HttpTexts http;
    const auto* tcp = std::get_if<fpp::TcpDetail>(&o.detail);
    if (tcp) {
        if (tcp->match().record) bound += labels_[tcp->match().record->label].size();
        bound += tcp->signature->raw_sig().size() + tcp->signature->params().size();
    } else if (const auto* mtu = std::get_if<fpp::MtuResult>(&o.detail)) {
        tail = mtu_tail(*mtu);
    } else if (const auto* h = std::get_if<fpp::HttpDetail>(&o.detail)) {
        if (h->match.record) bound += labels_[h->match.record->label].size();
        http.lang = fpp::http_lang_field(*h->message);
        http.params = fpp::format_http_params(*h->message, h->match);
        http.raw_sig = fpp::format_http_raw_sig(*h->message, db_.headers(), h->direction);
        bound += http.params.size() + http.raw_sig.size() + 64;
    }
    bound += tail.size();
    std::string& b = out_;
    b.resize_and_overwrite(b.size() + bound, [&, old = b.size()](char* base, std::size_t) {
        char* p = header(base + old, o);
        if (tcp) {
            p = end_line(tcp_fields(p, *tcp, o.kind == fpp::ObservationKind::sendsyn_probe ||
                                                 o.kind == fpp::ObservationKind::sendsyn_response));
        } else if (!tail.empty()) {
            p = put(p, tail);
        } else if (const auto* h = std::get_if<fpp::HttpDetail>(&o.detail)) {
            p = field(p, h->match.record ? (h->match.record->app ? "app" : "os") : "app");
            p = end_field(put(p, h->match.record ? std::string_view(labels_[h->match.record->label]) : kMissing));
            p = end_field(put(field(p, "lang"), http.lang ? *http.lang : kMissing));
            p = end_field(put(field(p, "params"), http.params));
            p = end_line(end_field(put(field(p, "raw_sig"), http.raw_sig)));
        } else {
            p = end_line(other_fields(p, o.detail));
        }
        return static_cast<std::size_t>(p - base);
    });
}

const P0fTextWriter::Endpoints& P0fTextWriter::endpoints(const fpp::Observation& o) {
    Endpoints& e = endpoints_[o.flow_serial % endpoints_.size()];
    if (e.serial == o.flow_serial && o.flow_serial != 0) return e;
    auto text = [](char* out, const IpAddress& a, std::uint16_t port) {
        char* p = write_p0f_address(out, a);
        *p++ = '/';
        return static_cast<std::uint8_t>(put_uint(p, port) - out);
    };
    e.serial = o.flow_serial;
    e.cli_len = text(e.cli, *o.client, o.client_port);
    e.srv_len = text(e.srv, *o.server, o.server_port);
    char* p = e.lead;
    if (style_ == P0fTextStyle::log) p = put(put(put(put(put(p, "|cli="), e.client()), "|srv="), e.server()), "|subj=");
    else p = put(put(put(put(put(p, ".-[ "), e.client()), " -> "), e.server()), " (");
    e.lead_len = static_cast<std::uint8_t>(p - e.lead);
    return e;
}

std::string_view P0fTextWriter::mtu_tail(const fpp::MtuResult& m) {
    MtuTail& t = mtu_tails_[m.mtu % mtu_tails_.size()];
    if (t.text.empty() || t.mtu != m.mtu || t.entry != m.entry) {
        t.mtu = m.mtu;
        t.entry = m.entry;
        t.text.resize_and_overwrite(kFixedBound + (m.entry ? m.entry->link.size() : 0), [&](char* p, std::size_t) {
            return static_cast<std::size_t>(end_line(other_fields(p, m)) - p);
        });
    }
    return t.text;
}

// "[time] mod=M|cli=A/P|srv=A/P|subj=cli", or the block's first lines and the subject.
char* P0fTextWriter::header(char* p, const fpp::Observation& o) {
    const Endpoints& e = endpoints(o);
    if (style_ == P0fTextStyle::log) {
        *p++ = '[';
        p = put(p, time_.at(o.time_us / 1000000));
        p = put(put(p, "] mod="), fpp::observation_name(o.kind));
        return put(put(p, e.lead_text()), o.subject_is_client ? std::string_view("cli") : std::string_view("srv"));
    }
    p = put(put(p, e.lead_text()), fpp::observation_name(o.kind));
    p = put(p, ") ]-\n|\n");
    p = field(p, o.subject_is_client ? "client" : "server");
    return end_field(put(p, o.subject_is_client ? e.client() : e.server()));
}

// Starts a field: "|key=" or "| key      = ".
char* P0fTextWriter::field(char* p, std::string_view key) const {
    if (style_ == P0fTextStyle::log) {
        *p++ = '|';
        return put(put(p, key), "=");
    }
    p = put(put(p, "| "), key);
    for (std::size_t i = key.size(); i < 8; ++i) *p++ = ' ';
    return put(p, " = ");
}

char* P0fTextWriter::end_field(char* p) const {
    if (style_ == P0fTextStyle::console) *p++ = '\n';
    return p;
}

char* P0fTextWriter::end_line(char* p) const {
    return put(p, style_ == P0fTextStyle::log ? std::string_view("\n") : std::string_view("|\n`----\n\n"));
}

char* P0fTextWriter::tcp_fields(char* p, const fpp::TcpDetail& d, bool sendsyn) const {
    const fpp::TcpMatch& m = d.match();
    if (m.record) p = put(field(p, (m.record->app || sendsyn) ? "app" : "os"), labels_[m.record->label]);
    else p = put(field(p, "os"), kMissing);
    p = field(end_field(p), "dist");
    if (m.bad_ttl()) p = put(p, "<= ");
    p = field(end_field(put_uint(p, m.dist)), "params");
    p = field(end_field(put(p, d.signature->params())), "raw_sig");
    return end_field(put(p, d.signature->raw_sig()));
}

// mtu: link, raw_mtu; uptime: uptime, raw_freq; host change / ip sharing: reason, raw_hits.
char* P0fTextWriter::other_fields(char* p, const fpp::ObservationDetail& d) {
    if (const auto* mtu = std::get_if<fpp::MtuResult>(&d)) {
        p = put(field(p, "link"), mtu->entry ? std::string_view(mtu->entry->link) : kMissing);
        return end_field(put_uint(field(end_field(p), "raw_mtu"), mtu->mtu));
    }
    if (const auto* up = std::get_if<fpp::UptimeEstimate>(&d)) {
        p = put_uint(field(p, "uptime"), up->up_min / 60 / 24);
        p = put_uint(put(p, " days "), (up->up_min / 60) % 24);
        p = put_uint(put(p, " hrs "), up->up_min % 60);
        p = put_uint(put(p, " min (modulo "), up->up_mod_days);
        p = field(end_field(put(p, " days)")), "raw_freq");
        // printf's "%.2f": the exact binary value rounded to two places.
        p = std::to_chars(p, p + 32, up->raw_freq, std::chars_format::fixed, 2).ptr;
        return end_field(put(p, " Hz"));
    }
    if (const auto* nat = std::get_if<fpp::NatEvent>(&d)) {
        const std::string reasons = fpp::format_nat_reasons(nat->reasons);
        p = put(field(p, "reason"), reasons.empty() ? kMissing : std::string_view(reasons));
        p = field(end_field(p), "raw_hits");
        for (std::size_t i = 0; i < 4; ++i) {
            if (i) *p++ = ',';
            p = put_uint(p, nat->raw_hits[i]);
        }
        return end_field(p);
    }
    return p;
}

}  // namespace whorl::report
