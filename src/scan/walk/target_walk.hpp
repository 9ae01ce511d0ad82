// TargetWalk: the order in which one scanner visits the target space, a batch of steps at a
// time. The order is the given one (Nmap's) or a KeyedPermutation of the whole space from a
// seed; with a Shard, this scanner takes every N-th position of that order, so scanners
// that share the list and the seed split it without talking to each other (ZMap's and
// masscan's sharding). Excluded addresses are skipped where they fall, so they never move
// a target from one shard to another. The walk's state is its space, its exclusions and a
// step counter: memory follows the number of target expressions, not of addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "scan/target_spec.hpp"
#include "scan/walk/keyed_permutation.hpp"
#include "scan/walk/shard.hpp"
#include "scan/walk/target_space.hpp"

namespace whorl::scan::walk {

struct WalkOrder {
    std::optional<std::uint64_t> seed;  // nullopt: the targets in the order given
    Shard shard;                        // 1/1: the whole space
};

class TargetWalk {
public:
    TargetWalk(TargetSpace space, std::vector<TargetPattern> excludes, WalkOrder order);

    // The targets of this shard's next `steps` steps, in walk order: fewer than `steps`
    // where addresses are excluded, or belong to names that do not resolve (named in
    // `unresolved`). May be empty before done().
    Result<std::vector<Target>> next(std::uint64_t steps, std::vector<std::string>& unresolved);
    bool done() const { return step_ >= share_; }
    std::uint64_t step() const { return step_; }    // steps taken
    std::uint64_t share() const { return share_; }  // this shard's steps in all

    // The first step at which this shard reaches `ip`; nullopt when ip is not in its share.
    Result<std::optional<std::uint64_t>> step_of(const IpAddress& ip, std::vector<std::string>& unresolved);

    // Continues an earlier run of the same walk that scanned a batch of `batch` steps at a
    // time and reported `last` last: from the start of last's batch, leaving out the
    // addresses in `reported` (that run's hosts, at least those of that batch) until the
    // batch ends. Every batch before it was over before last was reported; in last's
    // batch, a group of hosts is reported whole once it is done. An error when `last` is
    // not in this shard's share.
    Result<void> resume_after(const IpAddress& last, std::vector<IpAddress> reported, std::uint64_t batch,
                              std::vector<std::string>& unresolved);

private:
    bool excluded(const IpAddress& ip) const;

    TargetSpace space_;
    std::vector<TargetPattern> excludes_;
    KeyedPermutation order_;
    Shard shard_;
    std::uint64_t share_ = 0, step_ = 0;
    std::vector<IpAddress> reported_;  // sorted; left out until step reported_until_
    std::uint64_t reported_until_ = 0;
};

}  // namespace whorl::scan::walk
