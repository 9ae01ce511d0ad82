// Fixture loading for tests.
#include "support/fixtures.hpp"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "base/text.hpp"

namespace whorl::test {

std::string fixture_path(const std::string& relative) {
    return std::string(WHORL_SOURCE_DIR) + "/tests/fixtures/" + relative;
}

std::string read_fixture(const std::string& relative) {
    auto text = read_file(fixture_path(relative));
    if (!text) {
        ADD_FAILURE() << "cannot read fixture: " << text.error().describe();
        return {};
    }
    return *text;
}

std::string file_text(const std::string& path) {
    auto text = read_file(path);
    return text ? *text : std::string();
}

std::vector<std::byte> read_hex_fixture(const std::string& relative) {
    auto bytes = parse_hex(read_fixture(relative));
    if (!bytes) {
        ADD_FAILURE() << "not a hex fixture: " << relative;
        return {};
    }
    return *bytes;
}

std::vector<std::string> list_fixtures(const std::string& relative_dir, const std::string& ext) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(fixture_path(relative_dir), ec))
        if (e.is_regular_file() && e.path().extension() == ext) out.push_back(relative_dir + "/" + e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace whorl::test
