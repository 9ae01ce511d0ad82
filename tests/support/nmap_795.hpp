// Test support: where Nmap 7.95's data directory is (Debian 13's nmap-common, unpacked by
// tools/nmap-oracle.sh db, which scripts/install-deps.sh runs; never in the repository).
#pragma once

#include <string>

namespace whorl::test {

// $WHORL_NMAP795_DATADIR, else $WHORL_ORACLE_DIR/nmap-7.95/share/nmap, else
// /var/cache/whorl-oracles/nmap-7.95/share/nmap; "" when it holds no nmap-os-db.
std::string nmap_795_datadir();

}  // namespace whorl::test

// Skips the test where Nmap 7.95's database is missing, and fails it under CI (CI=true),
// where scripts/install-deps.sh must have fetched it.
#define WHORL_REQUIRE_NMAP_795(dir_var)                                                      \
    const std::string dir_var = ::whorl::test::nmap_795_datadir();                           \
    if (dir_var.empty()) {                                                                   \
        if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")             \
            FAIL() << "Nmap 7.95's nmap-os-db is missing: run tools/nmap-oracle.sh db";     \
        GTEST_SKIP() << "Nmap 7.95's nmap-os-db is missing: run tools/nmap-oracle.sh db";   \
    }
