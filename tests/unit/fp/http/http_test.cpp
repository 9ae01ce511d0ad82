// HTTP: header parsing limits, signature matching and the raw_sig / lang / params fields,
// compared with p0f 3.09b's log of real browser, curl and wget header sets
// (http_cases, tools/p0f_fixtures.py).
#include "fp/http/http_headers.hpp"

#include <gtest/gtest.h>

#include <map>

#include "base/bytes.hpp"
#include "fp/http/languages.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_log_format.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

const P0fDatabase& shipped() {
    static const P0fDatabase db = [] {
        auto r = P0fDatabase::load_default();
        if (!r) ADD_FAILURE() << r.error().describe();
        return r ? std::move(*r) : P0fDatabase{};
    }();
    return db;
}

HttpParseResult request(std::string_view s) { return parse_http_request(as_bytes(s)); }
HttpParseResult response(std::string_view s) { return parse_http_response(as_bytes(s)); }

TEST(HttpTest, EveryObservationEqualsP0fOnRealHeaderSets) {
    auto packets = test::read_fields("http_cases");
    std::map<std::pair<std::string, std::uint16_t>, std::string> got;  // "k=v|k=v..."
    for (const auto& p : packets) {
        if (p.get("payload") == "-") continue;
        const bool req = p.num("dport") == 80;
        const auto port = static_cast<std::uint16_t>(req ? p.num("sport") : p.num("dport"));
        auto bytes = p.hex("payload");
        HttpParseResult r = req ? parse_http_request(bytes) : parse_http_response(bytes);
        ASSERT_EQ(r.status, HttpParseStatus::complete) << port;
        const Direction dir = req ? Direction::request : Direction::response;
        HttpObservation obs = resolve_http(r.message, shipped().headers(), dir);
        HttpMatch m = shipped().http(dir).match(obs);
        auto& tail = got[{req ? "http request" : "http response", port}];
        for (auto& f : http_fields(shipped(), obs, m, dir))
            tail += (tail.empty() ? "" : "|") + f.key + "=" + f.value.value_or("???");
    }
    int compared = 0;
    for (const auto& l : test::read_log("http_cases")) {
        if (l.mod != "http request" && l.mod != "http response") continue;
        auto it = got.find({l.mod, l.cli_port()});
        ASSERT_NE(it, got.end()) << l.mod << " " << l.f.at("cli");
        // Compared as text: p0f prints '|' inside values unescaped.
        EXPECT_EQ(it->second, l.tail) << l.mod << " " << l.f.at("cli");
        ++compared;
    }
    EXPECT_EQ(compared, 17);  // 13 requests, 4 responses
}

TEST(HttpTest, NamedBrowserAndToolMatches) {
    // p0f 3.09b's answers (http_cases.log) by case.
    struct Case {
        std::uint16_t port;
        const char* app;
        const char* lang;
        const char* params;
    } cases[] = {
        {50000, "???", "none", "none"},         // curl 7.88 sends Host first: no signature
        {50001, "curl", "none", "none"},        // old curl order; label with no flavor
        {50003, "wget", "none", "none"},        // HTTP/1.0 wget
        {50004, "Firefox 10.x or newer", "English", "none"},
        {50005, "???", "German", "none"},       // current Chrome is not in p0f.fp
        {50007, "MSIE 8 or newer", "Polish", "none"},
        {50008, "curl", "none", "dishonest"},   // curl's header order, another UA
        {50009, "???", "none", "anonymous"},
        {50010, "???", "???", "none"},          // unknown language code
    };
    auto packets = test::read_fields("http_cases");
    for (const auto& c : cases) {
        bool seen = false;
        for (const auto& p : packets) {
            if (p.get("payload") == "-" || p.num("sport") != c.port) continue;
            seen = true;
            auto bytes = p.hex("payload");
            auto r = parse_http_request(bytes);
            ASSERT_EQ(r.status, HttpParseStatus::complete);
            auto obs = resolve_http(r.message, shipped().headers(), Direction::request);
            auto m = shipped().http(Direction::request).match(obs);
            auto f = http_fields(shipped(), obs, m, Direction::request);
            EXPECT_EQ(f[0].value.value_or("???"), c.app) << c.port;
            EXPECT_EQ(f[1].value.value_or("???"), c.lang) << c.port;
            EXPECT_EQ(f[2].value, c.params) << c.port;
        }
        EXPECT_TRUE(seen) << c.port;
    }
}

TEST(HttpTest, RequestLineRules) {
    EXPECT_EQ(request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status, HttpParseStatus::complete);
    EXPECT_EQ(request("HEAD /x HTTP/1.0\nHost: a\n\n").message.version, 0);
    EXPECT_EQ(request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").message.version, 1);
    EXPECT_EQ(request("GET / HTTP/1.9\r\nHost: a\r\n\r\n").message.version, 0);
    EXPECT_EQ(request("POST / HTTP/1.1\r\n\r\n").status, HttpParseStatus::rejected);
    EXPECT_EQ(request("GET x HTTP/1.1\r\n\r\n").status, HttpParseStatus::rejected);
    EXPECT_EQ(request("GET / HTTP/2.0\r\n\r\n").status, HttpParseStatus::rejected);
    EXPECT_EQ(request("GET / HTTP/1.1").status, HttpParseStatus::need_more);  // < 15 bytes
    EXPECT_EQ(request("GET /\x01 HTTP/1.1\r\n\r\n").status, HttpParseStatus::rejected);
    EXPECT_EQ(request("GET / HTTP/1.1\r\nHost: a\r\n").status, HttpParseStatus::need_more);
    EXPECT_EQ(request("GET / HTTP/1.1\r\nHo").status, HttpParseStatus::need_more);
    EXPECT_EQ(request("GET / HTTP/1.1\r\nHo st: a\r\n\r\n").status, HttpParseStatus::rejected);
    std::string long_url = "GET /" + std::string(1100, 'a') + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(request(long_url).status, HttpParseStatus::rejected);
    auto r = request("GET / HTTP/1.1\r\nX-Empty:\r\nX-Sp:  two\r\n\r\n");
    ASSERT_EQ(r.status, HttpParseStatus::complete);
    ASSERT_EQ(r.message.headers.size(), 2u);
    EXPECT_FALSE(r.message.headers[0].value);                 // empty value: none
    EXPECT_EQ(r.message.headers[1].value, std::string(" two")); // one blank skipped only
}

TEST(HttpTest, HeaderLimits) {
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 32; ++i) many += "H" + std::to_string(i) + ": v\r\n";
    EXPECT_EQ(request(many + "\r\n").status, HttpParseStatus::complete);
    EXPECT_EQ(request(many + "H32: v\r\n\r\n").status, HttpParseStatus::rejected);
    std::string name32(32, 'n'), name33(33, 'n');
    EXPECT_EQ(request("GET / HTTP/1.1\r\n" + name32 + ": v\r\n\r\n").status, HttpParseStatus::complete);
    EXPECT_EQ(request("GET / HTTP/1.1\r\n" + name33 + ": v\r\n\r\n").status, HttpParseStatus::rejected);
    std::string v1024(1024, 'v'), v1025(1025, 'v');
    EXPECT_EQ(request("GET / HTTP/1.1\r\nA: " + v1024 + "\n\r\n").status, HttpParseStatus::complete);
    EXPECT_EQ(request("GET / HTTP/1.1\r\nA: " + v1025 + "\n\r\n").status, HttpParseStatus::rejected);
    // 8192 bytes without the end of the headers: p0f gives up.
    std::string big = "GET / HTTP/1.1\r\n";
    while (big.size() < 9000) big += "A: " + std::string(1000, 'x') + "\r\n";
    EXPECT_EQ(request(big.substr(0, 8191)).status, HttpParseStatus::need_more);
    EXPECT_EQ(request(big).status, HttpParseStatus::rejected);
}

TEST(HttpTest, ResponseLineRules) {
    auto r = response("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody");
    ASSERT_EQ(r.status, HttpParseStatus::complete);
    EXPECT_EQ(r.message.version, 0);
    EXPECT_EQ(response("HTTP/1.1 200\r\n\r\n").status, HttpParseStatus::complete);
    EXPECT_EQ(response("HTTP/1.1 20\r\n\r\n").status, HttpParseStatus::rejected);  // line < 13
    EXPECT_EQ(response("HTTX/1.1 200 OK\r\n\r\n").status, HttpParseStatus::rejected);
    EXPECT_EQ(response("HTTP/1.1 20").status, HttpParseStatus::need_more);
}

TEST(HttpTest, RawSigRulesForOptionalUnknownAndSkippedValues) {
    auto r = request("GET / HTTP/1.1\r\nHost: h\r\nCookie: c=1\r\nAccept: a|b\r\nX-New: p|q]r\r\n"
                     "user-agent: lower\r\n\r\n");
    ASSERT_EQ(r.status, HttpParseStatus::complete);
    auto obs = resolve_http(r.message, shipped().headers(), Direction::request);
    EXPECT_FALSE(obs.software);  // only "User-Agent" spelled so counts
    EXPECT_EQ(format_http_raw_sig(obs, shipped().headers(), Direction::request),
              "1:Host,?Cookie,Accept=[a],X-New=[p|q],user-agent=[lower]:"
              "User-Agent,Connection,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:");
    EXPECT_EQ(format_http_params(obs, {}), "anonymous");
}

TEST(HttpTest, LanguageField) {
    EXPECT_EQ(accept_language_field("en-US,en;q=0.5"), std::optional<std::string_view>("English"));
    EXPECT_EQ(accept_language_field("de"), std::optional<std::string_view>("German"));
    EXPECT_EQ(accept_language_field("zh-CN"), std::optional<std::string_view>("Chinese"));
    EXPECT_EQ(accept_language_field("EN"), std::nullopt);  // case-sensitive, as p0f
    EXPECT_EQ(accept_language_field("qq"), std::nullopt);
    EXPECT_EQ(accept_language_field("eng"), std::optional<std::string_view>("none"));
    EXPECT_EQ(accept_language_field("*"), std::optional<std::string_view>("none"));
    EXPECT_EQ(accept_language_field(std::nullopt), std::optional<std::string_view>("none"));
    EXPECT_EQ(iso639_1_name("sh"), std::optional<std::string_view>("Serbo-Croatian"));
    EXPECT_EQ(iso639_1_name("zu"), std::optional<std::string_view>("Zulu"));
    EXPECT_EQ(iso639_1_name("aa"), std::optional<std::string_view>("Afar"));
}

}  // namespace
}  // namespace whorl::fp::passive
