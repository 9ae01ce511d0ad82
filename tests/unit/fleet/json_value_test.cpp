// The fleet's JSON reader: every kind of value, escapes and surrogate pairs, numbers, and a
// refusal (never a crash) for every way a message off the bus can fail to be one JSON value.
#include <gtest/gtest.h>

#include <string>

#include "fleet/json_value.hpp"
#include "report/json_writer.hpp"

namespace whorl::fleet {
namespace {

TEST(JsonValue, ReadsEveryKind) {
    auto v = JsonValue::parse(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""} )");
    ASSERT_TRUE(v) << v.error().message;
    ASSERT_EQ(v->kind(), JsonValue::Kind::object);
    EXPECT_EQ(v->keys(), (std::vector<std::string>{"a", "b", "e"}));
    const JsonValue* a = v->get("a");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->elements().size(), 5u);
    EXPECT_EQ(a->elements()[0].unsigned_number(), 1u);
    EXPECT_EQ(a->elements()[1].number(), -2500.0);
    EXPECT_EQ(a->elements()[1].unsigned_number(), std::nullopt);
    EXPECT_EQ(a->elements()[2].boolean(), true);
    EXPECT_EQ(a->elements()[3].boolean(), false);
    EXPECT_TRUE(a->elements()[4].is_null());
    ASSERT_TRUE(v->get("b") && v->get("b")->get("c") && v->get("b")->get("c")->string());
    EXPECT_EQ(*v->get("b")->get("c")->string(), "d");
    EXPECT_EQ(*v->get("e")->string(), "");
    EXPECT_EQ(v->get("missing"), nullptr);
    EXPECT_EQ(a->get("a"), nullptr);  // not an object
}

TEST(JsonValue, ReadsEscapesAndUnicode) {
    auto v = JsonValue::parse(R"("q\" b\\ s\/ \b\f\n\r\t \u00e9 \u20ac \ud83d\ude00")");
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(*v->string(), "q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(JsonValue, ReadsWhatTheReportsWriterWrites) {
    std::string out;
    report::JsonWriter j(out, report::JsonWriter::Layout::one_line);
    j.begin_object().member("name", "a \"b\"\n\x01").member("n", 42).key("list").begin_array(true);
    j.value(1).value("x").end_array().end_object();
    EXPECT_EQ(out.find('\n'), std::string::npos) << out;
    auto v = JsonValue::parse(out);
    ASSERT_TRUE(v) << out;
    EXPECT_EQ(*v->get("name")->string(), "a \"b\"\n\x01");
    EXPECT_EQ(v->get("n")->unsigned_number(), 42u);
    EXPECT_EQ(v->get("list")->elements().size(), 2u);
}

TEST(JsonValue, RefusesWhatIsNotOneValue) {
    for (const char* bad : {"", " ", "{", "}", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "'a'", "\"abc", "\"\\x\"",
                            "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "01", "1.", "-", "1e",
                            "+1", "tru", "nul", "1 2", "{} x", "\"a\tb\"", "[1 2]", "NaN"}) {
        auto v = JsonValue::parse(bad);
        EXPECT_FALSE(v) << bad;
        if (!v) {
            EXPECT_EQ(v.error().code, Errc::parse) << bad;
        }
    }
}

TEST(JsonValue, TakesOnlyWellFormedUtf8InStrings) {
    // Raw UTF-8 passes through as it is; a message whose string is not UTF-8 (RFC 8259 8.1)
    // is refused, so whatever is read back is what the report writer writes again.
    auto ok = JsonValue::parse("\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(*ok->string(), "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
    for (const char* bad : {"\"h\xd2\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
                            "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"", "\"\xe2\x82\"", "\"\x80\"", "\"\xff\""}) {
        auto v = JsonValue::parse(bad);
        ASSERT_FALSE(v) << bad;
        EXPECT_EQ(v.error().code, Errc::parse);
        EXPECT_NE(v.error().message.find("not UTF-8"), std::string::npos) << v.error().message;
        EXPECT_NE(v.error().message.find("offset "), std::string::npos) << v.error().message;
    }
}

TEST(JsonValue, LimitsNesting) {
    EXPECT_TRUE(JsonValue::parse(std::string(60, '[') + std::string(60, ']')));
    auto deep = JsonValue::parse(std::string(100000, '['));
    ASSERT_FALSE(deep);
    EXPECT_NE(deep.error().message.find("nested too deep"), std::string::npos) << deep.error().message;
}

TEST(JsonValue, NumbersKeepTheirRange) {
    EXPECT_EQ(JsonValue::parse("9007199254740992")->unsigned_number(), 9007199254740992u);
    EXPECT_EQ(JsonValue::parse("9007199254740994")->unsigned_number(), std::nullopt);
    EXPECT_EQ(JsonValue::parse("1.5")->unsigned_number(), std::nullopt);
    EXPECT_TRUE(JsonValue::parse("1e400"));  // out of range: infinite, still JSON
    EXPECT_EQ(JsonValue::parse("-0")->number(), 0.0);
}

}  // namespace
}  // namespace whorl::fleet
