// ScanOutputs: every report a scan writes as it runs: normal text on the terminal and the
// -oN, -oX, -oG and -oJ files ("-" is standard output: the terminal's report then goes
// nowhere, as in Nmap; see takes_standard_output), each opened (or appended to, with
// --append-output) before the first packet, fed host by host as groups finish and closed
// with its footer even when the run is interrupted or fails half-way, so every file is
// complete and well formed. JSON is one document, written whole at the end.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "cli/scan_config.hpp"
#include "report/scan_report.hpp"

namespace whorl::cli {

// The writers' options from the command line.
report::OutputOptions output_options(const ScanConfig& config);

// Some -oN/-oX/-oG/-oJ is "-": standard output carries that format only, and what Nmap
// prints on the terminal (the normal report, -v and --stats-every lines, the packet
// trace) is discarded, as Nmap sends it to /dev/null then.
bool takes_standard_output(const ScanConfig& config);

class ScanOutputs {
public:
    // Opens every requested file ("-": `standard_output`); an error names the file that
    // could not be opened. `terminal` receives the interactive normal report.
    static Result<ScanOutputs> open(const ScanConfig& config, std::FILE* terminal, std::FILE* standard_output);

    ScanOutputs(ScanOutputs&&) noexcept;
    ScanOutputs& operator=(ScanOutputs&&) noexcept;
    ~ScanOutputs();

    void start(const report::ScanReport& report);
    void host(const report::HostReport& host);
    // Footers; `report` is the final one (an interrupted or failed run included). Then the
    // files are closed: the first write, flush or close that failed on any of them (a full
    // file system, /dev/full) is the error, naming the file; the scan's exit status says so.
    Result<void> finish(const report::ScanReport& report);

private:
    struct File;
    ScanOutputs(report::OutputOptions options, std::FILE* terminal);
    void write(std::FILE* to, const std::string& text);
    void write(File& to, const std::string& text);

    report::OutputOptions options_;
    std::FILE* terminal_;
    std::vector<std::unique_ptr<File>> files_;
    bool started_ = false, finished_ = false;
};

}  // namespace whorl::cli
