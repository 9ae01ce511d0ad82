// The p0f.fp loader: p0f 3.09b's readfp.c state machine (classes before any section, a
// label before sigs, exactly one `sys` after an application label, `ua_os` only at the top
// of [http:request]), its character rules and its duplicate checks, with one Error per
// broken line located as "file:line".
#include "fp/p0f/p0f_database.hpp"

#include <strings.h>

#include "base/text.hpp"
#include "fp/common/text_cursor.hpp"
#include "fp/db/data_paths.hpp"

namespace whorl::fp::passive {

namespace {

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

class P0fParser {
public:
    P0fParser(P0fDatabase& db, std::string_view source) : db_(db), source_(source) {}

    Result<void> parse(std::string_view text) {
        std::size_t start = 0;
        while (start <= text.size()) {
            ++line_no_;
            std::size_t eol = text.find('\n', start);
            if (eol == std::string_view::npos) eol = text.size();
            std::string_view line = text.substr(start, eol - start);
            if (line.find('\0') != std::string_view::npos) return error("NUL byte in line");
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF files
            while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
            if (!line.empty() && line.front() != ';')
                if (auto r = statement(line); !r) return r;
            start = eol + 1;
        }
        return {};
    }

private:
    enum class State { need_section, need_label, need_sys, need_sig };
    enum class Module { none, tcp, http, mtu };

    unexpected<Error> error(std::string message) const {
        return fail(Errc::parse, std::move(message), source_ + ":" + std::to_string(line_no_));
    }

    Result<void> statement(std::string_view line) {
        if (line.front() == '[') return section(line.substr(1));
        TextCursor c(line);
        std::string_view name =
            c.take_while([](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_'; });
        c.take_while(is_blank);
        if (name.empty() || !c.eat('=')) return error("unexpected statement");
        c.take_while(is_blank);
        std::string_view value = c.rest();

        if (name == "classes") {
            if (state_ != State::need_section) return error("misplaced 'classes'");
            return classes(value);
        }
        if (name == "ua_os") {
            if (state_ != State::need_label || module_ != Module::http || dir_ != Direction::request)
                return error("misplaced 'ua_os'");
            return ua_os(value);
        }
        if (name == "label") {
            if (state_ != State::need_label && state_ != State::need_sig)
                return error("misplaced 'label'");
            if (auto r = label(value); !r) return r;
            state_ = module_ != Module::mtu && app_ ? State::need_sys : State::need_sig;
            return {};
        }
        if (name == "sys") {
            if (state_ != State::need_sys) return error("misplaced 'sys'");
            state_ = State::need_sig;
            return sys(value);
        }
        if (name == "sig") {
            if (state_ != State::need_sig) return error("misplaced 'sig'");
            return signature(value);
        }
        return error("unrecognized field '" + std::string(name) + "'");
    }

    Result<void> section(std::string_view rest) {
        if (rest == "mtu]") {
            module_ = Module::mtu;
            state_ = State::need_label;
            return {};
        }
        auto colon = rest.find(':');
        if (colon == std::string_view::npos) return error("malformed section identifier");
        std::string_view module = rest.substr(0, colon), dir = rest.substr(colon + 1);
        if (module == "tcp") module_ = Module::tcp;
        else if (module == "http") module_ = Module::http;
        else return error("unrecognized fingerprinting module '" + std::string(module) + "'");
        if (dir == "request]") dir_ = Direction::request;
        else if (dir == "response]") dir_ = Direction::response;
        else return error("unrecognized traffic direction");
        state_ = State::need_label;
        return {};
    }

    // A comma-separated list of alphanumeric class names.
    Result<void> classes(std::string_view value) {
        TextCursor c(value);
        while (!c.at_end()) {
            c.take_while([](char ch) { return is_blank(ch) || ch == ','; });
            std::string_view cls = c.take_while(is_alnum);
            if (cls.empty() || (!c.at_end() && c.peek() != ',')) return error("malformed class entry");
            db_.classes_.emplace_back(cls);
        }
        return {};
    }

    std::optional<std::uint32_t> find_class(std::string_view name) const {
        for (std::size_t i = 0; i < db_.classes_.size(); ++i)
            if (iequal(db_.classes_[i], name)) return static_cast<std::uint32_t>(i);
        return std::nullopt;
    }

    // p0f's lookup_name_id: case-insensitive, the first spelling seen is kept.
    std::uint32_t intern_name(std::string_view name) {
        if (auto id = db_.find_name(name)) return *id;
        db_.names_.emplace_back(name);
        return static_cast<std::uint32_t>(db_.names_.size() - 1);
    }

    Result<void> ua_os(std::string_view value) {
        TextCursor c(value);
        while (!c.at_end()) {
            std::string_view name = c.take_while(is_name_char);
            if (name.empty()) return error("malformed system name in 'ua_os'");
            UaOsEntry e{intern_name(name), {}};
            e.match = db_.names_[e.name_id];
            if (c.eat('=')) {
                if (!c.eat('[')) return error("missing '[' after '=' in 'ua_os'");
                std::string_view alias = c.take_while([](char ch) { return ch != ']'; });
                if (alias.empty() || !c.eat(']')) return error("malformed 'ua_os' entry");
                e.match = std::string(alias);
            }
            db_.ua_os_.push_back(std::move(e));
            c.eat(',');
        }
        return {};
    }

    Result<void> label(std::string_view value) {
        if (module_ == Module::mtu) {
            if (value.empty()) return error("empty MTU label");
            mtu_label_ = std::string(value);
            return {};
        }
        Label l;
        l.line = line_no_;
        TextCursor c(value);
        if (c.eat('g')) l.generic = true;
        else if (!c.eat('s')) return error("malformed label: type must be 's' or 'g'");
        if (!c.eat(':')) return error("malformed label: expected ':' after the type");
        std::string_view cls = c.take_while([](char ch) { return is_alnum(ch) || ch == '!'; });
        if (cls.empty() || !c.eat(':')) return error("malformed label: bad class");
        if (cls == "!") {
            l.class_id = -1;
        } else if (auto id = find_class(cls)) {
            l.class_id = static_cast<std::int32_t>(*id);
        } else {
            return error("unknown class '" + std::string(cls) + "'");
        }
        std::string_view name = c.take_while(is_name_char);
        if (name.empty() || !c.eat(':')) return error("malformed name in label");
        l.name_id = intern_name(name);
        if (!c.at_end()) l.flavor = std::string(c.rest());
        l.label_id = ++label_counter_;
        app_ = l.is_app();
        db_.labels_.push_back(std::move(l));
        return {};
    }

    // "Name,@class,...": OS names or classes an application is known to run on.
    Result<void> sys(std::string_view value) {
        Label& l = db_.labels_.back();
        TextCursor c(value);
        while (!c.at_end()) {
            c.take_while([](char ch) { return is_blank(ch) || ch == ','; });
            bool is_class = c.eat('@');
            std::string_view name = c.take_while(is_name_char);
            if (name.empty() || (!c.at_end() && c.peek() != ',')) return error("malformed sys entry");
            if (is_class) {
                auto id = find_class(name);
                if (!id) return error("unknown class '" + std::string(name) + "' in sys");
                l.sys.push_back({true, *id});
            } else {
                l.sys.push_back({false, intern_name(name)});
            }
        }
        return {};
    }

    Result<void> signature(std::string_view value) {
        const auto label_index = static_cast<std::uint32_t>(db_.labels_.size() - 1);
        const int d = static_cast<int>(dir_);
        switch (module_) {
            case Module::mtu: {
                auto mtu = parse_mtu_value(value);
                if (!mtu) return error("malformed MTU value");
                db_.mtu_.add({*mtu, mtu_label_, line_no_});
                return {};
            }
            case Module::tcp: {
                auto sig = parse_tcp_signature(value);
                if (!sig) return error("TCP signature: " + sig.error());
                const Label& l = db_.labels_[label_index];
                if (auto covered = db_.tcp_[d].add({*sig, label_index, line_no_, l.generic, l.is_app()}))
                    return error("signature is already covered by line " + std::to_string(*covered));
                return {};
            }
            case Module::http: {
                auto sig = parse_http_signature(value, db_.headers_);
                if (!sig) return error("HTTP signature: " + sig.error());
                const Label& l = db_.labels_[label_index];
                if (auto covered = db_.http_[d].add({std::move(*sig), label_index, line_no_,
                                                     l.generic, l.is_app()}))
                    return error("signature is already covered by line " + std::to_string(*covered));
                return {};
            }
            case Module::none: break;
        }
        return error("misplaced 'sig'");
    }

    P0fDatabase& db_;
    std::string source_;
    std::uint32_t line_no_ = 0;
    State state_ = State::need_section;
    Module module_ = Module::none;
    Direction dir_ = Direction::request;
    bool app_ = false;
    std::uint32_t label_counter_ = 0;
    std::string mtu_label_;
};

Result<P0fDatabase> P0fDatabase::parse(std::string_view text, std::string_view source) {
    P0fDatabase db;
    P0fParser parser(db, source);
    if (auto r = parser.parse(text); !r) return unexpected<Error>(r.error());
    return db;
}

Result<P0fDatabase> P0fDatabase::load(const std::string& path) {
    auto text = read_file(path);
    if (!text) return unexpected<Error>(text.error());
    return parse(*text, path);
}

Result<P0fDatabase> P0fDatabase::load_default(std::string_view explicit_path) {
    auto path = db::find_p0f_fp(explicit_path);
    if (!path) return unexpected<Error>(path.error());
    return load(*path);
}

std::size_t P0fDatabase::signature_count() const {
    return tcp_[0].size() + tcp_[1].size() + http_[0].size() + http_[1].size() + mtu_.size();
}

std::string P0fDatabase::label_text(std::uint32_t label_index) const {
    const Label& l = labels_[label_index];
    std::string out = names_[l.name_id];
    if (l.flavor) out += ' ' + *l.flavor;
    return out;
}

std::optional<std::uint32_t> P0fDatabase::find_name(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (iequal(names_[i], name)) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

}  // namespace whorl::fp::passive
