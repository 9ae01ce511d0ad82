// JSON writing with indentation.
#include "report/json_writer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "report/os_match_json.hpp"

namespace whorl::report {

void JsonWriter::newline() {
    if (one_line_) return;
    out_ += '\n';
    out_.append(2 * stack_.size(), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;
    Level& level = stack_.back();
    if (level.has_members) out_ += level.compact || one_line_ ? ", " : ",";
    level.has_members = true;
    if (!level.compact) newline();
}

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    out_ += json_string(name);
    out_ += ": ";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back({});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    bool had_members = stack_.back().has_members;
    stack_.pop_back();
    if (had_members) newline();
    out_ += '}';
    if (stack_.empty() && !one_line_) out_ += '\n';
    return *this;
}

JsonWriter& JsonWriter::begin_array(bool compact) {
    before_value();
    out_ += '[';
    stack_.push_back({false, compact});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    Level level = stack_.back();
    stack_.pop_back();
    if (level.has_members && !level.compact) newline();
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    before_value();
    out_ += json_string(s);
    return *this;
}

JsonWriter& JsonWriter::value(long long n) {
    before_value();
    out_ += fmt::format("{}", n);
    return *this;
}

JsonWriter& JsonWriter::value(unsigned long n) { return value(static_cast<unsigned long long>(n)); }

JsonWriter& JsonWriter::value(unsigned long long n) {
    before_value();
    out_ += fmt::format("{}", n);
    return *this;
}

JsonWriter& JsonWriter::value(double d) {
    if (!std::isfinite(d)) return null();
    before_value();
    std::string s = fmt::format("{}", d);
    // fmt writes integral doubles as "15": fine for JSON, but keep a fraction so readers
    // that type by syntax see a number with decimals.
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    out_ += s;
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    before_value();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

}  // namespace whorl::report
