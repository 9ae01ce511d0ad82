// The match command. Input: a fingerprint as Nmap prints it (wrapped OS: lines or the
// unwrapped form), or a whole nmap normal-output or XML file holding one; FILE, '-' or no
// argument (stdin). What Nmap would print also depends on facts that the fingerprint
// only hints at; they are taken from its SCAN line (fp/match/os_print_plan.hpp,
// conditions_from_scan_line): the "not ideal" reason and the unreliability warning from
// OT/CT/CU/DS/G, "Network Distance" from DS, and with -v the TCP sequence difficulty and
// IP ID class from SEQ's SP and TI. The uptime guess needs the raw timestamps and is never
// printed.
#include "cli/match_command.hpp"

#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "base/text.hpp"
#include "cli/options.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/best_round.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "fp/active6/print_answers.hpp"
#include "fp/verdict/os_knowledge.hpp"
#include "report/os_block.hpp"
#include "report/os_match_json.hpp"

namespace whorl::cli {
namespace {

constexpr std::string_view kUsage =
    "whorl match [--datadir DIR] [--nmap-compat 7.93|7.95] [--json] [-v|-vv|-d] [--osscan-guess] [FILE|-]";

struct MatchConfig {
    std::string datadir;
    std::optional<fp::NmapBehaviour> nmap_compat;
    bool json = false;
    bool help = false;
    fp::match::OsPrintOptions print;
};

std::vector<OptionSpec> match_options(MatchConfig& c) {
    auto flag = [](auto fn) {
        return [fn](std::string_view) {
            fn();
            return Result<void>{};
        };
    };
    return {
        {{"datadir"}, true, false, "<dir>", "look for nmap-os-db in <dir> first", "Database",
         [&c](std::string_view v) {
             c.datadir = v;
             return Result<void>{};
         }},
        {{"nmap-compat"}, true, false, "<7.93|7.95>", "match as this Nmap release (default: the database's)",
         "Database",
         [&c](std::string_view v) -> Result<void> {
             auto b = fp::parse_nmap_behaviour(v);
             if (!b) return fail(Errc::usage, fmt::format("--nmap-compat takes 7.93 or 7.95, not '{}'", v));
             c.nmap_compat = *b;
             return {};
         }},
        {{"json"}, false, false, "", "print the match list as one JSON object", "Output",
         flag([&c] { c.json = true; })},
        {{"v"}, false, false, "", "verbose, as nmap -v (repeat or -vv for more)", "Output",
         flag([&c] { c.print.verbose += 1; })},
        {{"vv"}, false, false, "", "as nmap -vv", "Output", flag([&c] { c.print.verbose += 2; })},
        {{"d"}, false, false, "", "as nmap -d (also raises verbosity)", "Output", flag([&c] {
             c.print.debug += 1;
             c.print.verbose += 1;
         })},
        {{"osscan-guess", "fuzzy"}, false, false, "", "always print Aggressive OS guesses", "Output",
         flag([&c] { c.print.osscan_guess = true; })},
        {{"h", "help"}, false, false, "", "this help", "", flag([&c] { c.help = true; })},
    };
}

// A fingerprint is a few kilobytes (Nmap's XML with it, a few hundred): more than 16 MiB
// is not one (`whorl match /dev/zero`), and is refused before it fills memory.
constexpr std::size_t kMaxInput = std::size_t{16} << 20;

Result<std::string> read_input(const std::string& name) {
    auto text = read_file(name == "-" ? "/dev/stdin" : name, kMaxInput);
    if (!text && name == "-") {
        Error e = text.error();
        e.where = "<stdin>";
        return unexpected(std::move(e));
    }
    return text;
}

// An IPv6 print (SCAN E=6): Nmap names those with the model compiled into it, not from
// nmap-os-db, so Nmap's lines can only say "No OS matches"; whorl's verdict reads the TCP
// answers held in the print as nmap-os-db's tests (docs/decisions/0027).
Result<int> match_ipv6_print(const MatchConfig& config, const Streams& io, const fp::db::OsDb& db,
                             const fp::verdict::OsKnowledge& knowledge, fp::match::OsMatcher& matcher,
                             fp::Fingerprint print) {
    auto terms = fp::active6::ipv4_terms_of_print(print);
    if (!terms) return unexpected(terms.error());
    if (config.print.debug > 0)
        fmt::print(io.err, "The IPv6 answers read as nmap-os-db tests:\n{}", terms->text(fp::FingerprintLayout::unwrapped));
    const fp::verdict::OsVerdict verdict = knowledge.model->judge(matcher, *terms);
    fp::match::OsPrintPlan plan;
    plan.verdict = fp::match::OsVerdict::no_matches;
    const bool good = !print.scan || print.scan->good;
    if (!good) plan.reason = "the fingerprint says G=N (Nmap's reason is not in it)";
    plan.fingerprint.print = good || config.print.verbose > 1 || config.print.debug > 0;
    plan.fingerprint.layout = good ? fp::FingerprintLayout::wrapped : fp::FingerprintLayout::unwrapped;
    plan.fingerprint.good = good;
    if (config.json) {
        fmt::print(io.out, "{}\n", report::os_matches_json(db, fp::match::MatchResult{}, plan, &verdict));
        return 0;
    }
    report::OsBlock block{&db, std::move(plan), std::move(print), {}, {}};
    if (block.fingerprint.scan) block.distance = block.fingerprint.scan->distance;
    fmt::print(io.out, "{}{}\n", report::os_block_text(block), report::os_verdict_line(verdict));
    return 0;
}

}  // namespace

std::string match_man_page() {
    MatchConfig config;
    const auto specs = match_options(config);
    ManPage page{"whorl-match", "match an Nmap OS fingerprint against nmap-os-db",
                 kUsage,
                 "whorl match reads an OS fingerprint as Nmap prints it (the OS: lines of the normal output, "
                 "the unwrapped form, or Nmap's XML with its osfingerprint attribute), from FILE or standard "
                 "input, matches it against the installed nmap-os-db as Nmap does and prints Nmap's OS block: "
                 "the same guesses, accuracies and classes. An IPv6 fingerprint (SCAN E=6) gets Nmap's "
                 "\"No OS matches\" (Nmap names those with a model built into it) and whorl's verdict from the "
                 "TCP answers it holds.",
                 "whorl(1), whorl-passive(1), nmap(1)"};
    return format_man(page, specs);
}

Result<int> run_match(std::span<const std::string> args, const Streams& io) {
    MatchConfig config;
    const auto specs = match_options(config);
    auto positional = parse_options(specs, args);
    if (!positional) return unexpected(positional.error());
    if (config.help) {
        fmt::print(io.out, "{}", format_help(kUsage, specs));
        return 0;
    }
    if (positional->size() > 1) return fail(Errc::usage, fmt::format("usage: {}", kUsage));
    std::string input = positional->empty() ? "-" : positional->front();

    auto text = read_input(input);
    if (!text) return unexpected(text.error());
    auto fp = fp::Fingerprint::parse(fp::extract_fingerprint_text(*text));
    if (!fp) {
        Error e = fp.error();
        std::string_view where = e.where;  // "line N" -> "FILE:N"
        const std::string file = input == "-" ? "<stdin>" : input;
        e.where = where.empty() ? file
                                : fmt::format("{}:{}", file, where.starts_with("line ") ? where.substr(5) : where);
        return unexpected(std::move(e));
    }

    const bool ipv6_print = fp->scan && fp->scan->engine == 6;  // with whorl's own IPv6 prints
    auto knowledge = ipv6_print ? fp::verdict::OsKnowledge::load_for_ipv6(config.datadir, config.nmap_compat)
                                : fp::verdict::OsKnowledge::load(config.datadir, config.nmap_compat);
    if (!knowledge) return unexpected(knowledge.error());
    const fp::db::OsDb* db = knowledge->db.get();
    if (!knowledge->warning.empty()) fmt::print(io.err, "{}\n", knowledge->warning);
    if (auto w = db->version_warning(); !w.empty()) fmt::print(io.err, "{}\n", w);
    // Which nmap-os-db was read, as Nmap says it (-v: its directory, -d: "Read from DIR:
    // nmap-os-db."), and Nmap's warning about an ignored ./nmap-os-db; on stderr, as stdout
    // holds only Nmap's OS block.
    if (auto w = fp::db::nmap_local_copy_warning("nmap-os-db", db->file())) fmt::print(io.err, "{}\n", *w);
    for (const auto& line : fp::db::nmap_data_files_lines({{"nmap-os-db", db->file()}}, config.print.verbose,
                                                          config.print.debug))
        fmt::print(io.err, "{}\n", line);
    fp::match::OsMatcher matcher(*db);
    if (ipv6_print) return match_ipv6_print(config, io, *db, *knowledge, matcher, std::move(*fp));
    const fp::verdict::OsVerdict verdict = knowledge->model->judge(matcher, *fp);
    // A print from 7.94+ holds every round's distinct lines: match the round Nmap reported.
    auto result = db->behaviour() == fp::NmapBehaviour::v7_95 ? fp::match::match_best_round(matcher, *fp).result
                                                              : matcher.match(*fp);
    auto classes = fp::match::classify(*db, result);
    auto conditions = fp->scan ? fp::match::conditions_from_scan_line(*fp->scan) : fp::match::OsScanConditions{};
    auto plan = fp::match::plan_os_output(*db, result, classes, config.print, conditions);

    if (config.json) {
        fmt::print(io.out, "{}\n", report::os_matches_json(*db, result, plan, &verdict));
        return 0;
    }
    report::OsBlock block{db, std::move(plan), std::move(*fp), {}, {}};
    if (block.fingerprint.scan) block.distance = block.fingerprint.scan->distance;
    block.seq = report::seq_extras_from_fingerprint(block.fingerprint);
    fmt::print(io.out, "{}{}\n", report::os_block_text(block), report::os_verdict_line(verdict));
    return 0;
}

}  // namespace whorl::cli
