// JsonWriter: a small streaming JSON writer with two-space indentation (compact arrays of
// scalars on one line). Objects and arrays are opened and closed; members are key()
// followed by one value or container.
// In the one-line layout (JSON Lines, messages) nothing is indented and no newline is
// written: `{"a": 1, "b": [1, 2]}`.
// Strings are escaped by json_string (valid UTF-8 kept, other bytes read as Latin-1), so
// the document is always valid JSON whatever bytes a host name or banner holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whorl::report {

class JsonWriter {
public:
    enum class Layout { indented, one_line };
    explicit JsonWriter(std::string& out, Layout layout = Layout::indented)
        : out_(out), one_line_(layout == Layout::one_line) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    // A compact array keeps its elements on one line: ["a", "b"] (for lists of scalars).
    JsonWriter& begin_array(bool compact = false);
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(long long n);
    JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(unsigned n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(long n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(unsigned long n);
    JsonWriter& value(unsigned long long n);
    JsonWriter& value(double d);  // shortest round-trip form; NaN and infinities as null
    JsonWriter& value(bool b);
    JsonWriter& null();

    template <typename T>
    JsonWriter& value(const std::optional<T>& v) {
        return v ? value(*v) : null();
    }

    // "name": value, in one call.
    template <typename T>
    JsonWriter& member(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    std::size_t depth() const { return stack_.size(); }

private:
    void before_value();
    void newline();

    std::string& out_;
    bool one_line_ = false;
    struct Level {
        bool has_members = false;
        bool compact = false;
    };
    std::vector<Level> stack_;  // the open containers
    bool after_key_ = false;
};

}  // namespace whorl::report
