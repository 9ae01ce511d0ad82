// One round of OS-detection replies -> fingerprint tests (Nmap 7.93 or 7.95 semantics).
#include "fp/active/os_round.hpp"

#include <cstring>

#include <fmt/format.h>

#include "fp/active/option_string.hpp"

namespace whorl::fp::active {
namespace {

using F = TcpFlags;

std::string hex(unsigned v) { return fmt::format("{:X}", v); }

std::string quirks(const TcpReply& r) {
    std::string q;
    if (r.reserved_bits) q += 'R';
    if (!(r.flags & F::urg) && r.urgent_pointer) q += 'U';
    return q;
}

std::string option_string(const TcpReply& r) { return nmap_option_string(r.options_onward, r.option_length); }

std::uint16_t internet_checksum(std::span<const std::byte> data) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < data.size(); i += 2)
        sum += (std::to_integer<std::uint32_t>(data[i]) << 8) | std::to_integer<std::uint32_t>(data[i + 1]);
    if (data.size() % 2) sum += std::to_integer<std::uint32_t>(data.back()) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

}  // namespace

int initial_ttl_guess(int ttl) {
    if (ttl <= 32) return 32;
    if (ttl <= 64) return 64;
    if (ttl <= 128) return 128;
    return 255;
}

void OsRound::set_seq_sent(int slot, std::int64_t mono_us, std::int64_t wall_seconds) {
    seq_sent_us_[static_cast<std::size_t>(slot)] = mono_us;
    seq_sent_wall_[static_cast<std::size_t>(slot)] = wall_seconds;
}

double OsRound::timing_ratio() const {
    if (!p_.has_open_port) return 0;
    std::size_t first = 0;
    if (p_.behaviour == NmapBehaviour::v7_93) {
        for (std::size_t k = 0; k < seq_.slots.size(); ++k)
            if (seq_.slots[k] && seq_.slots[k]->isn != 0) {
                first = k;
                break;
            }
    }
    double ms = static_cast<double>(seq_sent_us_[5] - seq_sent_us_[first]) / 1000.0;
    return ms / 500.0;
}

// processTSeqResp: duplicates by IP ID, RSTs refused, the first SYN/ACK per slot kept.
bool OsRound::seq_reply(int slot, const TcpReply& r) {
    bool duplicate = last_seq_ip_id_ && *last_seq_ip_id_ != 0 && r.ip.id == *last_seq_ip_id_;
    last_seq_ip_id_ = r.ip.id;
    if (duplicate) return false;
    if (r.flags & F::rst) {
        if (seq_responses_ == 0) rst_on_open_port_ = true;
        return false;
    }
    if ((r.flags & (F::syn | F::ack)) != (F::syn | F::ack)) return false;
    auto& sample = seq_.slots[static_cast<std::size_t>(slot)];
    if (sample && sample->isn != 0) return false;
    ++seq_responses_;
    sample = SeqSample{r.seq, r.ip.id, r.tsval.value_or(0), seq_sent_us_[static_cast<std::size_t>(slot)],
                       seq_sent_wall_[static_cast<std::size_t>(slot)]};
    if (!r.tsval) seq_.reply_ts_class = TsClass::unsupported;
    else if (*r.tsval == 0) seq_.reply_ts_class = TsClass::zero;
    return true;
}

void OsRound::ops_reply(int k, const TcpReply& r) {
    auto i = static_cast<std::size_t>(k);
    if (!ops_[i]) ops_[i] = option_string(r);
    if (!win_[i]) win_[i] = hex(r.window);
}

Test OsRound::tcp_test(const char* name, const TcpReply& r, bool full) const {
    Test t{name, {}};
    t.set("R", "Y");
    t.set("DF", r.ip.df ? "Y" : "N");
    t.set("T", fmt::format("{}", r.ip.ttl));
    if (full) t.set("W", hex(r.window));
    t.set("S", r.seq == 0 ? "Z" : r.seq == p_.ack ? "A" : r.seq == p_.ack + 1 ? "A+" : "O");
    t.set("A", r.ack == 0 ? "Z" : r.ack == p_.seq_base ? "S" : r.ack == p_.seq_base + 1 ? "S+" : "O");
    std::string flags;
    for (auto [bit, c] : {std::pair{F::ece, 'E'}, {F::urg, 'U'}, {F::ack, 'A'}, {F::psh, 'P'}, {F::rst, 'R'},
                          {F::syn, 'S'}, {F::fin, 'F'}})
        if (r.flags & bit) flags += c;
    t.set("F", flags);
    if (full) t.set("O", option_string(r));
    // RD: the CRC of a reset's data; 7.93 prints it with %08lX, 7.95 with %X.
    std::string rd = "0";
    if ((r.flags & F::rst) && !r.payload.empty())
        rd = p_.behaviour == NmapBehaviour::v7_95 ? hex(crc32(r.payload)) : fmt::format("{:08X}", crc32(r.payload));
    t.set("RD", rd);
    t.set("Q", quirks(r));
    return t;
}

bool OsRound::on_tcp_reply(ProbeId probe, const TcpReply& r) {
    if (is_seq(probe)) {
        int slot = seq_slot(probe);
        bool useful = seq_reply(slot, r);
        if (useful) seq_.slots[static_cast<std::size_t>(slot)]->ip_id = r.ip.id;
        // Whatever its flags, SEQ1's reply is T1 and each SEQ reply fills OPS/WIN.
        if (slot == 0 && !t_[0]) t_[0] = tcp_test("T1", r, false);
        ops_reply(slot, r);
        return useful;
    }
    if (is_ops(probe)) {
        int k = ops_slot(probe);
        bool useful = !ops_[static_cast<std::size_t>(k)] || !win_[static_cast<std::size_t>(k)];
        ops_reply(k, r);
        return useful;
    }
    if (probe == ProbeId::ecn) {
        if (ecn_) return false;
        Test t{"ECN", {}};
        t.set("R", "Y").set("DF", r.ip.df ? "Y" : "N").set("T", fmt::format("{}", r.ip.ttl)).set("W", hex(r.window));
        t.set("O", option_string(r));
        bool ece = r.flags & F::ece, cwr = r.flags & F::cwr;
        t.set("CC", ece && cwr ? "S" : ece ? "Y" : !cwr ? "N" : "O");
        t.set("Q", quirks(r));
        ecn_ = std::move(t);
        return true;
    }
    if (is_t(probe)) {
        int i = t_index(probe);
        if (t_[static_cast<std::size_t>(i)]) return false;
        static constexpr const char* kNames[7] = {"T1", "T2", "T3", "T4", "T5", "T6", "T7"};
        t_[static_cast<std::size_t>(i)] = tcp_test(kNames[i], r, i != 0);
        if (i >= 4) closed_ip_ids_[static_cast<std::size_t>(i - 4)] = r.ip.id;
        return true;
    }
    return false;
}

bool OsRound::on_echo_reply(ProbeId probe, const EchoReply& r, bool retransmitted) {
    int which = probe == ProbeId::ie1 ? 0 : 1;
    if (ie_) return false;
    if (!first_echo_) {
        first_echo_ = std::pair{which, r};
    } else if (first_echo_->first == which) {
        return false;  // a duplicate reply to the same probe
    } else {
        const EchoReply& r1 = which == 0 ? r : first_echo_->second;
        const EchoReply& r2 = which == 0 ? first_echo_->second : r;
        Test t{"IE", {}};
        t.set("R", "Y");
        t.set("DFI", r1.ip.df && r2.ip.df ? "Y" : r1.ip.df ? "S" : !r2.ip.df ? "N" : "O");
        t.set("T", fmt::format("{}", r1.ip.ttl));
        t.set("CD", r1.code == r2.code ? (r1.code == 0 ? "Z" : hex(r1.code)) : r1.code == 9 && r2.code == 0 ? "S" : "O");
        ie_ = std::move(t);
    }
    if (!retransmitted) icmp_ip_ids_[static_cast<std::size_t>(which)] = r.ip.id;
    return true;
}

bool OsRound::on_port_unreachable(const PortUnreachableReply& r, std::optional<int>& udp_distance) {
    if (u1_) return false;
    Test t{"U1", {}};
    t.set("R", "Y");
    t.set("DF", r.outer.df ? "Y" : "N");
    t.set("T", fmt::format("{}", r.outer.ttl));
    t.set("IPL", hex(r.outer.total_length));
    // UN: 7.93 prints the 32-bit word with %hX, so only its low 16 bits [7.93 quirk]; 7.95
    // prints all of it.
    t.set("UN", hex(p_.behaviour == NmapBehaviour::v7_95 ? r.unused : r.unused & 0xffff));
    t.set("RIPL", r.quoted.total_length == 328 ? "G" : hex(r.quoted.total_length));
    t.set("RID", r.quoted.id == kU1IpId ? "G" : hex(r.quoted.id));
    if (r.quoted_ip_checksum == 0) {
        t.set("RIPCK", "Z");
    } else {
        auto header = r.quoted_ip_header;
        header[10] = header[11] = std::byte{0};
        t.set("RIPCK", internet_checksum(header) == r.quoted_ip_checksum ? "G" : "I");
    }
    t.set("RUCK", r.quoted_udp_checksum == p_.u1_udp_checksum ? "G" : hex(r.quoted_udp_checksum));
    bool intact = true;
    for (std::byte b : r.quoted_payload) intact = intact && b == std::byte{kU1PayloadByte};
    t.set("RUD", intact ? "G" : "I");
    u1_ = std::move(t);
    if (!udp_distance) udp_distance = p_.udp_ttl - r.quoted.ttl + 1;
    return true;
}

OsRound::Result OsRound::finish(std::optional<int> udp_distance) const {
    Result out;
    SeqInputs in = seq_;
    for (const auto& id : closed_ip_ids_)
        if (id) in.closed_port_ip_ids.push_back(*id);
    for (const auto& id : icmp_ip_ids_)
        if (id) in.icmp_ip_ids.push_back(*id);
    in.localhost = p_.localhost;
    in.scan_delay_ms = p_.scan_delay_ms;
    out.seq = analyse_seq(in);
    Fingerprint& fp = out.fingerprint;
    if (auto attrs = out.seq.attributes(); !attrs.empty() || p_.behaviour == NmapBehaviour::v7_95) {
        Test& s = fp.add_test("SEQ");
        for (auto& [k, v] : attrs) s.set(k, v);
    }
    auto all = [](const auto& a) {
        for (const auto& x : a)
            if (!x) return false;
        return true;
    };
    if (all(ops_)) {
        Test& o = fp.add_test("OPS");
        for (int k = 0; k < 6; ++k) o.set(fmt::format("O{}", k + 1), *ops_[static_cast<std::size_t>(k)]);
    }
    if (all(win_)) {
        Test& w = fp.add_test("WIN");
        for (int k = 0; k < 6; ++k) w.set(fmt::format("W{}", k + 1), *win_[static_cast<std::size_t>(k)]);
    }
    auto add = [&](const std::optional<Test>& t, const char* name, bool write_rn) {
        if (t) fp.tests().push_back(*t);
        else if (write_rn) fp.add_test(name).set("R", "N");
    };
    add(ecn_, "ECN", p_.has_open_port);
    static constexpr const char* kNames[7] = {"T1", "T2", "T3", "T4", "T5", "T6", "T7"};
    for (int i = 0; i < 7; ++i)
        add(t_[static_cast<std::size_t>(i)], kNames[i], i < 4 ? p_.has_open_port : p_.has_known_closed_port);
    add(u1_, "U1", true);
    add(ie_, "IE", true);
    // T holds the received TTL: the true initial TTL when U1 gave the hop count, else the
    // guessed initial TTL under the name TG.
    for (auto& t : fp.tests()) {
        for (auto& a : t.attrs) {
            if (a.name != "T") continue;
            int ttl = std::stoi(a.value);
            if (!out.distance_guess) out.distance_guess = initial_ttl_guess(ttl) - ttl;
            if (udp_distance) {
                a.value = hex(static_cast<std::uint16_t>(ttl + *udp_distance - 1));
            } else {
                a.name = "TG";
                a.value = hex(static_cast<unsigned>(initial_ttl_guess(ttl)));
            }
            break;
        }
    }
    return out;
}

}  // namespace whorl::fp::active
