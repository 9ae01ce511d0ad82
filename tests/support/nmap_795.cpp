// Test support: finding Nmap 7.95's data directory.
#include "support/nmap_795.hpp"

#include <cstdlib>
#include <filesystem>

namespace whorl::test {

std::string nmap_795_datadir() {
    std::string dir;
    if (const char* d = std::getenv("WHORL_NMAP795_DATADIR"); d && *d) {
        dir = d;
    } else {
        const char* o = std::getenv("WHORL_ORACLE_DIR");
        dir = std::string(o && *o ? o : "/var/cache/whorl-oracles") + "/nmap-7.95/share/nmap";
    }
    std::error_code ec;
    return std::filesystem::is_regular_file(dir + "/nmap-os-db", ec) ? dir : std::string();
}

}  // namespace whorl::test
