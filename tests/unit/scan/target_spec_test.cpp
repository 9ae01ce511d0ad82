// Target expressions in Nmap's syntax and their expansion, with exclusions and names.
#include "scan/target_spec.hpp"

#include <gtest/gtest.h>

namespace whorl::scan {
namespace {

std::vector<std::string> expand(std::vector<std::string> texts, std::vector<std::string> excl = {}, bool v6 = false) {
    std::vector<TargetPattern> pats, ex;
    for (auto& t : texts) {
        auto p = parse_target(t, v6);
        EXPECT_TRUE(p) << t << ": " << p.error().describe();
        if (p) pats.push_back(*p);
    }
    for (auto& t : excl) ex.push_back(*parse_target(t, v6));
    std::vector<std::string> unresolved;
    auto resolver = [](const std::string& name, bool) -> std::vector<IpAddress> {
        if (name == "lab-host") return {*IpAddress::parse("198.51.100.9")};
        return {};
    };
    auto r = expand_targets(pats, ex, resolver, unresolved);
    std::vector<std::string> out;
    for (auto& t : *r) out.push_back(t.address.to_string() + (t.hostname.empty() ? "" : "=" + t.hostname));
    for (auto& u : unresolved) out.push_back("unresolved:" + u);
    return out;
}

TEST(TargetSpec, SingleAddressRangeAndList) {
    EXPECT_EQ(expand({"198.51.100.7"}), (std::vector<std::string>{"198.51.100.7"}));
    EXPECT_EQ(expand({"198.51.100.1-3"}), (std::vector<std::string>{"198.51.100.1", "198.51.100.2", "198.51.100.3"}));
    EXPECT_EQ(expand({"198.51.100.1,5"}), (std::vector<std::string>{"198.51.100.1", "198.51.100.5"}));
    EXPECT_EQ(expand({"198.51.100.-2"}), (std::vector<std::string>{"198.51.100.0", "198.51.100.1", "198.51.100.2"}));
    EXPECT_EQ(expand({"198.51.100.*"}).size(), 256u);
}

TEST(TargetSpec, CidrIncludesNetworkAndBroadcast) {
    auto v = expand({"198.51.100.77/30"});
    EXPECT_EQ(v, (std::vector<std::string>{"198.51.100.76", "198.51.100.77", "198.51.100.78", "198.51.100.79"}));
    EXPECT_EQ(expand({"198.51.100.0/24"}).size(), 256u);
}

TEST(TargetSpec, ExclusionsAndNames) {
    EXPECT_EQ(expand({"198.51.100.1-4"}, {"198.51.100.2", "198.51.100.4"}),
              (std::vector<std::string>{"198.51.100.1", "198.51.100.3"}));
    EXPECT_EQ(expand({"lab-host", "missing-host"}),
              (std::vector<std::string>{"198.51.100.9=lab-host", "unresolved:missing-host"}));
}

TEST(TargetSpec, Ipv6NeedsDashSix) {
    EXPECT_FALSE(parse_target("2001:db8::2", false));
    EXPECT_EQ(expand({"2001:db8::2"}, {}, true), (std::vector<std::string>{"2001:db8::2"}));
    EXPECT_EQ(expand({"2001:db8::10/126"}, {}, true),
              (std::vector<std::string>{"2001:db8::10", "2001:db8::11", "2001:db8::12", "2001:db8::13"}));
    EXPECT_FALSE(parse_target("198.51.100.1", true));
}

// whorl's extension: a range in the last group of an IPv6 address, hex and inclusive.
TEST(TargetSpec, Ipv6LastGroupRange) {
    EXPECT_EQ(expand({"2001:db8::e-11"}, {"2001:db8::f"}, true),
              (std::vector<std::string>{"2001:db8::e", "2001:db8::10", "2001:db8::11"}));
    auto p = parse_target("2001:db8::2-21", true);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->size(), 32u);
    EXPECT_TRUE(p->contains(*IpAddress::parse("2001:db8::21")));
    EXPECT_FALSE(p->contains(*IpAddress::parse("2001:db8::22")));
    EXPECT_FALSE(p->contains(*IpAddress::parse("2001:db8::1")));
    EXPECT_FALSE(p->contains(*IpAddress::parse("2001:db8:1::2")));
    PatternAddresses a(*p, p->v6);
    for (std::uint64_t k = 0; k < p->size(); ++k) EXPECT_EQ(a.index_of(a.at(k)), k);
    EXPECT_EQ(a.at(31).to_string(), "2001:db8::21");
    for (const char* bad : {"2001:db8::5-2", "2001:db8::2-10000", "2001:db8::2-1/64", "2001:db8::2-", "2001:db8::2-g"})
        EXPECT_FALSE(parse_target(bad, true)) << bad;
    EXPECT_FALSE(parse_target("2001:db8::2-4", false));  // IPv6 needs -6
}

TEST(TargetSpec, BadExpressionsAreUsageErrors) {
    for (const char* bad : {"198.51.100.300", "198.51.100.5-1", "198.51.100.1/33", "198.51.100.1/x", "198.51.100.1-2/24",
                            "bad host!", "", "/24"}) {
        auto r = parse_target(bad, false);
        EXPECT_FALSE(r) << bad;
        if (!r) {
            EXPECT_EQ(r.error().code, Errc::usage);
        }
    }
}

// Issue 15 (found by fuzz_target_spec): a name's prefix in -6 mode was counted as if over
// 32 bits (a negative shift; "name/30" counted 4 addresses and expanded 2^62 of them until
// memory ran out), and a prefix past 2^31 wrapped to "no prefix".
TEST(TargetSpec, NamePrefixesCountOverTheirFamily) {
    auto v6 = parse_target("lab-host/126", true);
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->size(), 4u);
    auto wide = parse_target("lab-host/30", true);
    ASSERT_TRUE(wide);
    EXPECT_EQ(wide->size(), 1ull << 63);
    std::vector<std::string> unresolved;
    auto resolve6 = [](const std::string&, bool) { return std::vector<IpAddress>{*IpAddress::parse("2001:db8::8")}; };
    auto r = expand_targets({*wide}, {}, resolve6, unresolved, 4096);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::usage);
    auto v4 = parse_target("lab-host/30", false);
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->size(), 4u);
    EXPECT_FALSE(parse_target("lab-host/4294967295", false));
    EXPECT_FALSE(parse_target("lab-host/129", true));
}

// Issue 15: targets are streamed a batch at a time; the batches, joined, are the whole
// expansion, and 2^24 addresses give their first batch without expanding the rest.
TEST(TargetSpec, StreamGivesTheExpansionInBatches) {
    std::vector<TargetPattern> pats, ex;
    for (const char* t : {"198.51.100.250-255", "lab-host", "missing-host", "198.51.100.0/30", "198.51.1-2.7,9"})
        pats.push_back(*parse_target(t, false));
    ex.push_back(*parse_target("198.51.100.1", false));
    auto resolver = [](const std::string& name, bool) -> std::vector<IpAddress> {
        if (name == "lab-host") return {*IpAddress::parse("198.51.100.9")};
        return {};
    };
    std::vector<std::string> unresolved_all, unresolved_stream;
    auto all = expand_targets(pats, ex, resolver, unresolved_all);
    ASSERT_TRUE(all);
    for (std::size_t batch : {1u, 2u, 3u, 100u}) {
        TargetStream stream(pats, ex, resolver);
        std::vector<Target> joined;
        unresolved_stream.clear();
        while (!stream.done()) {
            auto part = stream.next(batch, unresolved_stream);
            ASSERT_TRUE(part);
            EXPECT_LE(part->size(), batch);
            joined.insert(joined.end(), part->begin(), part->end());
        }
        ASSERT_EQ(joined.size(), all->size()) << batch;
        for (std::size_t i = 0; i < joined.size(); ++i) {
            EXPECT_EQ(joined[i].address, (*all)[i].address) << batch << " " << i;
            EXPECT_EQ(joined[i].hostname, (*all)[i].hostname);
        }
        EXPECT_EQ(unresolved_stream, unresolved_all);
    }
    EXPECT_EQ(all->size(), 6u + 1 + 3 + 4);  // 250-255, lab-host, the /30 without .1, 2 x 2
    // 2^24 addresses (a /8's worth), documentation prefix: nothing is sent, only counted.
    TargetStream wide({*parse_target("2001:db8::/104", true)}, {}, resolver);
    std::vector<std::string> none;
    auto first = wide.next(4, none);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 4u);
    EXPECT_EQ((*first)[3].address.to_string(), "2001:db8::3");
    EXPECT_FALSE(wide.done());
}

TEST(TargetSpec, HugeExpansionIsRefused) {
    auto p = parse_target("2001:db8::/64", true);
    ASSERT_TRUE(p);
    std::vector<std::string> unresolved;
    auto r = expand_targets({*p}, {}, [](const std::string&, bool) { return std::vector<IpAddress>{}; }, unresolved);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("too many"), std::string::npos);
}

TEST(TargetSpec, ListFilesAndExcludeLists) {
    EXPECT_EQ(split_target_list("198.51.100.1 # first\n198.51.100.2,3\n\n", false),
              (std::vector<std::string>{"198.51.100.1", "198.51.100.2,3"}));
    EXPECT_EQ(split_target_list("198.51.100.1,198.51.100.9", true),
              (std::vector<std::string>{"198.51.100.1", "198.51.100.9"}));
}

TEST(TargetSpec, ListedTargetsKeepTheirLines) {
    auto got = split_target_lines("# header\n198.51.100.1 198.51.100.2 # two\n\n  198.51.100.3\n", false);
    std::vector<ListedTarget> want = {{"198.51.100.1", 2}, {"198.51.100.2", 2}, {"198.51.100.3", 4}};
    EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace whorl::scan
