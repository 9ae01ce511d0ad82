// XML escaping and element writing.
#include "report/xml_writer.hpp"

#include <fmt/format.h>

namespace whorl::report {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (c < 0x20 || c >= 0x7f) out += fmt::format("&#x{:x};", c);
                else out += ch;
        }
    }
    return out;
}

void XmlWriter::finish_start_tag() {
    if (start_tag_open_) {
        out_ += '>';
        start_tag_open_ = false;
    }
}

XmlWriter& XmlWriter::open(std::string_view name) {
    finish_start_tag();
    out_ += '<';
    out_ += name;
    stack_.emplace_back(name);
    start_tag_open_ = true;
    has_children_ = false;
    return *this;
}

XmlWriter& XmlWriter::attr(std::string_view name, std::string_view value) {
    out_ += fmt::format(" {}=\"{}\"", name, xml_escape(value));
    return *this;
}

XmlWriter& XmlWriter::attr(std::string_view name, long long value) {
    out_ += fmt::format(" {}=\"{}\"", name, value);
    return *this;
}

XmlWriter& XmlWriter::text(std::string_view content) {
    finish_start_tag();
    out_ += xml_escape(content);
    has_children_ = true;
    return *this;
}

XmlWriter& XmlWriter::raw(std::string_view markup) {
    finish_start_tag();
    out_ += markup;
    if (!stack_.empty()) has_children_ = true;
    return *this;
}

XmlWriter& XmlWriter::close(bool newline) {
    if (stack_.empty()) return *this;
    if (start_tag_open_) {
        out_ += "/>";
        start_tag_open_ = false;
    } else {
        out_ += fmt::format("</{}>", stack_.back());
    }
    stack_.pop_back();
    has_children_ = true;
    if (newline) out_ += '\n';
    return *this;
}

}  // namespace whorl::report
