// Fuzz target: the nmap-os-db parser, as the file decides (7.93's grammar, or 7.94.2+'s
// when it has a version line) and forced to 7.95's rules. Any input either loads or is
// rejected with a located error; a database that loads must then survive matching (a
// fixed Linux print and each of its own prints' test lines), and the match list must be
// well formed; the passive SYN+ACK signatures derived from it (fp/p0f/nmap_synack) must
// load with p0f.fp's loader, or fail with a located error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "fp/p0f/nmap_synack.hpp"

using namespace whorl;

namespace {

void check_list(const fp::match::MatchResult& r) {
    if (r.matches.size() > fp::match::kMaxMatches) std::abort();
    for (std::size_t i = 0; i < r.matches.size(); ++i) {
        double a = r.matches[i].accuracy;
        if (a < 0.0 || a > 1.0 || (i > 0 && a > r.matches[i - 1].accuracy)) std::abort();
        if (r.matches[i].matched > r.matches[i].possible) std::abort();
    }
}

void check_db(std::string_view text, std::optional<fp::NmapBehaviour> behaviour) {
    auto db = fp::db::OsDb::parse(text, "fuzz", behaviour);
    if (!db) {
        if (db.error().where.empty()) std::abort();  // every rejection names the file (and line)
        return;
    }
    if (behaviour && db->behaviour() != *behaviour) std::abort();
    fp::match::OsMatcher matcher(*db);
    auto fp = fp::Fingerprint::parse(
        "SEQ(SP=102%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21)T1(R=Y%DF=Y%T=40%S=O%A=S+%F=AS%RD=0%Q=)"
        "T2(R=N)U1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)IE(R=Y%DFI=N%T=40%CD=S)");
    auto r = matcher.match(*fp);
    check_list(r);
    auto classes = fp::match::classify(*db, r);
    fp::match::plan_os_output(*db, r, classes, {2, 1, true}, {});
    for (std::uint32_t p = 0; p < db->prints().size() && p < 8; ++p) {
        fp::Fingerprint own;
        for (const std::string& line : db->print_test_lines(p)) {
            auto parsed = fp::Fingerprint::parse(line);
            if (parsed) own.tests().push_back(parsed->tests().front());
        }
        check_list(matcher.match(own));
    }
    auto synack = fp::passive::synack_database(*db);
    if (!synack && synack.error().where.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    check_db(text, std::nullopt);
    check_db(text, fp::NmapBehaviour::v7_95);
    return 0;
}
