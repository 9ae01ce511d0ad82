// Running outside tools from tests.
#include "support/external_tools.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace whorl::report::test {

CommandResult run_command(const std::string& command) {
    CommandResult r;
    std::string wrapped = "( " + command + " ) 2>&1";
    FILE* pipe = popen(wrapped.c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.output.append(buf, n);
    int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

bool tool_works(const std::string& command) { return run_command(command).status == 0; }

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

ScratchDir::ScratchDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/whorl-report-XXXXXX";
    if (mkdtemp(templ.data())) path_ = templ;
}

ScratchDir::~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& text) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string widened_nmap_dtd(const ScratchDir& dir) {
    if (!std::filesystem::exists(kNmapDtd)) return {};
    std::string out = dir.path() + "/nmap-whorl.dtd";
    std::string cmd = "sed 's/scanner\\([[:space:]]*\\)(nmap)/scanner\\1(nmap|whorl)/' " + shell_quote(kNmapDtd) +
                      " > " + shell_quote(out) + " && grep -q '(nmap|whorl)' " + shell_quote(out);
    return run_command(cmd).status == 0 ? out : std::string();
}

}  // namespace whorl::report::test
