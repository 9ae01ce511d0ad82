// nmap-os-db parser: splits the file into blocks, reads MatchPoints first (it defines the
// tests, attributes and weights every print is checked against), then every Fingerprint
// block, interning identical test lines and expressions as it goes.
#include "fp/db/os_db.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"

namespace whorl::fp::db {

namespace {

struct Line {
    std::string_view text;  // without the newline and trailing white space
    int number = 0;
};

struct Block {
    Line header;
    bool match_points = false;
    std::vector<Line> body;  // comments removed
};

// NAME(a=1%b=2) split into its parts; the views point into the line.
struct TestSyntax {
    std::string_view name;
    std::vector<std::pair<std::string_view, std::string_view>> attrs;
};

bool valid_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\f' ||
                          s.back() == '\v'))
        s.remove_suffix(1);
    return s;
}

bool is_keyword_line(std::string_view s, std::string_view keyword) {
    return istarts_with(s, keyword) && (s.size() == keyword.size() || s[keyword.size()] == ' ' ||
                                        s[keyword.size()] == '\t');
}

// "7.94.2" -> {7, 94, 2}: numbers separated by dots, nothing else.
std::optional<std::vector<unsigned>> version_numbers(std::string_view v) {
    std::vector<unsigned> out;
    for (std::string_view part : split(v, '.')) {
        auto n = parse_uint(part, 10);
        if (!n || *n > 100000) return std::nullopt;
        out.push_back(static_cast<unsigned>(*n));
    }
    return out;
}

bool version_newer(std::string_view a, std::string_view b) {
    auto x = version_numbers(a), y = version_numbers(b);
    return x && y && *x > *y;
}

}  // namespace

class OsDbParser {
public:
    OsDbParser(std::string_view text, std::string_view file, std::optional<NmapBehaviour> behaviour)
        : text_(text), forced_(behaviour) {
        db_.file_ = file;
    }

    // More prints for a loaded database, read with its MatchPoints and rules.
    OsDbParser(OsDb&& db, std::string_view text, std::string_view file) : text_(text), db_(std::move(db)) {
        file_ = file;
        expr_ids_.resize(db_.slots_.size());
    }

    Result<OsDb> run_append() {
        auto blocks = split_blocks();
        if (!blocks) return unexpected(blocks.error());
        // Its MatchPoints may weigh tests the database has not (whorl's IPv6-only V6), never
        // one of the database's own: those keep the database's weights.
        for (const auto& b : *blocks)
            if (b.match_points)
                if (auto r = parse_match_points(b, true); !r) return unexpected(r.error());
        for (const auto& b : *blocks)
            if (!b.match_points)
                if (auto r = parse_print(b); !r) return unexpected(r.error());
        return std::move(db_);
    }

    Result<OsDb> run() {
        file_ = db_.file_;
        auto blocks = split_blocks();
        if (!blocks) return unexpected(blocks.error());
        if (auto r = choose_behaviour(); !r) return unexpected(r.error());
        const Block* mp = nullptr;
        for (const auto& b : *blocks)
            if (b.match_points) {
                if (mp)
                    return error(b.header.number, fmt::format("a second MatchPoints block (the first is at line {})",
                                                              mp->header.number));
                mp = &b;
            }
        if (!mp) return fail(Errc::parse, "no MatchPoints block", db_.file_);
        if (auto r = parse_match_points(*mp); !r) return unexpected(r.error());
        for (const auto& b : *blocks)
            if (!b.match_points)
                if (auto r = parse_print(b); !r) return unexpected(r.error());
        return std::move(db_);
    }

private:
    unexpected<Error> error(int line, std::string message) const {
        return unexpected<Error>(Error{Errc::parse, std::move(message), fmt::format("{}:{}", file_, line)});
    }

    // Lines -> blocks. A block starts with a Fingerprint or MatchPoints line at top level
    // and ends at an empty line; '#' lines are comments anywhere.
    Result<std::vector<Block>> split_blocks() {
        std::vector<Block> blocks;
        bool in_block = false;
        int number = 0;
        for (std::size_t pos = 0; pos < text_.size();) {
            std::size_t nl = text_.find('\n', pos);
            std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
            std::string_view raw = text_.substr(pos, end - pos);
            pos = end + 1;
            ++number;
            if (raw.size() > kMaxLineLength)
                return error(number, fmt::format("line of {} characters; Nmap reads at most {} per line",
                                                 raw.size(), kMaxLineLength));
            if (!raw.empty() && raw[0] == '#') continue;
            Line line{trim_right(raw), number};
            if (line.text.empty()) {
                in_block = false;
                continue;
            }
            bool fp = is_keyword_line(line.text, "Fingerprint");
            bool mp = is_keyword_line(line.text, "MatchPoints");
            if (in_block) {
                if (fp || mp)
                    return error(number, "a new block must be separated from the previous one by an empty line");
                blocks.back().body.push_back(line);
                continue;
            }
            if (!fp && !mp && line.text.starts_with("This nmap-os-db")) {
                if (auto r = version_line(line); !r) return unexpected(r.error());
                continue;
            }
            if (!fp && !mp)
                return error(number, fmt::format("'{}' is outside a block: a block starts with a Fingerprint "
                                                 "(or MatchPoints) line",
                                                 line.text.substr(0, 60)));
            if (mp && trim(line.text.substr(11)).size() != 0)
                return error(number, "MatchPoints takes nothing after it");
            blocks.push_back(Block{line, mp, {}});
            in_block = true;
        }
        return blocks;
    }

    // "This nmap-os-db is only valid for Nmap 7.94.2 and later": the grammar of 7.94.2 on.
    Result<void> version_line(const Line& line) {
        if (version_line_number_)
            return error(line.number, fmt::format("a second version line (the first is at line {})", version_line_number_));
        auto version = version_line_nmap(line.text);
        if (!version)
            return error(line.number, "a version line names the Nmap it needs: 'This nmap-os-db is only valid for "
                                      "Nmap X.Y and later'");
        db_.required_nmap_ = *version;
        db_.version_line_ = line.text;
        version_line_number_ = line.number;
        return {};
    }

    // A file with a version line is in the 7.94.2+ grammar, which 7.93 cannot read.
    Result<void> choose_behaviour() {
        bool newer_grammar = version_line_number_ != 0;
        if (forced_ == NmapBehaviour::v7_93 && newer_grammar)
            return error(version_line_number_,
                         fmt::format("this database is for Nmap {} and later; Nmap 7.93 cannot read it (drop "
                                     "--nmap-compat 7.93, or use 7.93's nmap-os-db)",
                                     db_.required_nmap_));
        db_.behaviour_ = forced_ ? *forced_ : (newer_grammar ? NmapBehaviour::v7_95 : NmapBehaviour::v7_93);
        return {};
    }

    Result<TestSyntax> test_syntax(const Line& line) const {
        std::string_view s = line.text;
        std::size_t open = s.find('(');
        if (open == std::string_view::npos || !valid_name(s.substr(0, open)))
            return error(line.number, fmt::format("expected a test line NAME(attr=value%...), got '{}'", s.substr(0, 60)));
        std::size_t close = s.find(')', open);
        if (close == std::string_view::npos) return error(line.number, "test line without a closing ')'");
        if (close + 1 != s.size()) return error(line.number, "text after the closing ')' of a test line");
        std::string_view body = s.substr(open + 1, close - open - 1);
        if (body.find('(') != std::string_view::npos) return error(line.number, "'(' inside a test line");
        TestSyntax t{s.substr(0, open), {}};
        if (body.empty()) return t;  // "OPS()": a test with no attributes
        for (std::string_view item : split(body, '%')) {
            std::size_t eq = item.find('=');
            if (eq == std::string_view::npos || !valid_name(item.substr(0, eq)))
                return error(line.number, fmt::format("malformed attribute '{}' in test {}", item, t.name));
            for (const auto& [name, value] : t.attrs)
                if (name == item.substr(0, eq))
                    return error(line.number, fmt::format("attribute {} repeated in test {}", name, t.name));
            t.attrs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
        return t;
    }

    // `further`: the MatchPoints of a file of further prints, after the database's.
    Result<void> parse_match_points(const Block& block, bool further = false) {
        if (!further) db_.match_points_line_ = block.header.number;
        if (further && block.body.empty()) return error(block.header.number, "MatchPoints block without tests");
        for (const Line& line : block.body) {
            auto t = test_syntax(line);
            if (!t) return unexpected(t.error());
            if (further && db_.find_test(t->name))
                return error(line.number, fmt::format("test {} is weighed by the database's MatchPoints; a file of "
                                                      "further prints may only weigh tests the database lacks",
                                                      t->name));
            if (db_.find_test(t->name))
                return error(line.number, fmt::format("test {} repeated in MatchPoints", t->name));
            TestDef def{std::string(t->name), static_cast<std::uint32_t>(db_.slots_.size()), 0};
            auto test_id = static_cast<std::uint32_t>(db_.tests_.size());
            bool has_r = false;
            for (const auto& [name, value] : t->attrs) {
                auto w = parse_uint(value, 10);
                if (!w || *w > kMaxWeight)
                    return error(line.number, fmt::format("MatchPoints {}.{}={} is not a weight from 0 to {}",
                                                          t->name, name, value, kMaxWeight));
                db_.slots_.push_back(Slot{test_id, std::string(name), static_cast<std::uint32_t>(*w)});
                has_r = has_r || name == "R";
            }
            def.has_r = has_r;
            if (!has_r) db_.slots_.push_back(Slot{test_id, "R", 0});
            def.slots_end = static_cast<std::uint32_t>(db_.slots_.size());
            db_.tests_.push_back(std::move(def));
        }
        if (db_.tests_.empty()) return error(block.header.number, "MatchPoints block without tests");
        std::uint64_t total = 0;
        for (const auto& slot : db_.slots_) total += slot.weight;
        if (total >= (std::uint64_t{1} << 32))
            return error(block.header.number, "MatchPoints weights add up to 2^32 or more");
        expr_ids_.resize(db_.slots_.size());
        return {};
    }

    Result<void> parse_class(const Line& line, RefPrint& print) const {
        auto fields = split(line.text.substr(6), '|');
        if (fields.size() != 4)
            return error(line.number, "a Class line is 'Class vendor | family | generation | device type'");
        OsClass c;
        c.vendor = trim(fields[0]);
        c.family = trim(fields[1]);
        if (auto gen = trim(fields[2]); !gen.empty()) c.generation = std::string(gen);
        c.device_type = trim(fields[3]);
        if (c.vendor.empty() || c.family.empty() || c.device_type.empty())
            return error(line.number, "a Class line needs a vendor, a family and a device type");
        print.classes.push_back(std::move(c));
        return {};
    }

    Result<void> parse_cpe(const Line& line, RefPrint& print) const {
        if (print.classes.empty()) return error(line.number, "CPE line before any Class line");
        std::string_view rest = trim(line.text.substr(4));
        std::string_view cpe = rest.substr(0, rest.find_first_of(" \t"));
        if (!cpe.starts_with("cpe:/") || cpe.size() == 5)
            return error(line.number, fmt::format("'{}' is not a CPE name (cpe:/...)", cpe));
        print.classes.back().cpes.emplace_back(cpe);  // flags after the name ("auto") are ignored
        return {};
    }

    // 7.95 reads a test that MatchPoints scores R for and that gives other attributes
    // without R as R=Y, and one with R alone (or nothing) as R=N.
    Result<void> implicit_r(const Line& line, std::uint32_t test, TestSyntax& t) {
        if (db_.behaviour_ != NmapBehaviour::v7_95 || !db_.tests_[test].has_r) return {};
        const std::string_view* r = nullptr;
        for (const auto& [name, value] : t.attrs)
            if (name == "R") r = &value;
        bool others = t.attrs.size() > (r ? 1u : 0u);
        if (others && !r) t.attrs.insert(t.attrs.begin(), {"R", "Y"});
        if (others && r && r->find('Y') == std::string_view::npos)
            return error(line.number, fmt::format("test {} gives results with R={}; Nmap 7.95 needs R=Y there", t.name, *r));
        if (!others && r && *r != "N")
            return error(line.number, fmt::format("test {} has R={} and nothing else; Nmap 7.95 needs R=N there", t.name, *r));
        if (!others && !r) t.attrs.emplace_back("R", "N");
        return {};
    }

    Result<void> check_expr(const Line& line, const TestSyntax& t, std::string_view name, std::string_view value,
                            bool nested) const {
        auto why = db_.behaviour_ == NmapBehaviour::v7_95 ? expr_syntax_error_795(value, nested) : expr_syntax_error(value);
        if (why) return error(line.number, fmt::format("broken expression {}.{}={}: {}", t.name, name, value, *why));
        return {};
    }

    // Validates and interns one test line of a print; returns its test-line id.
    Result<std::uint32_t> intern_test_line(const Line& line) {
        if (auto it = line_ids_.find(line.text); it != line_ids_.end()) return it->second;
        auto t = test_syntax(line);
        if (!t) return unexpected(t.error());
        auto test = db_.find_test(t->name);
        if (!test)
            return error(line.number, fmt::format("unknown test {} (not in MatchPoints)", t->name));
        if (auto r = implicit_r(line, *test, *t); !r) return unexpected(r.error());
        TestLine tl{*test, static_cast<std::uint32_t>(db_.line_exprs_.size()), 0};
        for (const auto& [name, value] : t->attrs) {
            auto slot = db_.find_slot(*test, name);
            if (!slot)
                return error(line.number, fmt::format("unknown attribute {} in test {} (not in MatchPoints)",
                                                      name, t->name));
            // Option strings: every OPS attribute and O anywhere (7.95 looks for groups there).
            bool nested = t->name == "OPS" || name == "O";
            if (auto r = check_expr(line, *t, name, value, nested); !r) return unexpected(r.error());
            ExprDialect dialect = db_.behaviour_ == NmapBehaviour::v7_93
                                      ? ExprDialect::nmap_793
                                      : (nested ? ExprDialect::nmap_795_nested : ExprDialect::nmap_795);
            auto& ids = expr_ids_[*slot];
            auto it = ids.find(value);
            if (it == ids.end()) {
                it = ids.emplace(value, db_.exprs_.add(value, dialect)).first;
                db_.expr_slots_.push_back(*slot);
            }
            db_.line_exprs_.push_back(it->second);
        }
        tl.exprs_end = static_cast<std::uint32_t>(db_.line_exprs_.size());
        auto id = static_cast<std::uint32_t>(db_.test_lines_.size());
        db_.test_lines_.push_back(tl);
        line_ids_.emplace(line.text, id);
        return id;
    }

    Result<void> parse_print(const Block& block) {
        RefPrint print;
        std::string_view name = block.header.text.substr(11);
        name = trim(name.substr(0, name.find('#')));
        if (name.empty()) return error(block.header.number, "Fingerprint without a name");
        print.name = name;
        print.line = block.header.number;
        print.own = db_.nmap_prints_ != OsDb::kAllNmap;
        print.lines_begin = static_cast<std::uint32_t>(db_.print_lines_.size());
        for (const Line& line : block.body) {
            if (line.text.starts_with("Class ")) {
                if (auto r = parse_class(line, print); !r) return r;
            } else if (line.text.starts_with("CPE ")) {
                if (auto r = parse_cpe(line, print); !r) return r;
            } else {
                auto id = intern_test_line(line);
                if (!id) return unexpected(id.error());
                std::uint32_t test = db_.test_lines_[*id].test;
                for (auto i = print.lines_begin; i < db_.print_lines_.size(); ++i)
                    if (db_.test_lines_[db_.print_lines_[i]].test == test)
                        return error(line.number, fmt::format("test {} repeated in this fingerprint",
                                                              db_.tests_[test].name));
                db_.print_lines_.push_back(*id);
            }
        }
        print.lines_end = static_cast<std::uint32_t>(db_.print_lines_.size());
        for (auto i = print.lines_begin; i < print.lines_end; ++i) {
            const TestLine& tl = db_.test_lines_[db_.print_lines_[i]];
            for (auto e = tl.exprs_begin; e < tl.exprs_end; ++e)
                print.max_points += db_.slots_[db_.expr_slots_[db_.line_exprs_[e]]].weight;
        }
        if (print.lines_begin == print.lines_end)
            return error(block.header.number, fmt::format("Fingerprint {} has no test lines", print.name));
        db_.prints_.push_back(std::move(print));
        return {};
    }

    std::string_view text_;
    std::string file_;  // the file being read, for errors
    std::optional<NmapBehaviour> forced_;
    int version_line_number_ = 0;
    OsDb db_;
    std::unordered_map<std::string_view, std::uint32_t> line_ids_;
    std::vector<std::unordered_map<std::string_view, std::uint32_t>> expr_ids_;  // per slot
};

std::optional<std::string> version_line_nmap(std::string_view line) {
    std::size_t at = line.find("Nmap ");
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view version = line.substr(at + 5);
    version = version.substr(0, version.find(' '));
    if (version.empty() || !version_numbers(version)) return std::nullopt;
    return std::string(version);
}

NmapBehaviour header_behaviour(std::string_view text) {
    for (std::string_view line : split(text, '\n')) {
        if (line.starts_with("This nmap-os-db")) return NmapBehaviour::v7_95;
        if (is_keyword_line(line, "MatchPoints") || is_keyword_line(line, "Fingerprint")) break;
    }
    return NmapBehaviour::v7_93;
}

Result<OsDb> OsDb::parse(std::string_view text, std::string_view file, std::optional<NmapBehaviour> behaviour) {
    return OsDbParser(text, file, behaviour).run();
}

Result<OsDb> OsDb::with_prints_from(OsDb db, std::string_view text, std::string_view file) {
    if (db.nmap_prints_ == OsDb::kAllNmap) db.nmap_prints_ = static_cast<std::uint32_t>(db.prints_.size());
    return OsDbParser(std::move(db), text, file).run_append();
}

Result<OsDb> OsDb::load(const std::string& path, std::optional<NmapBehaviour> behaviour) {
    auto text = read_file(path);
    if (!text) return unexpected(text.error());
    return parse(*text, path, behaviour);
}

Result<OsDb> OsDb::load_with_own_prints(const std::string& path, const std::string& own_path,
                                       std::optional<NmapBehaviour> behaviour, std::string& warning) {
    auto nmap = load(path, behaviour);
    if (!nmap || own_path.empty()) return nmap;
    auto text = read_file(own_path);
    auto both = text ? with_prints_from(std::move(*nmap), *text, own_path) : unexpected(text.error());
    if (both) return both;
    warning = "Warning: whorl's own OS prints are not used: " + both.error().describe();
    return text ? load(path, behaviour) : std::move(nmap);  // a failed merge took the database
}

Result<OsDb> OsDb::load_with_own_prints(const std::string& path, const std::vector<std::string>& own_paths,
                                       std::optional<NmapBehaviour> behaviour, std::string& warning) {
    auto db = load(path, behaviour);
    if (!db) return db;
    for (const std::string& own : own_paths) {
        if (own.empty()) continue;
        auto text = read_file(own);
        auto merged = text ? with_prints_from(*db, *text, own) : unexpected(text.error());
        if (merged) {
            db = std::move(merged);
            continue;
        }
        if (!warning.empty()) warning += '\n';
        warning += "Warning: whorl's own OS prints are not used: " + merged.error().describe();
    }
    return db;
}

Result<OsDb> OsDb::load_installed(std::string_view datadir_option, std::optional<NmapBehaviour> behaviour) {
    auto path = find_nmap_file("nmap-os-db", datadir_option);
    if (!path) return unexpected(path.error());
    return load(*path, behaviour);
}

std::string OsDb::version_warning() const {
    if (required_nmap_.empty() || !version_newer(required_nmap_, nmap_version_text(behaviour_))) return {};
    return version_line_ + "\nOS detection results may be inaccurate.";
}

std::optional<std::uint32_t> OsDb::find_test(std::string_view name) const {
    for (std::size_t i = 0; i < tests_.size(); ++i)
        if (tests_[i].name == name) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

std::optional<std::uint32_t> OsDb::find_slot(std::uint32_t test, std::string_view attr) const {
    const TestDef& t = tests_[test];
    for (auto i = t.slots_begin; i < t.slots_end; ++i)
        if (slots_[i].attr == attr) return i;
    return std::nullopt;
}

std::vector<std::string> OsDb::print_test_lines(std::uint32_t print) const {
    std::vector<std::string> out;
    const RefPrint& p = prints_[print];
    for (auto i = p.lines_begin; i < p.lines_end; ++i) {
        const TestLine& tl = test_lines_[print_lines_[i]];
        std::string s = tests_[tl.test].name + "(";
        for (auto e = tl.exprs_begin; e < tl.exprs_end; ++e) {
            std::uint32_t id = line_exprs_[e];
            if (e != tl.exprs_begin) s += '%';
            s += slots_[expr_slots_[id]].attr;
            s += '=';
            s += exprs_.source(id);
        }
        out.push_back(s + ")");
    }
    return out;
}

}  // namespace whorl::fp::db
