// LineCursor: walks a text file's lines in order, numbered from 1 for "file:line" errors,
// without copying ('\n' ends a line; the last line needs none).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace whorl {

struct NumberedLine {
    std::uint32_t number = 0;
    std::string_view text;  // without its '\n'
};

class LineCursor {
public:
    explicit LineCursor(std::string_view text) : text_(text) {}

    std::optional<NumberedLine> next() {
        if (start_ >= text_.size()) return std::nullopt;
        std::size_t eol = text_.find('\n', start_);
        if (eol == std::string_view::npos) eol = text_.size();
        NumberedLine line{++number_, text_.substr(start_, eol - start_)};
        start_ = eol + 1;
        return line;
    }

private:
    std::string_view text_;
    std::size_t start_ = 0;
    std::uint32_t number_ = 0;
};

}  // namespace whorl
