// Which nmap data files were read: `whorl match -v/-d` says it as Nmap's printdatafilepaths
// does (on stderr), and `whorl --version` lists the search order. The database is a small
// one the test writes; NMAPDIR and PATH are set by the test and restored.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "cli/match_command.hpp"
#include "cli/version.hpp"
#include "fp/db/data_paths.hpp"
#include "support/fixtures.hpp"

namespace whorl::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDataFilesSmallDb =
    "MatchPoints\n"
    "SEQ(SP=25%GCD=75%ISR=25%TI=100%CI=50%II=100%SS=80%TS=100)\n"
    "T1(R=100%DF=20%T=15%TG=15%S=20%A=20%F=30%RD=20%Q=20)\n"
    "\n"
    "Fingerprint Example OS 1.0\n"
    "Class Example | ExampleOS | 1.X | general purpose\n"
    "SEQ(SP=0-5%GCD=1|2%TI=I|RD%TS=U)\n"
    "T1(R=Y%DF=N%T=FA-104%TG=FF%S=O%A=S+%F=AS%RD=0%Q=)\n";

class DataFilesTempDir {
public:
    DataFilesTempDir() {
        std::string templ = ::testing::TempDir() + "whorl-data-files-XXXXXX";
        root_ = fs::canonical(::mkdtemp(templ.data())).string();
    }
    ~DataFilesTempDir() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    std::string path(const std::string& rel) const { return root_ + "/" + rel; }
    std::string write(const std::string& rel, std::string_view text) const {
        fs::create_directories(fs::path(path(rel)).parent_path());
        std::ofstream(path(rel)) << text;
        return path(rel);
    }

private:
    std::string root_;
};

class DataFilesEnv {
public:
    DataFilesEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~DataFilesEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    DataFilesEnv(const DataFilesEnv&) = delete;
    DataFilesEnv& operator=(const DataFilesEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

struct DataFilesRun {
    Result<int> status;
    std::string out, err;
};

std::string data_files_slurp(std::FILE* f) {
    std::string text;
    std::rewind(f);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    return text;
}

DataFilesRun data_files_match(std::vector<std::string> args) {
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    DataFilesRun r{run_match(args, Streams{out, err}), {}, {}};
    r.out = data_files_slurp(out);
    r.err = data_files_slurp(err);
    return r;
}

TEST(DataFiles, MatchNamesTheNmapOsDbItRead) {
    DataFilesTempDir t;
    t.write("datadir/nmap-os-db", kDataFilesSmallDb);
    // A different nmap-os-db in $NMAPDIR: --datadir comes first.
    t.write("nmapdir/nmap-os-db", "not a database\n");
    DataFilesEnv nmapdir("NMAPDIR", t.path("nmapdir"));
    const std::string fp = whorl::test::fixture_path("nmap-os/linux-default/fingerprint.txt");
    const std::string dir = t.path("datadir");

    // whorl's own prints use tests this small MatchPoints lacks: Nmap's prints alone, and
    // a warning that says why.
    auto own = data_files_match({"--datadir", dir, fp});
    ASSERT_TRUE(own.status) << own.status.error().describe();
    EXPECT_NE(own.err.find("Warning: whorl's own OS prints are not used: "), std::string::npos) << own.err;
    EXPECT_NE(own.err.find("whorl-os-db:"), std::string::npos) << own.err;
    // Without them (a whorl data directory that has none), stderr says only what Nmap says.
    t.write("whorl-data/README", "no whorl-os-db here\n");
    DataFilesEnv whorl_data("WHORL_DATADIR", t.path("whorl-data"));

    auto d = data_files_match({"--datadir", dir, "-d", fp});
    ASSERT_TRUE(d.status) << d.status.error().describe();
    EXPECT_EQ(d.err, "Read from " + dir + ": nmap-os-db.\n");
    EXPECT_EQ(d.out.find("Read from"), std::string::npos);  // stdout stays Nmap's OS block

    auto v = data_files_match({"--datadir", dir, "-v", fp});
    ASSERT_TRUE(v.status) << v.status.error().describe();
    EXPECT_EQ(v.err, "Read data files from: " + dir + "\n");

    auto quiet = data_files_match({"--datadir", dir, fp});
    ASSERT_TRUE(quiet.status) << quiet.status.error().describe();
    EXPECT_EQ(quiet.err, "");
    EXPECT_FALSE(quiet.out.empty());

    // Without --datadir, $NMAPDIR's file is the one read (and this one is broken).
    auto from_nmapdir = data_files_match({"-d", fp});
    ASSERT_FALSE(from_nmapdir.status);
    EXPECT_NE(from_nmapdir.status.error().describe().find(t.path("nmapdir/nmap-os-db")), std::string::npos)
        << from_nmapdir.status.error().describe();
}

TEST(DataFiles, VersionListsTheSearchOrder) {
    DataFilesTempDir t;
    t.write("nmapdir/nmap-os-db", kDataFilesSmallDb);
    t.write("bin/nmap", "#!/bin/sh\n");
    fs::permissions(t.path("bin/nmap"), fs::perms::owner_all);
    DataFilesEnv nmapdir("NMAPDIR", t.path("nmapdir"));
    DataFilesEnv path("PATH", t.path("bin"));
    std::string text = version_text();
    std::string order;
    for (const auto& d : fp::db::nmap_data_dirs({})) order += (order.empty() ? "" : ", ") + d;
    EXPECT_NE(text.find("  nmap search order: " + order + "\n"), std::string::npos) << text;
    EXPECT_EQ(order.rfind(t.path("nmapdir") + ", ", 0), 0u) << order;
    EXPECT_NE(order.find(t.path("bin") + ", " + t.path("bin") + "/../share/nmap, /usr/local/share/nmap, "
                                                                  "/usr/share/nmap"),
              std::string::npos)
        << order;
    EXPECT_NE(text.find("  nmap-os-db:        " + t.path("nmapdir/nmap-os-db") + "\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace whorl::cli
