// Finding Nmap's data files as Nmap 7.95 does (nmap.cc, nmap_fetchfile_sub), and what it
// prints about them (output.cc, printdatafilepaths). Every directory searched is made by the
// test, and PATH, HOME and NMAPDIR are set by the test and restored.
#include "fp/db/data_paths.hpp"

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace whorl::fp::db {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the test's temporary directory, removed at the end.
class DataPathsTree {
public:
    DataPathsTree() {
        std::string templ = ::testing::TempDir() + "whorl-data-paths-XXXXXX";
        root_ = fs::canonical(::mkdtemp(templ.data())).string();
    }
    ~DataPathsTree() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    std::string path(const std::string& rel) const { return root_ + "/" + rel; }
    // Creates the file (and its directories); returns its path.
    std::string file(const std::string& rel, const std::string& text = "x\n") const {
        fs::create_directories(fs::path(path(rel)).parent_path());
        std::ofstream(path(rel)) << text;
        return path(rel);
    }
    std::string executable(const std::string& rel) const {
        auto p = file(rel, "#!/bin/sh\nexit 0\n");
        fs::permissions(p, fs::perms::owner_all);
        return p;
    }
    const std::string& root() const { return root_; }

private:
    std::string root_;
};

// Sets (or unsets) an environment variable for the scope of the object.
class DataPathsEnv {
public:
    DataPathsEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~DataPathsEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    DataPathsEnv(const DataPathsEnv&) = delete;
    DataPathsEnv& operator=(const DataPathsEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// Changes the working directory for the scope of the object.
class DataPathsCwd {
public:
    explicit DataPathsCwd(const std::string& dir) : old_(fs::current_path()) { fs::current_path(dir); }
    ~DataPathsCwd() { fs::current_path(old_); }
    DataPathsCwd(const DataPathsCwd&) = delete;
    DataPathsCwd& operator=(const DataPathsCwd&) = delete;

private:
    fs::path old_;
};

// Every place of Nmap's search, each holding an nmap-os-db: --datadir, $NMAPDIR, a fake
// home's .nmap, an nmap executable's directory and its ../share/nmap, and two stand-ins for
// the compiled-in /usr/local/share/nmap and /usr/share/nmap.
struct DataPathsLayout {
    DataPathsTree tree;
    NmapSearchInputs inputs;
    DataPathsLayout() {
        for (const char* dir : {"datadir", "nmapdir", "home/.nmap", "prefix/bin", "prefix/share/nmap",
                                "usr-local-share-nmap", "usr-share-nmap"})
            tree.file(std::string(dir) + "/nmap-os-db");
        tree.executable("prefix/bin/nmap");
        inputs.datadir = tree.path("datadir");
        inputs.nmapdir = tree.path("nmapdir");
        inputs.user_homes = {tree.path("home")};
        inputs.nmap_dir = tree.path("prefix/bin");
        inputs.system_dirs = {tree.path("usr-local-share-nmap"), tree.path("usr-share-nmap")};
    }
    std::string found() const {
        auto r = find_nmap_file_in("nmap-os-db", inputs);
        return r ? *r : "error: " + r.error().message;
    }
    void remove(const std::string& dir) const { fs::remove(tree.path(dir + "/nmap-os-db")); }
};

TEST(DataPaths, SearchOrderIsNmaps) {
    DataPathsLayout l;
    EXPECT_EQ(nmap_search_dirs(l.inputs),
              (std::vector<std::string>{l.tree.path("datadir"), l.tree.path("nmapdir"), l.tree.path("home/.nmap"),
                                        l.tree.path("prefix/bin"), l.tree.path("prefix/bin/../share/nmap"),
                                        l.tree.path("usr-local-share-nmap"), l.tree.path("usr-share-nmap")}));
    // The compiled-in directories by default: a source build's first, then Debian's.
    EXPECT_EQ(NmapSearchInputs{}.system_dirs,
              (std::vector<std::string>{"/usr/local/share/nmap", "/usr/share/nmap"}));
}

TEST(DataPaths, EachPlaceBeatsTheNext) {
    DataPathsLayout l;
    EXPECT_EQ(l.found(), l.tree.path("datadir/nmap-os-db"));  // --datadir
    l.remove("datadir");
    EXPECT_EQ(l.found(), l.tree.path("nmapdir/nmap-os-db"));  // $NMAPDIR
    l.remove("nmapdir");
    EXPECT_EQ(l.found(), l.tree.path("home/.nmap/nmap-os-db"));  // ~/.nmap
    l.remove("home/.nmap");
    EXPECT_EQ(l.found(), l.tree.path("prefix/bin/nmap-os-db"));  // beside the nmap binary
    l.remove("prefix/bin");
    // its ../share/nmap, spelled as Nmap spells it (Debian: /usr/bin/../share/nmap)
    EXPECT_EQ(l.found(), l.tree.path("prefix/bin/../share/nmap/nmap-os-db"));
    l.remove("prefix/share/nmap");
    EXPECT_EQ(l.found(), l.tree.path("usr-local-share-nmap/nmap-os-db"));  // /usr/local/share/nmap
    l.remove("usr-local-share-nmap");
    EXPECT_EQ(l.found(), l.tree.path("usr-share-nmap/nmap-os-db"));  // /usr/share/nmap
    l.remove("usr-share-nmap");
    auto missing = find_nmap_file_in("nmap-os-db", l.inputs);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    for (const auto& dir : nmap_search_dirs(l.inputs))
        EXPECT_NE(missing.error().message.find(dir + "/nmap-os-db"), std::string::npos) << dir;
}

TEST(DataPaths, EffectiveUsersHomeComesAfterTheRealUsers) {
    DataPathsLayout l;
    l.tree.file("other-home/.nmap/nmap-os-db");
    l.inputs.datadir.clear();
    l.inputs.nmapdir.reset();
    l.inputs.user_homes = {l.tree.path("home"), l.tree.path("other-home")};
    EXPECT_EQ(l.found(), l.tree.path("home/.nmap/nmap-os-db"));
    l.remove("home/.nmap");
    EXPECT_EQ(l.found(), l.tree.path("other-home/.nmap/nmap-os-db"));
}

TEST(DataPaths, EachFileIsLookedUpOnItsOwn) {
    // nmap-services only in /usr/share/nmap: found there while nmap-os-db comes from --datadir.
    DataPathsLayout l;
    l.tree.file("usr-share-nmap/nmap-services");
    EXPECT_EQ(l.found(), l.tree.path("datadir/nmap-os-db"));
    EXPECT_EQ(find_nmap_file_in("nmap-services", l.inputs).value_or(""), l.tree.path("usr-share-nmap/nmap-services"));
}

TEST(DataPaths, ADirectoryOfThatNameEndsTheSearch) {
    // Nmap's file_is_readable accepts a directory, which stops the search; its callers then
    // fail. A later real file is not used.
    DataPathsLayout l;
    l.remove("datadir");
    fs::create_directories(l.tree.path("datadir/nmap-os-db"));
    auto r = find_nmap_file_in("nmap-os-db", l.inputs);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::not_found);
    EXPECT_NE(r.error().message.find("is a directory"), std::string::npos);
}

TEST(DataPaths, EmptyNmapdirIsTheRootDirectory) {
    NmapSearchInputs in;
    in.nmapdir = "";
    in.system_dirs.clear();
    EXPECT_EQ(nmap_search_dirs(in), std::vector<std::string>{""});  // Nmap tries "/nmap-os-db"
    auto r = find_nmap_file_in("whorl-data-paths-test-no-such-file", in);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("(looked in /whorl-data-paths-test-no-such-file)"), std::string::npos)
        << r.error().message;
}

TEST(DataPaths, ProcessInputsComeFromTheEnvironmentAndPasswd) {
    DataPathsTree t;
    t.executable("real/bin/nmap");
    fs::create_directories(t.path("links"));
    fs::create_symlink(t.path("real/bin/nmap"), t.path("links/nmap"));
    DataPathsEnv path("PATH", t.path("empty") + ":" + t.path("links") + ":/usr/bin:/bin");
    DataPathsEnv nmapdir("NMAPDIR", t.path("nmapdir"));
    DataPathsEnv home("HOME", t.path("fake-home"));
    auto in = nmap_search_inputs("/some/datadir");
    EXPECT_EQ(in.datadir, "/some/datadir");
    EXPECT_EQ(in.nmapdir, t.path("nmapdir"));
    // The nmap on PATH, symlinks resolved: its real directory.
    EXPECT_EQ(in.nmap_dir, t.path("real/bin"));
    // ~ is the passwd entry's home, as Nmap's getpwuid(getuid()), not $HOME.
    const passwd* pw = ::getpwuid(::getuid());
    if (pw == nullptr) {
        EXPECT_TRUE(in.user_homes.empty() || ::getuid() != ::geteuid());
    } else {
        ASSERT_FALSE(in.user_homes.empty());
        EXPECT_EQ(in.user_homes.front(), pw->pw_dir);
        EXPECT_NE(in.user_homes.front(), t.path("fake-home"));
    }

    // nmap_data_dirs and find_nmap_file use the same inputs.
    EXPECT_EQ(nmap_data_dirs("/some/datadir"), nmap_search_dirs(in));
    t.file("nmapdir/nmap-os-db");
    t.file("datadir/nmap-os-db");
    EXPECT_EQ(find_nmap_file("nmap-os-db").value_or(""), t.path("nmapdir/nmap-os-db"));
    EXPECT_EQ(find_nmap_file("nmap-os-db", t.path("datadir")).value_or(""), t.path("datadir/nmap-os-db"));
    {
        DataPathsEnv unset("NMAPDIR", std::nullopt);
        EXPECT_FALSE(nmap_search_inputs().nmapdir);
        DataPathsEnv no_nmap("PATH", t.path("empty"));
        EXPECT_FALSE(nmap_search_inputs().nmap_dir);
    }
}

TEST(DataPaths, FindOnPathTakesTheFirstExecutableFile) {
    DataPathsTree t;
    t.file("a/nmap");                               // not executable
    fs::create_directories(t.path("b/nmap"));       // a directory
    t.executable("c/nmap");
    t.executable("d/nmap");
    std::string list = t.path("none") + ":" + t.path("a") + ":" + t.path("b") + ":" + t.path("c") + ":" + t.path("d");
    EXPECT_EQ(find_on_path("nmap", list), t.path("c/nmap"));
    EXPECT_FALSE(find_on_path("nmap", t.path("none")));
    EXPECT_FALSE(find_on_path("nmap", ""));
    // An empty entry is the current directory.
    DataPathsCwd cwd(t.path("d"));
    EXPECT_EQ(find_on_path("nmap", t.path("none") + "::"), t.path("d/nmap"));
}

TEST(DataPaths, DirnameIsNmaps) {
    EXPECT_EQ(nmap_dirname("/usr/bin/../share/nmap/nmap-os-db"), "/usr/bin/../share/nmap");
    EXPECT_EQ(nmap_dirname("/tmp/dpx//nmap-services"), "/tmp/dpx/");  // NMAPDIR=/tmp/dpx/
    EXPECT_EQ(nmap_dirname("/nmap-os-db"), "/");
    EXPECT_EQ(nmap_dirname("nmap-os-db"), ".");
}

TEST(DataPaths, DataFilesLinesAreNmaps) {
    // As Nmap 7.93 prints them (checked with nmap -d / -v against loopback on Debian 12).
    const std::map<std::string, std::string> debian{{"nmap-os-db", "/usr/bin/../share/nmap/nmap-os-db"},
                                                    {"nmap-services", "/usr/bin/../share/nmap/nmap-services"}};
    using Lines = std::vector<std::string>;
    EXPECT_EQ(nmap_data_files_lines(debian, 0, 0), Lines{});
    EXPECT_EQ(nmap_data_files_lines(debian, 1, 0), Lines{"Read data files from: /usr/bin/../share/nmap"});
    EXPECT_EQ(nmap_data_files_lines(debian, 2, 0), Lines{"Read data files from: /usr/bin/../share/nmap"});
    EXPECT_EQ(nmap_data_files_lines(debian, 1, 1),
              Lines{"Read from /usr/bin/../share/nmap: nmap-os-db nmap-services."});
    EXPECT_EQ(nmap_data_files_lines(debian, 0, 1),
              Lines{"Read from /usr/bin/../share/nmap: nmap-os-db nmap-services."});
    EXPECT_EQ(nmap_data_files_brief_dir(debian, 1, 0), "/usr/bin/../share/nmap");
    EXPECT_EQ(nmap_data_files_brief_dir(debian, 0, 0), std::nullopt);
    EXPECT_EQ(nmap_data_files_brief_dir(debian, 1, 1), std::nullopt);

    EXPECT_EQ(nmap_data_files_lines({}, 0, 0), Lines{});
    EXPECT_EQ(nmap_data_files_lines({}, 1, 0), Lines{});
    EXPECT_EQ(nmap_data_files_lines({}, 1, 1), Lines{"No data files read."});
    EXPECT_EQ(nmap_data_files_brief_dir({}, 1, 0), std::nullopt);

    // Several directories: one line each, directories sorted, at any verbosity.
    const std::map<std::string, std::string> mixed{{"nmap-os-db", "/tmp/dpx/nmap-os-db"},
                                                   {"nmap-services", "/usr/share/nmap/nmap-services"},
                                                   {"nmap-mac-prefixes", "/usr/share/nmap/nmap-mac-prefixes"}};
    const Lines both{"Read from /tmp/dpx: nmap-os-db.", "Read from /usr/share/nmap: nmap-mac-prefixes nmap-services."};
    EXPECT_EQ(nmap_data_files_lines(mixed, 0, 0), both);
    EXPECT_EQ(nmap_data_files_lines(mixed, 1, 0), both);
    EXPECT_EQ(nmap_data_files_lines(mixed, 1, 1), both);
    EXPECT_EQ(nmap_data_files_brief_dir(mixed, 1, 0), std::nullopt);

    // NMAPDIR with a trailing slash: Nmap keeps it (checked: "Read from /tmp/dpx/: nmap-services.").
    EXPECT_EQ(nmap_data_files_lines({{"nmap-services", "/tmp/dpx//nmap-services"}}, 1, 1),
              Lines{"Read from /tmp/dpx/: nmap-services."});
}

TEST(DataPaths, LocalCopyWarning) {
    DataPathsTree t;
    auto used = t.file("share/nmap-os-db");
    t.file("cwd/nmap-os-db");
    t.file("cwd/nmap-services");
    DataPathsCwd cwd(t.path("cwd"));
    EXPECT_EQ(nmap_local_copy_warning("nmap-os-db", used),
              "Warning: File ./nmap-os-db exists, but Nmap is using " + used +
                  " for security and consistency reasons.  set NMAPDIR=. to give priority to files in your local "
                  "directory (may affect the other data files too).");
    EXPECT_EQ(nmap_local_copy_warning("nmap-os-db", "./nmap-os-db"), std::nullopt);  // found there
    EXPECT_EQ(nmap_local_copy_warning("nmap-os-db", t.path("cwd/nmap-os-db")), std::nullopt);  // same file
    EXPECT_EQ(nmap_local_copy_warning("nmap-mac-prefixes", used), std::nullopt);  // no ./nmap-mac-prefixes
    // For a run's files: the first one it applies to.
    auto first = nmap_local_copy_warning({{"nmap-mac-prefixes", used}, {"nmap-services", used}});
    ASSERT_TRUE(first);
    EXPECT_NE(first->find("File ./nmap-services exists"), std::string::npos);
}

}  // namespace
}  // namespace whorl::fp::db
