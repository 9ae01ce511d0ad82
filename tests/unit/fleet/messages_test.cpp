// The fleet's messages: target blocks written and read back, every malformed block refused
// with a reason, result lines carrying the -oJ host object, and the names a queue uses.
#include <gtest/gtest.h>

#include <string>

#include "fleet/block_message.hpp"
#include "fleet/json_value.hpp"
#include "fleet/nats_settings.hpp"
#include "fleet/queue_names.hpp"
#include "fleet/result_message.hpp"

namespace whorl::fleet {
namespace {

Block sample_block() {
    Block b;
    b.id = block_id("5f3c0e9a1b2d4c6e", 3);
    b.targets = {{*IpAddress::parse("198.51.100.2"), ""}, {*IpAddress::parse("198.51.100.9"), "db.example"}};
    return b;
}

TEST(BlockMessage, RoundTrips) {
    const Block b = sample_block();
    EXPECT_EQ(b.id, "5f3c0e9a1b2d4c6e-000003");
    const std::string text = encode_block(b, "lab");
    EXPECT_EQ(text,
              R"({"format": "whorl-block", "format_version": 1, "queue": "lab", "block": "5f3c0e9a1b2d4c6e-000003", )"
              R"("ipv6": false, "targets": [{"address": "198.51.100.2"}, {"address": "198.51.100.9", "hostname": "db.example"}]})");
    auto back = decode_block(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, b);

    Block v6;
    v6.id = block_id("ab", 1234567);
    v6.ipv6 = true;
    v6.targets = {{*IpAddress::parse("2001:db8::2"), ""}};
    EXPECT_EQ(v6.id, "ab-1234567");
    auto back6 = decode_block(encode_block(v6, "q"));
    ASSERT_TRUE(back6);
    EXPECT_EQ(*back6, v6);
}

TEST(BlockMessage, RefusesWhatIsNotABlock) {
    const std::string good = encode_block(sample_block(), "lab");
    auto with = [&good](const std::string& from, const std::string& to) {
        std::string s = good;
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    struct Case {
        std::string text, reason;
    };
    for (const auto& c : std::vector<Case>{
             {"", "not JSON"},
             {"[]", "format"},
             {with("whorl-block", "whorl-result"), "format"},
             {with("\"format_version\": 1", "\"format_version\": 2"), "format_version"},
             {with("5f3c0e9a1b2d4c6e-000003", "a/b"), "block"},
             {with("5f3c0e9a1b2d4c6e-000003", ""), "block"},
             {with("\"ipv6\": false", "\"ipv6\": 0"), "ipv6"},
             {with("\"ipv6\": false", "\"ipv6\": true"), "in a block of IPv6 targets"},
             {with("198.51.100.2", "198.51.100.256"), "address"},
             {with("\"address\": \"198.51.100.2\"", "\"addr\": \"198.51.100.2\""), "address"},
             {with("\"db.example\"", "7"), "hostname"},
             {with("\"targets\": [", "\"targets\": {\"a\": ["), "not JSON"},
         }) {
        auto b = decode_block(c.text);
        ASSERT_FALSE(b) << c.text;
        EXPECT_EQ(b.error().code, Errc::parse);
        EXPECT_NE(b.error().message.find(c.reason), std::string::npos) << c.text << " -> " << b.error().message;
    }
    Block big = sample_block();
    big.targets.assign(kMaxBlockTargets + 1, big.targets[0]);
    auto too_many = decode_block(encode_block(big, "lab"));
    ASSERT_FALSE(too_many);
    EXPECT_NE(too_many.error().message.find("more than 4096 targets"), std::string::npos);
}

TEST(ResultMessage, CarriesTheReportsHostObject) {
    report::HostReport h;
    h.address = *IpAddress::parse("198.51.100.9");
    h.up = true;
    h.user_hostname = "db.example";
    ResultContext c{"lab", "5f3c0e9a1b2d4c6e-000003", 2, "scanner7:4711", "whorl -n -Pn -p 22 --jetstream x --queue lab"};
    const std::string line = encode_result(c, h, report::OutputOptions{});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    auto v = JsonValue::parse(line);
    ASSERT_TRUE(v) << line;
    EXPECT_EQ(*v->get("format")->string(), "whorl-result");
    EXPECT_EQ(v->get("format_version")->unsigned_number(), 1u);
    EXPECT_EQ(*v->get("queue")->string(), "lab");
    EXPECT_EQ(*v->get("block")->string(), "5f3c0e9a1b2d4c6e-000003");
    EXPECT_EQ(v->get("delivery")->unsigned_number(), 2u);
    EXPECT_EQ(*v->get("worker")->string(), "scanner7:4711");
    const JsonValue* host = v->get("host");
    ASSERT_TRUE(host);
    EXPECT_EQ(*host->get("address")->string(), "198.51.100.9");
    EXPECT_EQ(*host->get("status")->string(), "up");
    ASSERT_EQ(host->get("hostnames")->elements().size(), 1u);
    EXPECT_EQ(*host->get("hostnames")->elements()[0].get("name")->string(), "db.example");
    EXPECT_TRUE(host->get("ports") && host->get("os"));
    EXPECT_EQ(result_message_id(c.block, h.address), "5f3c0e9a1b2d4c6e-000003/198.51.100.9");
    EXPECT_EQ(result_message_id("b", *IpAddress::parse("2001:db8::2")), "b/2001:db8::2");
}

TEST(QueueNames, FollowTheQueue) {
    auto n = queue_names("lab_1-a");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->blocks_stream, "lab_1-a");
    EXPECT_EQ(n->blocks_subject, "whorl.blocks.lab_1-a");
    EXPECT_EQ(n->consumer, "whorl-workers");
    EXPECT_EQ(n->results_stream, "lab_1-a-results");
    EXPECT_EQ(n->results_subject, "whorl.results.lab_1-a");
    for (const char* bad : {"", "a.b", "a*", "a>", "a b", "x-results", "ü"}) {
        auto r = queue_names(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::usage);
    }
    EXPECT_FALSE(queue_names(std::string(65, 'a')));
    EXPECT_TRUE(queue_names(std::string(64, 'a')));
}

TEST(NatsSettings, ServerUrlsAndBufferSizes) {
    for (const char* good : {"nats://127.0.0.1:4222", "tls://nats.example:4443", "127.0.0.1:4222",
                             "nats://u:p@[2001:db8::1]:4222", "nats://198.51.100.10:4222, nats://198.51.100.11:4222"})
        EXPECT_TRUE(check_server_urls(good)) << good;
    for (const char* bad : {"", "bogus url", "http://127.0.0.1:4222", "nats://127.0.0.1", "nats://127.0.0.1:0",
                            "nats://127.0.0.1:99999", "nats://:4222", "nats://a:4222,", "nats://h/x:4222"}) {
        auto r = check_server_urls(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::usage);
        EXPECT_NE(r.error().message.find("nats://HOST:PORT"), std::string::npos) << r.error().message;
    }
    EXPECT_EQ(server_urls(" a:1 ,b:2"), (std::vector<std::string>{"a:1", "b:2"}));
    EXPECT_EQ(parse_buffer_size("65536").value_or(0), 65536u);
    EXPECT_EQ(parse_buffer_size("512K").value_or(0), 512u * 1024);
    EXPECT_EQ(parse_buffer_size("8M").value_or(0), 8u << 20);
    EXPECT_EQ(parse_buffer_size("1024m").value_or(0), 1u << 30);
    for (const char* bad : {"", "1", "63K", "1025M", "8G", "-1", "M", "1.5M"}) EXPECT_FALSE(parse_buffer_size(bad)) << bad;
}

}  // namespace
}  // namespace whorl::fleet
