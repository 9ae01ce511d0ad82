// The ua-parser project's OS parsers (uap-core's regexes.yaml, Debian package uap-core),
// read where they are installed, as nmap-os-db is: each `os_parsers` entry's regex (PCRE,
// compiled once with PCRE2's JIT) and its replacements. A User-Agent gets the first entry
// that matches, in file order, as ua-parser defines it: the family is os_replacement ($1..$9
// substituted) or the first group, and the version parts os_v1..v4_replacement or the next
// groups. Only the subset of YAML that file uses is read: a top-level key, "- key: value"
// items and "key: value" lines, values plain, 'single' or "double" quoted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fp/fusion/evidence.hpp"

namespace whorl::fp::passive {

struct UapOs {
    std::string family;  // "Windows", "Mac OS X", "Android", "iOS", "Linux", "Ubuntu", ...
    std::string major, minor, patch, patch_minor;
};

// The fusion's family for a ua-parser OS family ("Ubuntu" -> linux, "Mac OS X" -> macos);
// unknown for one that names no OS ("Other") or that whorl does not place.
OsFamily uap_os_family(std::string_view family);

class UapOsParsers {
public:
    static constexpr const char* kInstalledPath = "/usr/share/uap-core/regexes.yaml";

    // `name` names the text in errors ("file:line").
    static Result<UapOsParsers> parse(std::string_view yaml, const std::string& name);
    static Result<UapOsParsers> load(const std::string& path);

    UapOsParsers(UapOsParsers&&) noexcept;
    UapOsParsers& operator=(UapOsParsers&&) noexcept;
    ~UapOsParsers();

    std::optional<UapOs> parse_user_agent(std::string_view ua) const;
    std::size_t size() const;

private:
    struct Entry;
    UapOsParsers();
    std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace whorl::fp::passive
