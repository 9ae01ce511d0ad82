// p0f v3's p0f.fp loaded into memory: classes, OS/application names, labels (with `sys`),
// the TCP, HTTP and MTU signature sets, and `ua_os`. The loader follows p0f 3.09b's
// readfp.c state machine and load-time checks; every broken line is one Error carrying
// "file:line".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fp/common/direction.hpp"
#include "fp/http/http_matcher.hpp"
#include "fp/tcp/mtu_table.hpp"
#include "fp/tcp/tcp_matcher.hpp"

namespace whorl::fp::passive {

// An OS class (`@win`) or an OS/application name in a `sys =` list.
struct SysEntry {
    bool is_class = false;
    std::uint32_t id = 0;  // class id or name id
    friend bool operator==(const SysEntry&, const SysEntry&) = default;
};

struct Label {
    bool generic = false;              // "g" rather than "s"
    std::int32_t class_id = -1;        // index into classes(); -1 for "!" (application)
    std::uint32_t name_id = 0;         // index into names()
    std::optional<std::string> flavor; // free text after the name; nullopt when empty
    std::uint32_t label_id = 0;        // p0f's running label number (1-based)
    std::vector<SysEntry> sys;         // only for applications
    std::uint32_t line = 0;

    bool is_app() const { return class_id < 0; }
};

// A `ua_os` entry: the OS name id and the substring that reveals it in a User-Agent.
struct UaOsEntry {
    std::uint32_t name_id = 0;
    std::string match;
};

class P0fDatabase {
public:
    // Parses p0f.fp text; `source` names it in error locations ("source:line").
    static Result<P0fDatabase> parse(std::string_view text, std::string_view source);
    // Reads and parses a file.
    static Result<P0fDatabase> load(const std::string& path);
    // /etc/p0f/p0f.fp (or an explicit path), found through fp/db/data_paths.
    static Result<P0fDatabase> load_default(std::string_view explicit_path = {});

    const std::vector<std::string>& classes() const { return classes_; }
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<Label>& labels() const { return labels_; }
    const Label& label(std::uint32_t index) const { return labels_[index]; }
    const std::vector<UaOsEntry>& ua_os() const { return ua_os_; }

    const TcpSignatureSet& tcp(Direction d) const { return tcp_[static_cast<int>(d)]; }
    const HttpSignatureSet& http(Direction d) const { return http_[static_cast<int>(d)]; }
    const HttpHeaderRegistry& headers() const { return headers_; }
    const MtuTable& mtu() const { return mtu_; }

    // Number of `sig =` lines loaded in all sections (p0f's "Loaded N signatures").
    std::size_t signature_count() const;

    // "Linux 3.11 and newer": the name as first registered in the file, then the flavor.
    std::string label_text(std::uint32_t label_index) const;

    // Case-insensitive name lookup (p0f's lookup_name_id without the insertion).
    std::optional<std::uint32_t> find_name(std::string_view name) const;

private:
    friend class P0fParser;

    std::vector<std::string> classes_;
    std::vector<std::string> names_;
    std::vector<Label> labels_;
    std::vector<UaOsEntry> ua_os_;
    std::array<TcpSignatureSet, 2> tcp_;
    std::array<HttpSignatureSet, 2> http_;
    HttpHeaderRegistry headers_;
    MtuTable mtu_;
};

}  // namespace whorl::fp::passive
