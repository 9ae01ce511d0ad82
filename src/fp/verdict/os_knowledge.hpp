// What whorl names operating systems from in active mode: the installed nmap-os-db, whorl's
// own reference prints read after it (whorl-os-db in whorl's data directory, measured in
// the lab by tools/stacks/), and the verdict model fitted on both when they load. A
// process loads each combination once: later calls (the match command's tests, every host
// of a scan) share it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/expected.hpp"
#include "fp/db/os_db.hpp"
#include "fp/nmap_behaviour.hpp"
#include "fp/verdict/os_verdict.hpp"

namespace whorl::fp::verdict {

struct OsKnowledge {
    std::shared_ptr<const db::OsDb> db;        // Nmap's prints first, then whorl's own
    std::shared_ptr<const VerdictModel> model;  // over *db
    // Set when whorl's own prints could not be read with this nmap-os-db (a MatchPoints
    // without their tests, say): whorl goes on with Nmap's prints alone and says why.
    std::string warning;

    // nmap-os-db found as Nmap finds it (--datadir, $NMAPDIR, installed paths), and
    // `own_prints` (default: whorl-os-db in whorl's data directory, if there is one; an
    // empty path: none).
    static Result<OsKnowledge> load(std::string_view datadir_option = {},
                                    std::optional<NmapBehaviour> behaviour = std::nullopt,
                                    std::optional<std::string> own_prints = std::nullopt);
    // For IPv6 targets: the same, with whorl's own IPv6 prints (whorl-os6-db, the lab
    // stacks' TCP answers over IPv6 in IPv4 terms) read after whorl-os-db, and a model fitted
    // on all three (docs/decisions/0027-ipv6-os-detection.md).
    static Result<OsKnowledge> load_for_ipv6(std::string_view datadir_option = {},
                                             std::optional<NmapBehaviour> behaviour = std::nullopt);
};

}  // namespace whorl::fp::verdict
