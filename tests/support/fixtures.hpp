// Test helpers: paths of fixture files in the source tree and hex-fixture loading.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace whorl::test {

// WHORL_SOURCE_DIR "/tests/fixtures/" + relative.
std::string fixture_path(const std::string& relative);

// Reads a fixture file's text; fails the current test (and returns "") if it is missing.
std::string read_fixture(const std::string& relative);

// The text of any file (a test's output file); "" if it is missing or unreadable, which
// the test's own expectations then report.
std::string file_text(const std::string& path);

// Reads a hex fixture ("one frame per text file", '#' comments allowed).
std::vector<std::byte> read_hex_fixture(const std::string& relative);

// Every file in a fixture directory with the given extension, sorted by name.
std::vector<std::string> list_fixtures(const std::string& relative_dir, const std::string& ext);

}  // namespace whorl::test
