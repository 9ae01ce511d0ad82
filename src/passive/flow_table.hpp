// FlowTable: the TCP connections the passive pipeline follows (p0f's packet_flow), keyed by
// the 4-tuple in either direction. A flow is created by a SYN and holds what p0f needs to
// finish the handshake and read the first 8 KB of each direction in order: expected
// sequence numbers, the SYN's MSS, the sendsyn mark, per-direction timestamp clock state
// and the HTTP buffers. Entries sit on a creation-ordered list for age expiry and pruning.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/http/p0f_response_parser.hpp"
#include "passive/slot_index.hpp"

namespace whorl::fp::passive {

struct HttpFlowState {
    std::int8_t state = 0;      // p0f's in_http: 0 undecided, 1 HTTP, -1 given up
    bool request_done = false;  // the request was fingerprinted; the response comes next
    std::string request;        // in-order client payload, at most 8192 bytes
    std::string response;       // in-order server payload, at most 8192 bytes
    P0fResponseParser p0f_response;  // used with p0f_exact only
};

// The first handshake message of each direction, for TLS (passive_tls.cpp): in-order
// payload from the first byte, at most kTlsFlowData bytes a direction, dropped once read.
struct TlsFlowState {
    std::vector<std::byte> client, server;
    bool client_done = false, server_done = false;
    // HTTP has given up on the connection and p0f would have forgotten it: from here on
    // its packets feed only this (no uptime, no HTTP, nothing p0f reports).
    bool only = false;
};

// Laid out for the per-packet path: what a lookup, the handshake and erasing touch comes
// in the first two cache lines.
struct PassiveFlow {
    IpAddress client_addr, server_addr;
    std::uint32_t client = kNoEntry, server = kNoEntry;  // host ids
    std::uint16_t cli_port = 0, srv_port = 0;
    std::uint32_t created = 0;  // unix seconds
    std::uint32_t next_cli_seq = 0, next_srv_seq = 0;
    std::uint16_t syn_mss = 0;  // MSS of the SYN, for the SYN+ACK's window multiple
    bool acked = false;         // SYN+ACK seen
    bool sendsyn = false;       // opened by p0f-sendsyn
    std::int32_t cli_tps = 0;   // timestamp clock: 0 unknown, >0 Hz, -1 bad
    std::int32_t srv_tps = 0;

    std::uint64_t serial = 0;  // 1, 2, ... in creation order
    std::uint32_t hash = 0;
    std::uint32_t older = kNoEntry, newer = kNoEntry;
    bool live = false;
    // Created with the connection's first payload: most connections a busy network shows
    // never get that far (a SYN, a SYN+ACK, done).
    std::unique_ptr<HttpFlowState> http;
    std::unique_ptr<TlsFlowState> tls;  // with the first payload, when TLS is on
};

class FlowTable {
public:
    explicit FlowTable(std::size_t expected);

    struct Found {
        std::uint32_t id = kNoEntry;
        bool to_server = false;  // the packet goes client -> server
        explicit operator bool() const { return id != kNoEntry; }
    };
    // The same for both directions of a connection.
    static std::uint32_t hash(const IpAddress& a, std::uint16_t pa, const IpAddress& b, std::uint16_t pb);
    // The flow of a packet src:sport -> dst:dport, in either direction (`h` from hash()).
    Found find(const IpAddress& src, std::uint16_t sport, const IpAddress& dst, std::uint16_t dport,
               std::uint32_t h) const;
    Found find(const IpAddress& src, std::uint16_t sport, const IpAddress& dst,
               std::uint16_t dport) const {
        return find(src, sport, dst, dport, hash(src, sport, dst, dport));
    }
    // A new flow, the most recent one; the caller made room and set the host ids.
    std::uint32_t insert(const IpAddress& cli, std::uint16_t cli_port, const IpAddress& srv,
                         std::uint16_t srv_port, std::uint32_t h, std::uint32_t now);
    void erase(std::uint32_t id);

    PassiveFlow& operator[](std::uint32_t id) { return flows_[id]; }
    const PassiveFlow& operator[](std::uint32_t id) const { return flows_[id]; }
    std::uint32_t oldest() const { return oldest_; }
    std::size_t size() const { return index_.size(); }

private:
    std::vector<PassiveFlow> flows_;
    std::vector<std::uint32_t> free_;
    SlotIndex index_;
    std::uint32_t oldest_ = kNoEntry, newest_ = kNoEntry;
    std::uint64_t serial_ = 0;
};

}  // namespace whorl::fp::passive
