// ProbeTracker: the explicit link between a probe and its reply. Each probe in flight is
// registered under the key its reply will carry (the target address, the protocol, and
// the ports or ICMP identifiers as seen from our side); a reply is looked up by the same
// key taken from the received packet. Never derived from port arithmetic.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include "base/ip_address.hpp"

namespace whorl::engine {

struct ProbeKey {
    IpAddress remote;
    std::uint8_t protocol = 0;      // 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6
    std::uint16_t local_id = 0;     // our port, or the ICMP echo identifier
    std::uint16_t remote_id = 0;    // their port, or the ICMP echo sequence number

    bool operator==(const ProbeKey&) const = default;
};

struct ProbeKeyHash {
    std::size_t operator()(const ProbeKey& k) const noexcept;
};

template <class Token>
class ProbeTracker {
public:
    // Registers (or re-registers, on retransmission) a probe.
    void add(const ProbeKey& key, Token token) { probes_.insert_or_assign(key, std::move(token)); }
    const Token* find(const ProbeKey& key) const {
        auto it = probes_.find(key);
        return it == probes_.end() ? nullptr : &it->second;
    }
    bool remove(const ProbeKey& key) { return probes_.erase(key) > 0; }
    void remove_if(const std::function<bool(const ProbeKey&, const Token&)>& pred) {
        std::erase_if(probes_, [&](const auto& kv) { return pred(kv.first, kv.second); });
    }
    std::size_t size() const { return probes_.size(); }

private:
    std::unordered_map<ProbeKey, Token, ProbeKeyHash> probes_;
};

}  // namespace whorl::engine
