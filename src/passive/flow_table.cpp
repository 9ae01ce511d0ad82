// Flow slab, symmetric 4-tuple index and creation-ordered list; see flow_table.hpp.
#include "passive/flow_table.hpp"

#include <algorithm>

namespace whorl::fp::passive {

namespace {

std::uint32_t endpoint_hash(const IpAddress& a, std::uint16_t port) {
    const auto b = a.bytes();
    return hash_bytes(b.data(), b.size(), std::uint64_t{port} << 8 | b.size());
}

}  // namespace

std::uint32_t FlowTable::hash(const IpAddress& a, std::uint16_t pa, const IpAddress& b, std::uint16_t pb) {
    const std::uint32_t x = endpoint_hash(a, pa), y = endpoint_hash(b, pb);
    std::uint64_t h = (std::uint64_t{x ^ y} << 1 | 1) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::uint32_t>(h >> 32);
}

FlowTable::FlowTable(std::size_t expected) : index_(std::min<std::size_t>(expected + 1, 256)) {
    flows_.reserve(std::min<std::size_t>(expected + 1, 256));
}

FlowTable::Found FlowTable::find(const IpAddress& src, std::uint16_t sport, const IpAddress& dst,
                                 std::uint16_t dport, std::uint32_t h) const {
    Found found;
    found.id = index_.find(h, [&](std::uint32_t id) {
        const PassiveFlow& f = flows_[id];
        if (f.cli_port == sport && f.srv_port == dport && f.client_addr == src &&
            f.server_addr == dst) {
            found.to_server = true;
            return true;
        }
        if (f.cli_port == dport && f.srv_port == sport && f.client_addr == dst &&
            f.server_addr == src) {
            found.to_server = false;
            return true;
        }
        return false;
    });
    return found;
}

std::uint32_t FlowTable::insert(const IpAddress& cli, std::uint16_t cli_port, const IpAddress& srv,
                                std::uint16_t srv_port, std::uint32_t h, std::uint32_t now) {
    std::uint32_t id;
    if (!free_.empty()) {
        id = free_.back();
        free_.pop_back();
        flows_[id] = PassiveFlow{};
    } else {
        id = static_cast<std::uint32_t>(flows_.size());
        flows_.emplace_back();
    }
    PassiveFlow& f = flows_[id];
    f.client_addr = cli;
    f.server_addr = srv;
    f.cli_port = cli_port;
    f.srv_port = srv_port;
    f.created = now;
    f.hash = h;
    f.serial = ++serial_;
    f.live = true;
    index_.insert(f.hash, id);
    f.older = newest_;
    if (newest_ != kNoEntry) flows_[newest_].newer = id;
    else oldest_ = id;
    newest_ = id;
    return id;
}

void FlowTable::erase(std::uint32_t id) {
    PassiveFlow& f = flows_[id];
    index_.erase(f.hash, id);
    if (f.older != kNoEntry) flows_[f.older].newer = f.newer;
    else oldest_ = f.newer;
    if (f.newer != kNoEntry) flows_[f.newer].older = f.older;
    else newest_ = f.older;
    f.live = false;
    f.older = f.newer = kNoEntry;
    f.http.reset();  // the HTTP and TLS buffers go now rather than when the slot is reused
    f.tls.reset();
    free_.push_back(id);
}

}  // namespace whorl::fp::passive
