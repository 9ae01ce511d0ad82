// DHCP: parse_dhcp on good, overloaded, split, truncated and garbage messages; the
// fingerprint file format and its errors; data/dhcp-fingerprints.txt against the real
// clients captured in the lab (tests/fixtures/pcap/dhcp/lab-clients.pcap) and against
// messages built from the public sources its lines cite.
#include <map>

#include <gtest/gtest.h>

#include "fp/db/data_paths.hpp"
#include "fp/dhcp/dhcp.hpp"
#include "support/lab_capture.hpp"

namespace whorl::fp::passive {
namespace {

using Option = std::pair<std::uint8_t, std::vector<std::uint8_t>>;

std::vector<std::uint8_t> text(std::string_view s) { return {s.begin(), s.end()}; }

// A BOOTP message with the given options (END appended unless `end` is false) in the
// options area, and optional raw `file` / `sname` contents.
std::vector<std::byte> message(std::uint8_t op, const std::vector<Option>& options, bool end = true,
                               const std::vector<std::uint8_t>& file = {}, const std::vector<std::uint8_t>& sname = {}) {
    std::vector<std::uint8_t> b(236, 0);
    b[0] = op;
    b[1] = 1;  // Ethernet
    b[2] = 6;
    for (int i = 0; i < 6; ++i) b[28 + i] = static_cast<std::uint8_t>(0x10 + i);
    std::copy(sname.begin(), sname.end(), b.begin() + 44);
    std::copy(file.begin(), file.end(), b.begin() + 108);
    for (std::uint8_t c : {0x63, 0x82, 0x53, 0x63}) b.push_back(c);
    for (const auto& [code, value] : options) {
        b.push_back(code);
        b.push_back(static_cast<std::uint8_t>(value.size()));
        b.insert(b.end(), value.begin(), value.end());
    }
    if (end) b.push_back(255);
    std::vector<std::byte> out(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) out[i] = std::byte{b[i]};
    return out;
}

std::vector<Option> client(std::vector<std::uint8_t> prl, std::string vendor = {}, std::uint8_t type = 1) {
    std::vector<Option> o{{53, {type}}, {61, {1, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15}}};
    if (!vendor.empty()) o.push_back({60, text(vendor)});
    o.push_back({55, std::move(prl)});
    return o;
}

TEST(ParseDhcp, ReadsTheFieldsAFingerprintNeeds) {
    auto m = parse_dhcp(message(1, {{53, {3}}, {57, {0x05, 0xdc}}, {60, text("MSFT 5.0")}, {12, text("desk-1")},
                                    {55, {1, 3, 6, 15}}, {0, {}}}));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->op, 1);
    EXPECT_EQ(m->message_type, 3);
    EXPECT_EQ(m->max_message_size, 1500);
    EXPECT_EQ(m->vendor_class, "MSFT 5.0");
    EXPECT_EQ(m->host_name, "desk-1");
    EXPECT_EQ(m->parameter_request_list, (std::vector<std::uint8_t>{1, 3, 6, 15}));
    EXPECT_EQ(m->option_order, (std::vector<std::uint8_t>{53, 57, 60, 12, 55}));  // pad is no option
    EXPECT_EQ(m->client_mac, (std::array<std::uint8_t, 6>{0x10, 0x11, 0x12, 0x13, 0x14, 0x15}));
}

// What the passive pipeline files a client's message under: ciaddr, and option 50 (four
// bytes only) for a REQUEST from a client that has no address yet.
TEST(ParseDhcp, ReadsTheClientAndRequestedAddresses) {
    auto none = parse_dhcp(message(1, {{53, {1}}, {55, {1, 3}}}));
    ASSERT_TRUE(none);
    EXPECT_EQ(none->client_address, 0u);
    EXPECT_FALSE(none->requested_address);

    auto requested = parse_dhcp(message(1, {{53, {3}}, {50, {198, 51, 100, 31}}, {55, {1, 3}}}));
    ASSERT_TRUE(requested);
    EXPECT_EQ(requested->requested_address, 0xC633641Fu);

    auto bytes = message(1, {{53, {3}}, {55, {1, 3}}});
    const std::uint8_t ciaddr[] = {198, 51, 100, 40};  // a renewing client's own address
    for (std::size_t i = 0; i < 4; ++i) bytes[12 + i] = std::byte{ciaddr[i]};
    auto renewing = parse_dhcp(bytes);
    ASSERT_TRUE(renewing);
    EXPECT_EQ(renewing->client_address, 0xC6336428u);

    auto odd = parse_dhcp(message(1, {{53, {3}}, {50, {198, 51, 100}}, {55, {1, 3}}}));
    ASSERT_TRUE(odd);  // a 3-byte option 50 is ignored, the message still read
    EXPECT_FALSE(odd->requested_address);
}

TEST(ParseDhcp, OverloadedFileAndSnameAreReadInRfcOrder) {
    std::vector<std::uint8_t> file{55, 2, 1, 3, 255};
    std::vector<std::uint8_t> sname{60, 4, 'u', 'd', 'h', 'c', 255};
    auto m = parse_dhcp(message(1, {{53, {1}}, {52, {3}}}, true, file, sname));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->option_order, (std::vector<std::uint8_t>{53, 52, 55, 60}));
    EXPECT_EQ(m->parameter_request_list, (std::vector<std::uint8_t>{1, 3}));
    EXPECT_EQ(m->vendor_class, "udhc");
    // Without the overload option the same bytes are only a file name.
    auto plain = parse_dhcp(message(1, {{53, {1}}}, true, file, sname));
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->parameter_request_list.empty());
    // An overload option inside an overloaded field is ignored, not followed.
    auto nested = parse_dhcp(message(1, {{53, {1}}, {52, {1}}}, true, {52, 1, 2, 55, 1, 6, 255}, {60, 1, 'x', 255}));
    ASSERT_TRUE(nested);
    EXPECT_TRUE(nested->vendor_class.empty());
    EXPECT_EQ(nested->parameter_request_list, (std::vector<std::uint8_t>{6}));
}

TEST(ParseDhcp, SplitOptionsAreConcatenated) {
    auto m = parse_dhcp(message(1, {{55, {1, 3}}, {53, {1}}, {55, {6, 15}}, {60, text("ab")}, {60, text("cd")}}));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->parameter_request_list, (std::vector<std::uint8_t>{1, 3, 6, 15}));
    EXPECT_EQ(m->vendor_class, "abcd");
    EXPECT_EQ(m->option_order, (std::vector<std::uint8_t>{55, 53, 60}));
}

TEST(ParseDhcp, BrokenMessagesAreRejected) {
    auto good = message(1, client({1, 3, 6}));
    EXPECT_TRUE(parse_dhcp(good));
    auto bad_cookie = good;
    bad_cookie[236] = std::byte{0};
    EXPECT_FALSE(parse_dhcp(bad_cookie));
    auto bad_op = good;
    bad_op[0] = std::byte{3};
    EXPECT_FALSE(parse_dhcp(bad_op));
    EXPECT_FALSE(parse_dhcp(message(1, {{53, {1}}, {52, {4}}})));     // overload value
    EXPECT_FALSE(parse_dhcp(message(1, {{53, {1, 3}}})));             // two-byte message type
    auto long_option = message(1, {{53, {1}}}, false);
    long_option.push_back(std::byte{55});
    long_option.push_back(std::byte{9});  // nine bytes promised, none there
    EXPECT_FALSE(parse_dhcp(long_option));
    EXPECT_FALSE(parse_dhcp(message(1, {{53, {1}}, {52, {1}}}, true, {55, 200, 1})));  // runs past `file`
    // No END: accepted when the last option ends at the edge.
    EXPECT_TRUE(parse_dhcp(message(1, client({1, 3}), false)));
    // Every truncation of a good message: never a crash, nothing before the options.
    for (std::size_t n = 0; n < good.size(); ++n) {
        auto m = parse_dhcp(std::span(good).first(n));
        if (n < 240) {
            EXPECT_FALSE(m) << n;
        }
    }
}

TEST(OptionListSimilarity, LongestCommonSubsequenceOverTheLongerList) {
    using V = std::vector<std::uint8_t>;
    EXPECT_EQ(option_list_similarity(V{1, 3, 6}, V{1, 3, 6}), 1.0);
    EXPECT_EQ(option_list_similarity(V{1, 3, 6}, V{2, 4}), 0.0);
    EXPECT_DOUBLE_EQ(option_list_similarity(V{1, 3, 6, 15}, V{1, 3, 15}), 0.75);
    EXPECT_DOUBLE_EQ(option_list_similarity(V{1, 3, 6, 15}, V{15, 6, 3, 1}), 0.25);  // order counts
    EXPECT_EQ(option_list_similarity(V{}, V{}), 1.0);
    EXPECT_EQ(option_list_similarity(V{}, V{1}), 0.0);
}

TEST(DhcpDb, FormatErrorsNameTheLine) {
    auto ok = DhcpDb::parse("# c\n\nprl=1,3 vendor=\"a b\" order=53,55 type=1,3 | linux | Linux | x | lab\n", "f.txt");
    ASSERT_TRUE(ok) << ok.error().describe();
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_EQ(ok->entries()[0].vendor, "a b");
    EXPECT_EQ(ok->entries()[0].line, 3u);
    const std::pair<const char*, const char*> bad[] = {
        {"prl=1,3 | linux | Linux | x\n", "f.txt:1"},                   // four fields
        {"prl=1,3 | linux | Linux | x | \n", "f.txt:1"},                // no provenance
        {"#\nprl=1,3 | beos | BeOS | x | s\n", "f.txt:2"},              // family
        {"prl=1,256 | linux | Linux | x | s\n", "f.txt:1"},             // code range
        {"prl=1,,3 | linux | Linux | x | s\n", "f.txt:1"},              // empty code
        {"prl=1 colour=red | linux | Linux | x | s\n", "f.txt:1"},      // key
        {"order=53 | linux | Linux | x | s\n", "f.txt:1"},              // neither prl nor vendor
        {"prl=1 has=\"x\" | linux | Linux | x | s\n", "f.txt:1"},       // has without vendor
        {"vendor=\"open | linux | Linux | x | s\n", "f.txt:1"},         // quote
        {"prl=1 | linux |  | x | s\n", "f.txt:1"},                      // name
        {"prl=1 vendor=\"\" | linux | Linux | x | s\n", "f.txt:1"},     // empty vendor
    };
    for (auto [t, where] : bad) {
        auto r = DhcpDb::parse(t, "f.txt");
        ASSERT_FALSE(r) << t;
        EXPECT_EQ(r.error().where, where) << t << r.error().message;
    }
}

class WhorlDhcpDb : public ::testing::Test {
protected:
    void SetUp() override {
        auto r = DhcpDb::load();
        ASSERT_TRUE(r) << r.error().describe();
        db_ = std::move(*r);
    }
    std::optional<Evidence> match(std::vector<std::uint8_t> prl, std::string vendor = {}, std::uint8_t op = 1) {
        auto m = parse_dhcp(message(op, client(std::move(prl), std::move(vendor))));
        EXPECT_TRUE(m);
        return db_.match(*m);
    }
    DhcpDb db_;
};

TEST_F(WhorlDhcpDb, LoadsWithoutErrorsAndCoversTheCommonClients) {
    EXPECT_GE(db_.size(), 20u);
    std::map<OsFamily, int> families;
    for (const auto& e : db_.entries()) ++families[e.os.family];
    for (OsFamily f : {OsFamily::windows, OsFamily::linux, OsFamily::android, OsFamily::macos, OsFamily::ios})
        EXPECT_GT(families[f], 0) << os_family_name(f);
}

// Every client of the lab capture is named by the line measured from it, exactly; the
// server's offers and acks, and a release without option 55, are not client fingerprints.
TEST_F(WhorlDhcpDb, NamesEveryLabClient) {
    const std::map<std::string, std::string> flavor_by_mac = {
        {"02:57:4c:44:00:01", "ISC dhclient"},
        {"02:57:4c:44:00:02", "busybox udhcpc 1.35.0"},
        {"02:57:4c:44:00:03", "dhcpcd 9"},
        {"02:57:4c:44:00:04", "systemd-networkd"},
        {"02:57:4c:44:00:05", "NetworkManager (internal client)"},
    };
    std::map<std::string, int> matched;
    int servers = 0;
    for (const auto& frame : test::read_pcap("pcap/dhcp/lab-clients.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        ASSERT_TRUE(f.udp);
        auto m = parse_dhcp(f.udp->payload());
        ASSERT_TRUE(m);
        auto e = db_.match(*m);
        if (m->op == 2) {
            EXPECT_FALSE(e);
            ++servers;
            continue;
        }
        std::string mac = f.link.src_mac->to_string();
        if (m->message_type == 3) {  // a REQUEST from 0.0.0.0 names the address it asks for
            ASSERT_TRUE(m->requested_address) << mac;
            EXPECT_EQ(*m->requested_address >> 8, 0xC63364u) << mac;  // 198.51.100.x
            EXPECT_EQ(m->client_address, 0u) << mac;
        }
        if (m->parameter_request_list.empty()) {
            EXPECT_EQ(m->message_type, 7);  // networkd's release
            EXPECT_FALSE(e);
            continue;
        }
        ASSERT_TRUE(e) << mac;
        EXPECT_EQ(e->family, OsFamily::linux);
        EXPECT_EQ(e->name, "Linux");
        EXPECT_EQ(e->flavor, flavor_by_mac.at(mac)) << e->detail;
        EXPECT_EQ(e->strength, 1.0) << e->detail;
        ++matched[mac];
    }
    EXPECT_EQ(matched.size(), 5u);
    EXPECT_GT(servers, 5);
}

TEST_F(WhorlDhcpDb, PublicSourceLinesMatchTheirMessages) {
    auto win = match({1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252}, "MSFT 5.0");
    ASSERT_TRUE(win);
    EXPECT_EQ(win->family, OsFamily::windows);
    EXPECT_EQ(win->flavor, "10 or 11");
    EXPECT_EQ(win->strength, 1.0);
    auto old_win = match({1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43}, "MSFT 5.0");
    ASSERT_TRUE(old_win);
    EXPECT_EQ(old_win->family, OsFamily::windows);
    EXPECT_EQ(old_win->strength, 0.8);  // the vendor class only

    auto android = match({1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114, 108}, "android-dhcp-14");
    ASSERT_TRUE(android);
    EXPECT_EQ(android->family, OsFamily::android);
    EXPECT_EQ(android->flavor, "14");  // the client's own version beats the list's era
    EXPECT_EQ(android->strength, 1.0);
    auto android_nv = match({1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114});
    ASSERT_TRUE(android_nv);
    EXPECT_EQ(android_nv->flavor, "11 or newer");

    auto mac = match({1, 121, 3, 6, 15, 108, 114, 119, 252, 95, 44, 46});
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac->family, OsFamily::macos);
    EXPECT_EQ(mac->flavor, "12 or newer");
    auto iphone = match({1, 121, 3, 6, 15, 108, 114, 119, 252});
    ASSERT_TRUE(iphone);
    EXPECT_EQ(iphone->family, OsFamily::ios);

    auto dhcpcd = match({1, 3, 6}, "dhcpcd-9.4.1:Linux-6.1.0-18-amd64:x86_64:GenuineIntel");
    ASSERT_TRUE(dhcpcd);
    EXPECT_EQ(dhcpcd->family, OsFamily::linux);
    EXPECT_EQ(dhcpcd->flavor, "dhcpcd 9.4.1");
    auto netbsd = match({1, 3, 6}, "dhcpcd-5.5.6:NetBSD-6.99.5:i386:i386");
    ASSERT_TRUE(netbsd);
    EXPECT_EQ(netbsd->family, OsFamily::bsd);
}

TEST_F(WhorlDhcpDb, SimilarListsMatchWeakerAndStrangersNotAtAll) {
    // iOS with 114 before 119 (as some iOS 14 builds send it): similar to the 2020 list.
    auto similar = match({1, 121, 3, 6, 15, 114, 119, 252});
    ASSERT_TRUE(similar);
    EXPECT_EQ(similar->family, OsFamily::ios);
    EXPECT_LT(similar->strength, 0.85);
    EXPECT_GE(similar->strength, 0.85 * DhcpDb::kMinSimilarity);
    EXPECT_NE(similar->detail.find("similar"), std::string::npos);
    EXPECT_FALSE(match({1, 3, 6, 12, 15, 17, 23, 28, 29, 31, 33, 40, 41, 42, 99, 98, 97}));
    EXPECT_FALSE(match({}, {}));
    // A server's reply carrying the same options is not a client fingerprint.
    EXPECT_FALSE(match({1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252}, "MSFT 5.0", 2));
}

}  // namespace
}  // namespace whorl::fp::passive
