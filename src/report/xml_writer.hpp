// XmlWriter: a small streaming XML writer with Nmap's escaping (named entities for
// & < > " ' and &#xNN; for anything unprintable, so a fingerprint's newlines become
// &#xa;). Elements are opened, given attributes, and closed; an element without children
// is written as <name .../>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace whorl::report {

std::string xml_escape(std::string_view text);

class XmlWriter {
public:
    explicit XmlWriter(std::string& out) : out_(out) {}

    XmlWriter& open(std::string_view name);
    XmlWriter& attr(std::string_view name, std::string_view value);
    XmlWriter& attr(std::string_view name, long long value);
    XmlWriter& text(std::string_view content);
    // Closes the innermost open element; `newline` appends '\n' after it, as Nmap does
    // after most elements.
    XmlWriter& close(bool newline = true);
    XmlWriter& raw(std::string_view markup);  // a declaration, a comment, a line break

    std::size_t depth() const { return stack_.size(); }

private:
    void finish_start_tag();

    std::string& out_;
    std::vector<std::string> stack_;
    bool start_tag_open_ = false;
    bool has_children_ = false;
};

}  // namespace whorl::report
