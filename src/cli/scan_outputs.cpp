// ScanOutputs: opens the report files and feeds each writer (report/) its header, hosts
// and footer as the scan goes.
#include "cli/scan_outputs.hpp"

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "report/grepable_output.hpp"
#include "report/json_output.hpp"
#include "report/normal_output.hpp"
#include "report/xml_output.hpp"

namespace whorl::cli {

enum class Format { normal, xml, grepable, json };

struct ScanOutputs::File {
    Format format;
    std::string path;
    std::FILE* stream = nullptr;
    bool owned = false;
    std::optional<Error> failure;  // the first write, flush or close that failed
    void failed(const char* what) {
        if (!failure)
            failure = Error{Errc::io,
                            fmt::format("Failed to {} output file {}: {}", what, path == "-" ? "<stdout>" : path,
                                        std::strerror(errno ? errno : EIO)),
                            {}};
    }
    void close() {
        if (owned && stream && std::fclose(stream) != 0) failed("close");
        if (owned) stream = nullptr;
    }
    ~File() {
        if (owned && stream) std::fclose(stream);
    }
};

report::OutputOptions output_options(const ScanConfig& c) {
    report::OutputOptions o;
    o.verbose = c.verbose;
    o.debugging = c.debugging;
    o.reason = c.reason;
    o.open_only = c.open_only;
    o.defeat_rst_ratelimit = c.open_only;  // --open implies it, as in Nmap
    o.os = fp::match::OsPrintOptions{c.verbose, c.debugging, c.osscan_guess};
    o.xml_scanner_name = c.xml_scanner_name;
    return o;
}

ScanOutputs::ScanOutputs(report::OutputOptions options, std::FILE* terminal)
    : options_(std::move(options)), terminal_(terminal) {}
ScanOutputs::ScanOutputs(ScanOutputs&&) noexcept = default;
ScanOutputs& ScanOutputs::operator=(ScanOutputs&&) noexcept = default;
ScanOutputs::~ScanOutputs() = default;

bool takes_standard_output(const ScanConfig& c) {
    for (const std::string* path : {&c.output.normal, &c.output.xml, &c.output.grepable, &c.output.json})
        if (*path == "-") return true;
    return false;
}

Result<ScanOutputs> ScanOutputs::open(const ScanConfig& c, std::FILE* terminal, std::FILE* standard_output) {
    ScanOutputs outputs(output_options(c), terminal);
    const std::pair<Format, const std::string*> wanted[] = {{Format::normal, &c.output.normal},
                                                            {Format::xml, &c.output.xml},
                                                            {Format::grepable, &c.output.grepable},
                                                            {Format::json, &c.output.json}};
    for (auto [format, path] : wanted) {
        if (path->empty()) continue;
        auto f = std::make_unique<File>();
        f->format = format;
        f->path = *path;
        if (*path == "-") {
            f->stream = standard_output;
        } else {
            f->stream = std::fopen(path->c_str(), c.output.append ? "a" : "w");
            if (!f->stream)
                return fail(Errc::io, fmt::format("Failed to open output file {} for writing: {}", *path,
                                                  std::strerror(errno)));
            f->owned = true;
        }
        outputs.files_.push_back(std::move(f));
    }
    return outputs;
}

void ScanOutputs::write(std::FILE* to, const std::string& text) {
    if (text.empty()) return;
    std::fwrite(text.data(), 1, text.size(), to);
    std::fflush(to);
}

void ScanOutputs::write(File& f, const std::string& text) {
    if (text.empty() || !f.stream || f.failure) return;
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), f.stream) != text.size()) return f.failed("write to");
    if (std::fflush(f.stream) != 0) f.failed("write to");
}

void ScanOutputs::start(const report::ScanReport& r) {
    started_ = true;
    write(terminal_, report::normal_header(r, options_, report::NormalDestination::terminal));
    for (auto& f : files_) {
        switch (f->format) {
            case Format::normal: write(*f, report::normal_header(r, options_, report::NormalDestination::file)); break;
            case Format::xml: write(*f, report::xml_header(r, options_)); break;
            case Format::grepable: write(*f, report::grepable_header(r, options_)); break;
            case Format::json: break;
        }
    }
}

void ScanOutputs::host(const report::HostReport& h) {
    std::string normal = report::normal_host(h, options_);
    write(terminal_, normal);
    for (auto& f : files_) {
        switch (f->format) {
            case Format::normal: write(*f, normal); break;
            case Format::xml: write(*f, report::xml_host(h, options_)); break;
            case Format::grepable: write(*f, report::grepable_host(h, options_)); break;
            case Format::json: break;
        }
    }
}

Result<void> ScanOutputs::finish(const report::ScanReport& r) {
    if (!started_ || finished_) return {};
    finished_ = true;
    write(terminal_, report::normal_footer(r, options_, report::NormalDestination::terminal));
    for (auto& f : files_) {
        switch (f->format) {
            case Format::normal: write(*f, report::normal_footer(r, options_, report::NormalDestination::file)); break;
            case Format::xml: write(*f, report::xml_footer(r, options_)); break;
            case Format::grepable: write(*f, report::grepable_footer(r, options_)); break;
            case Format::json: write(*f, report::json_output(r, options_)); break;
        }
    }
    std::optional<Error> first;
    for (auto& f : files_) {
        f->close();
        if (f->failure && !first) first = f->failure;
    }
    if (first) return unexpected(*first);
    return {};
}

}  // namespace whorl::cli
