// Test helpers for wire/: hex fixtures with their "# link:" line, and a rebuild of a
// decoded frame through the builders (fields -> bytes) for the round-trip tests.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "wire/frame.hpp"
#include "wire/link_type.hpp"

namespace whorl::wire::test {

struct WireFixture {
    std::string name;
    LinkType link = LinkType::raw;
    std::vector<std::byte> bytes;

    // The frame refers into `bytes`: decoding a temporary fixture would dangle.
    DecodedFrame decode() const& { return decode_frame(link, bytes); }
    DecodedFrame decode() const&& = delete;
};

// tests/fixtures/hex/wire/<name>.hex; fails the test if missing or without "# link:".
WireFixture load_fixture(const std::string& name);

// The issue decode_frame reports for a fixture.
FrameIssue issue_of(const std::string& name);

// Every fixture name in tests/fixtures/hex/wire (without .hex).
std::vector<std::string> all_fixture_names();

// Rebuilds the frame from the decoded fields with the link writers and packet builders.
// keep_checksums: write the checksums seen (for frames that are wrong on purpose);
// otherwise the builders compute them. Returns an empty vector if a builder refused.
std::vector<std::byte> rebuild_frame(const DecodedFrame& f, bool keep_checksums = false);

}  // namespace whorl::wire::test
