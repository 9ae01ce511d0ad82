// Test support: the outside tools that judge whorl's output files (xmllint against
// nmap.dtd, Nmap's ndiff, python3-libnmap, xsltproc with nmap.xsl, python3-jsonschema),
// run on files in a scratch directory that is removed afterwards.
#pragma once

#include <string>

namespace whorl::report::test {

struct CommandResult {
    int status = -1;     // exit status; -1 if it did not run or was killed
    std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh, capturing both output streams.
CommandResult run_command(const std::string& command);

// Whether `command` exits with status 0 (for "is the tool installed").
bool tool_works(const std::string& command);

// Quotes a path for /bin/sh.
std::string shell_quote(const std::string& s);

// A directory under $TMPDIR (or /tmp) that is removed with everything in it.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::string& path() const { return path_; }
    // Writes `text` to path()/name and returns the file's path.
    std::string write(const std::string& name, const std::string& text) const;

private:
    std::string path_;
};

// The installed nmap.dtd with the nmaprun scanner enumeration widened from (nmap) to
// (nmap|whorl), written into `dir` with sed; returns its path ("" when nmap.dtd is not
// installed). The stock DTD is never copied into the repository.
std::string widened_nmap_dtd(const ScratchDir& dir);

inline constexpr const char* kNmapDtd = "/usr/share/nmap/nmap.dtd";
inline constexpr const char* kNmapXsl = "/usr/share/nmap/nmap.xsl";
inline constexpr const char* kSystemPython = "/usr/bin/python3";  // Debian's, with python3-libnmap

}  // namespace whorl::report::test
