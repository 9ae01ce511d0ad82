// JSON string escaping: write_json_string() (and json_string(), which wraps it) against the
// escaping json_string() did before it was written in place, on every one- and two-byte
// string, every four-byte string over the bytes where the rules change (quotes,
// backslashes, control bytes, UTF-8 lead and continuation bytes, bytes never in UTF-8),
// every byte at every place of longer strings, random strings, and UTF-8 and Latin-1
// texts; also that it stays within json_string_bound() and writes nothing past its end.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "report/os_match_json.hpp"

namespace whorl::report {
namespace {

// json_string() as it was up to commit 160590f, kept as the reference.
std::size_t reference_utf8_length(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    return n;
}

std::string reference_json_string(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += fmt::format("\\u{:04x}", c);
                } else if (c < 0x80) {
                    out += s[i];
                } else if (std::size_t n = reference_utf8_length(s, i); n > 0) {
                    out.append(s, i, n);
                    i += n - 1;
                } else {
                    out += fmt::format("\\u{:04x}", c);
                }
        }
    }
    return out + "\"";
}

// write_json_string() into the middle of a buffer: the same text as the reference, the end
// it returns right after it, nothing written past that, within json_string_bound().
bool same_as_reference(std::string_view s) {
    const std::string want = reference_json_string(s);
    std::vector<char> buf(json_string_bound(s.size()) + 16, '#');
    const char* end = write_json_string(buf.data() + 8, s);
    const std::string_view got(buf.data() + 8, static_cast<std::size_t>(end - buf.data() - 8));
    const bool ok = got == want && json_string(s) == want && got.size() <= json_string_bound(s.size()) &&
                    std::string_view(end, buf.data() + buf.size() - end).find_first_not_of('#') ==
                        std::string_view::npos;
    EXPECT_TRUE(ok) << "input " << testing::PrintToString(std::string(s)) << ": got " << got << ", want " << want;
    return ok;
}

TEST(JsonString, Examples) {
    EXPECT_EQ(json_string(""), "\"\"");
    EXPECT_EQ(json_string("a\\b\n\x01"), R"("a\\b\n\u0001")");
    EXPECT_EQ(json_string("say \"hi\"\r\t\x1f\x7f"), "\"say \\\"hi\\\"\\r\\t\\u001f\x7f\"");
    EXPECT_EQ(json_string(std::string_view("\0x", 2)), R"("\u0000x")");
    EXPECT_EQ(json_string("caf\xc3\xa9 \xe9"), "\"caf\xc3\xa9 \\u00e9\"");  // UTF-8 kept, Latin-1 escaped
    EXPECT_EQ(json_string("\xe2\x82\xac \xf0\x9f\x98\x80"), "\"\xe2\x82\xac \xf0\x9f\x98\x80\"");
    EXPECT_EQ(json_string("\xe2\x82 \xc0\x80 \xff"), R"("\u00e2\u0082 \u00c0\u0080 \u00ff")");
}

TEST(JsonString, EveryShortStringAsBefore) {
    for (int a = 0; a < 256; ++a) {
        const char one[] = {static_cast<char>(a)};
        if (!same_as_reference({one, 1})) return;
        for (int b = 0; b < 256; ++b) {
            const char two[] = {static_cast<char>(a), static_cast<char>(b)};
            if (!same_as_reference({two, 2})) return;
        }
    }
}

TEST(JsonString, EveryFourByteStringOfTrickyBytesAsBefore) {
    constexpr unsigned char kBytes[] = {0x00, 0x01, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, '"', '\\', '/',
                                        'a',  0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
                                        0xf4, 0xf5, 0xff};
    constexpr std::size_t n = sizeof kBytes;
    for (std::size_t i = 0; i < n * n * n * n; ++i) {
        const char s[] = {static_cast<char>(kBytes[i % n]), static_cast<char>(kBytes[i / n % n]),
                          static_cast<char>(kBytes[i / n / n % n]), static_cast<char>(kBytes[i / n / n / n])};
        if (!same_as_reference({s, 4})) return;
    }
}

// Plain bytes are copied eight at a time: one tricky byte (or UTF-8 pair) at every place of
// plain strings up to 24 bytes long, then random strings of mostly plain bytes.
TEST(JsonString, TrickyBytesAnywhereInLongerStringsAsBefore) {
    for (std::size_t len = 1; len <= 24; ++len)
        for (std::size_t at = 0; at < len; ++at)
            for (int b = 0; b < 256; ++b) {
                std::string s(len, 'x');
                s[at] = static_cast<char>(b);
                if (!same_as_reference(s)) return;
                if (at + 1 < len) s[at + 1] = '\x80';  // a UTF-8 pair when b is 0xc2 to 0xdf
                if (!same_as_reference(s)) return;
            }
    constexpr unsigned char kTricky[] = {0x00, 0x0a, 0x1f, '"', '\\', 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff};
    std::mt19937 rng(7);
    for (int n = 0; n < 200000; ++n) {
        std::string s(rng() % 41, ' ');
        for (auto& c : s) c = static_cast<char>(rng() % 8 ? 0x20 + rng() % 0x60 : kTricky[rng() % sizeof kTricky]);
        if (!same_as_reference(s)) return;
    }
}

TEST(JsonString, LongerTextsAsBefore) {
    for (std::string_view s : {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
                               "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0",
                               "Gr\xc3\xbc\xc3\x9f Gott \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8c\x8d",
                               "Gr\xfc\xdf Gott \xa9 caf\xe9 \xe9t\xe9", "line\r\nnext\tcol \"q\" \\path\\ \x1b[0m",
                               "\xf0\x9f\x8c", "\xed\xa0\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\xf4\x90\x80\x80"})
        EXPECT_TRUE(same_as_reference(s));
}

}  // namespace
}  // namespace whorl::report
