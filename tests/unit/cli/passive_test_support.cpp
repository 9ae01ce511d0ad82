// See passive_test_support.hpp.
#include "passive_test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/passive_command.hpp"

namespace whorl::cli::test {

namespace {

std::string slurp(std::FILE* f) {
    std::string s;
    std::rewind(f);
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
    return s;
}

// TZ=UTC for as long as it lives.
class Utc {
public:
    Utc() {
        if (const char* tz = std::getenv("TZ")) old_ = tz;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    ~Utc() {
        if (old_) ::setenv("TZ", old_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }

private:
    std::optional<std::string> old_;
};

const std::filesystem::path& temp_dir() {
    static const std::filesystem::path dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "whorl-passive-test.XXXXXX").string();
        const char* made = ::mkdtemp(tmpl.data());
        std::filesystem::path p = made ? made : tmpl;
        std::atexit([] { std::filesystem::remove_all(temp_dir()); });
        return p;
    }();
    return dir;
}

}  // namespace

PassiveRun run_passive_utc(const std::vector<std::string>& args) {
    Utc utc;
    return run_captured(run_passive, args);
}

CommandRun run_captured(CommandFn run, const std::vector<std::string>& args) {
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    CommandRun r;
    r.status = run(args, Streams{out, err});
    std::fflush(out);
    std::fflush(err);
    r.out = slurp(out);
    r.err = slurp(err);
    std::fclose(out);
    std::fclose(err);
    return r;
}

std::string temp_path(const std::string& name) {
    static int counter = 0;
    return (temp_dir() / (std::to_string(++counter) + "-" + name)).string();
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

bool have_p0f() { return ::access("/usr/sbin/p0f", X_OK) == 0; }

std::optional<std::string> run_p0f(const std::string& pcap, const std::vector<std::string>& args) {
    const std::string log = temp_path("p0f.log");
    const pid_t pid = ::fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        std::vector<std::string> argv = {"/usr/sbin/p0f", "-r", pcap, "-o", log};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargs;
        for (auto& a : argv) cargs.push_back(a.data());
        cargs.push_back(nullptr);
        ::setenv("TZ", "UTC", 1);
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execv(cargs[0], cargs.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return read_text(log);  // p0f writes no log file when it has nothing to say
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace whorl::cli::test
