// HostFusion: the confidence behaves as a posterior should (docs/decisions/0009): more
// independent agreeing sources raise it, correlated ones (the same SYN read by p0f, whorl
// and Ettercap) raise it less, a contradicting strong source lowers it, a generic
// catch-all alone stays low, repeats add nothing, old evidence fades, NAT-like mixtures
// show in `conflict` and `alternatives`, and Android/iOS are not contradicted by the Linux
// or macOS kernel their TCP stack reveals.
#include <cmath>

#include <gtest/gtest.h>

#include "fp/fusion/host_fusion.hpp"
#include "fp/p0f/p0f_evidence.hpp"

namespace whorl::fp::passive {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000 * 1000;

Evidence ev(EvidenceSource s, OsFamily f, std::string name, double strength, std::string flavor = {},
            std::int64_t t = 0, std::string detail = {}) {
    Evidence e;
    e.source = s;
    e.family = f;
    e.name = std::move(name);
    e.flavor = std::move(flavor);
    e.strength = strength;
    e.time_us = t;
    e.detail = detail.empty() ? e.name + e.flavor + std::to_string(static_cast<int>(s)) : std::move(detail);
    return e;
}

Evidence linux_syn(double strength = kStrengthExactSpecific) {
    return ev(EvidenceSource::p0f_syn, OsFamily::linux, "Linux", strength, "3.11 and newer");
}

double confidence_of(std::initializer_list<Evidence> list) {
    HostFusion h;
    for (const auto& e : list) h.add(e);
    return h.verdict().confidence;
}

TEST(HostFusion, NothingKnownIsUnknownWithZeroConfidence) {
    HostFusion h;
    EXPECT_EQ(h.verdict().family, OsFamily::unknown);
    EXPECT_EQ(h.verdict().confidence, 0.0);
    h.add(ev(EvidenceSource::user_agent, OsFamily::unknown, "curl", 0.0));
    h.add(ev(EvidenceSource::mtu, OsFamily::unknown, "Ethernet or modem", 1.0));
    OsVerdict v = h.verdict();
    EXPECT_EQ(v.family, OsFamily::unknown);
    EXPECT_EQ(v.confidence, 0.0);
    EXPECT_TRUE(v.support.empty());
    EXPECT_TRUE(v.conflict.empty());
    EXPECT_EQ(h.evidence().size(), 2u);  // kept for the reader all the same
}

// The model pinned to numbers: one exact p0f SYN (reliability 0.85) has likelihood ratio
// 1 + 10 x 0.85 / 0.15; Android and ChromeOS get half of its log weight (same kernel).
TEST(HostFusion, SingleExactSignatureHasTheDocumentedPosterior) {
    double lr = 1 + 10 * 0.85 / 0.15;
    double want = lr / (lr + 2 * std::sqrt(lr) + 7);
    EXPECT_NEAR(confidence_of({linux_syn()}), want, 1e-9);
    EXPECT_NEAR(want, 0.722, 0.001);
}

TEST(HostFusion, GenericCatchAllAloneStaysLow) {
    double generic = confidence_of({linux_syn(kStrengthExactGeneric)});
    double exact = confidence_of({linux_syn()});
    EXPECT_LT(generic, 0.4);
    EXPECT_GT(exact, 0.7);
    EXPECT_LT(confidence_of({linux_syn(kStrengthFuzzyGeneric)}), generic);
    // A lone TTL-only ICMP guess says even less.
    EXPECT_LT(confidence_of({ev(EvidenceSource::icmp, OsFamily::windows, "Windows", 0.4)}), 0.25);
}

TEST(HostFusion, IndependentAgreeingSourcesRaiseConfidence) {
    Evidence syn = linux_syn();
    Evidence dhcp = ev(EvidenceSource::dhcp, OsFamily::linux, "Linux", 1.0, "systemd-networkd");
    Evidence ua = ev(EvidenceSource::user_agent, OsFamily::linux, "Linux", 1.0, "Ubuntu");
    double one = confidence_of({syn});
    double two = confidence_of({syn, dhcp});
    double three = confidence_of({syn, dhcp, ua});
    EXPECT_LT(one, two);
    EXPECT_LT(two, three);
    EXPECT_GT(three, 0.99);
}

TEST(HostFusion, SameSignalReadTwiceCountsLessThanTwoSignals) {
    Evidence syn = linux_syn();
    Evidence whorl = ev(EvidenceSource::whorl_syn, OsFamily::linux, "Linux", 1.0, "4.19 and newer");
    Evidence dhcp = ev(EvidenceSource::dhcp, OsFamily::linux, "Linux", 1.0);  // same weight as whorl_syn
    double correlated = confidence_of({syn, whorl});
    double independent = confidence_of({syn, dhcp});
    EXPECT_GT(correlated, confidence_of({syn}));
    EXPECT_LT(correlated, independent);
}

TEST(HostFusion, RepeatsAreMergedAndAddNothing) {
    HostFusion h;
    h.add(linux_syn());
    double once = h.verdict().confidence;
    for (int i = 1; i <= 99; ++i) {
        Evidence e = linux_syn();
        e.time_us = i;
        h.add(e);
    }
    EXPECT_EQ(h.evidence().size(), 1u);
    EXPECT_EQ(h.evidence()[0].count, 100u);
    EXPECT_EQ(h.evidence()[0].time_us, 99);
    EXPECT_DOUBLE_EQ(h.verdict().confidence, once);
}

TEST(HostFusion, ContradictingStrongSourceLowersConfidence) {
    Evidence syn = linux_syn();
    Evidence ua = ev(EvidenceSource::user_agent, OsFamily::windows, "Windows", 1.0, "10 or 11");
    HostFusion h;
    h.add(syn);
    double alone = h.verdict().confidence;
    h.add(ua);
    OsVerdict v = h.verdict();
    EXPECT_EQ(v.family, OsFamily::linux);  // 0.85 x 1.0 beats 0.75 x 1.0
    EXPECT_LT(v.confidence, alone - 0.1);
    ASSERT_EQ(v.conflict.size(), 1u);
    EXPECT_EQ(v.conflict[0]->family, OsFamily::windows);
    ASSERT_FALSE(v.alternatives.empty());
    EXPECT_EQ(v.alternatives[0].first, OsFamily::windows);
    EXPECT_GT(v.alternatives[0].second, 0.2);
}

// Two stacks behind one address (NAT): both exact, neither wins clearly, and the other
// one is visible.
TEST(HostFusion, NatLikeMixtureShowsInConflict) {
    HostFusion h;
    h.add(linux_syn());
    h.add(ev(EvidenceSource::user_agent, OsFamily::linux, "Linux", 1.0, "Ubuntu"));
    h.add(ev(EvidenceSource::p0f_syn, OsFamily::windows, "Windows", 1.0, "7 or 8"));
    h.add(ev(EvidenceSource::user_agent, OsFamily::windows, "Windows", 1.0, "10 or 11"));
    OsVerdict v = h.verdict();
    EXPECT_LT(v.confidence, 0.7);
    EXPECT_EQ(v.support.size() + v.conflict.size(), 4u);
    EXPECT_GE(v.conflict.size(), 2u);
    ASSERT_FALSE(v.alternatives.empty());
    EXPECT_GT(v.alternatives[0].second, 0.2);
    OsFamily other = v.family == OsFamily::linux ? OsFamily::windows : OsFamily::linux;
    EXPECT_EQ(v.alternatives[0].first, other);
    for (const Evidence* e : v.conflict) EXPECT_EQ(e->family, other);
}

TEST(HostFusion, OldEvidenceFades) {
    HostFusion h;
    h.add(ev(EvidenceSource::p0f_syn, OsFamily::windows, "Windows", 1.0, "", 0));
    h.add(ev(EvidenceSource::p0f_syn, OsFamily::linux, "Linux", 1.0, "", 2 * kHour));
    OsVerdict v = h.verdict();
    EXPECT_EQ(v.family, OsFamily::linux);
    EXPECT_GT(v.confidence, 0.6);  // the Windows SYN is 4 half-lives old
    EXPECT_LT(h.reliability(h.evidence()[0]), 0.1);
    // Asked again later with nothing new: packet time, not wall time, so nothing changes.
    EXPECT_DOUBLE_EQ(h.verdict().confidence, v.confidence);
}

TEST(HostFusion, KernelEvidenceSupportsTheMobileOsOnTop) {
    HostFusion h;
    h.add(linux_syn());
    h.add(ev(EvidenceSource::user_agent, OsFamily::android, "Android", 1.0, "14"));
    h.add(ev(EvidenceSource::dhcp, OsFamily::android, "Android", 1.0, "14"));
    OsVerdict v = h.verdict();
    EXPECT_EQ(v.family, OsFamily::android);
    EXPECT_EQ(v.name, "Android");
    EXPECT_EQ(v.flavor, "14");
    EXPECT_TRUE(v.conflict.empty());
    EXPECT_EQ(v.support.size(), 3u);
    EXPECT_GT(v.confidence, 0.9);

    // A Linux UA is no kernel evidence: it contradicts.
    HostFusion u;
    u.add(ev(EvidenceSource::user_agent, OsFamily::linux, "Linux", 1.0));
    u.add(ev(EvidenceSource::dhcp, OsFamily::android, "Android", 1.0));
    EXPECT_EQ(u.verdict().conflict.size(), 1u);
}

TEST(HostFusion, NameAndFlavorComeFromTheStrongestEvidence) {
    HostFusion h;
    h.add(ev(EvidenceSource::ettercap, OsFamily::windows, "Windows XP SP1", 1.0));
    h.add(ev(EvidenceSource::whorl_syn, OsFamily::windows, "Windows", 1.0, "10 or 11"));
    h.add(ev(EvidenceSource::icmp, OsFamily::windows, "Windows", 0.8));
    OsVerdict v = h.verdict();
    EXPECT_EQ(v.name, "Windows");
    EXPECT_EQ(v.flavor, "10 or 11");
    ASSERT_EQ(v.support.size(), 3u);
    EXPECT_EQ(v.support[0]->source, EvidenceSource::whorl_syn);
    for (std::size_t i = 1; i < v.support.size(); ++i)
        EXPECT_GE(h.reliability(*v.support[i - 1]), h.reliability(*v.support[i]));
}

TEST(HostFusion, CapDropsTheWeakestOldestFirst) {
    HostFusion h(3);
    h.add(ev(EvidenceSource::icmp, OsFamily::windows, "Windows", 0.4, "", 0, "a"));
    h.add(ev(EvidenceSource::p0f_syn, OsFamily::windows, "Windows", 1.0, "", 1, "b"));
    h.add(ev(EvidenceSource::ettercap, OsFamily::windows, "Windows", 0.5, "", 2, "c"));
    h.add(ev(EvidenceSource::dhcp, OsFamily::windows, "Windows", 1.0, "", 3, "d"));
    ASSERT_EQ(h.evidence().size(), 3u);
    for (const auto& e : h.evidence()) EXPECT_NE(e.detail, "a");
    h.add(ev(EvidenceSource::icmp, OsFamily::windows, "Windows", 0.4, "", 4, "e"));  // weaker than all
    ASSERT_EQ(h.evidence().size(), 3u);
    for (const auto& e : h.evidence()) EXPECT_NE(e.detail, "e");
}

TEST(HostFusion, KeyedAddsMergeOnlyTheSameObservation) {
    const Evidence syn = linux_syn();
    const std::uint64_t key = evidence_key(syn);
    // Each identity field changes the key.
    std::vector<Evidence> others(5, syn);
    others[0].source = EvidenceSource::whorl_syn;
    others[1].family = OsFamily::android;
    others[2].name = "Linux ";
    others[3].flavor = "2.2.x-3.x";
    others[4].detail = "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0";
    for (const auto& o : others) EXPECT_NE(evidence_key(o), key);
    Evidence later = syn;
    later.time_us = 7;
    later.strength = 0.2;
    EXPECT_EQ(evidence_key(later), key) << "time and strength are not part of the identity";

    HostFusion h(4);
    const SharedEvidence copy1 = share_evidence(syn), copy2 = share_evidence(syn);
    EXPECT_EQ(copy1.id.key, key);
    EXPECT_NE(copy1.id.serial, copy2.id.serial);
    EXPECT_EQ(copy1.evidence->time_us, 0);
    h.add(copy1, 10);
    h.add(copy1, 30);
    h.add(copy2, 20);  // another copy of the same content: merged
    ASSERT_EQ(h.evidence().size(), 1u);
    EXPECT_EQ(h.evidence()[0].count, 3u);
    EXPECT_EQ(h.evidence()[0].time_us, 30);
    // Equal keys are not enough: a different observation under the same key stays apart.
    SharedEvidence impostor = share_evidence(others[3]);
    impostor.id = EvidenceId{key, 0};
    h.add(impostor, 40);
    ASSERT_EQ(h.evidence().size(), 2u);
    EXPECT_EQ(h.evidence()[1].flavor, "2.2.x-3.x");
    EXPECT_EQ(h.evidence()[1].time_us, 40);
    // Over the cap the weakest goes: adding it again makes a new entry, adding a kept one
    // merges (whether by serial or by content).
    Evidence weak = ev(EvidenceSource::icmp, OsFamily::windows, "Windows", 0.3, "", 41, "w");
    h.add(weak);
    h.add(ev(EvidenceSource::dhcp, OsFamily::linux, "Linux", 1.0, "", 42, "d"));
    h.add(ev(EvidenceSource::user_agent, OsFamily::linux, "Linux", 1.0, "", 43, "u"));
    ASSERT_EQ(h.evidence().size(), 4u);
    for (const auto& e : h.evidence()) EXPECT_NE(e.detail, "w");
    h.add(share_evidence(weak), 44);
    EXPECT_EQ(h.evidence().size(), 4u);
    h.add(copy2, 50);
    h.add(syn);
    EXPECT_EQ(h.evidence().size(), 4u);
    for (const auto& e : h.evidence()) {
        if (e.source == syn.source && e.flavor == syn.flavor) {
            EXPECT_EQ(e.count, 5u);
            EXPECT_EQ(e.time_us, 50);
        }
    }
    // A cleared fusion is empty and starts over.
    h.clear();
    EXPECT_TRUE(h.evidence().empty());
    EXPECT_EQ(h.verdict().family, OsFamily::unknown);
    h.add(copy1, 60);
    ASSERT_EQ(h.evidence().size(), 1u);
    EXPECT_EQ(h.evidence()[0].count, 1u);
}

TEST(HostFusion, SourceWeightsOrderTheSources) {
    EXPECT_GT(source_weight(EvidenceSource::p0f_syn), source_weight(EvidenceSource::ettercap));
    EXPECT_GT(source_weight(EvidenceSource::dhcp), source_weight(EvidenceSource::icmp));
    EXPECT_GT(source_weight(EvidenceSource::user_agent), source_weight(EvidenceSource::p0f_http_request));
    EXPECT_EQ(source_weight(EvidenceSource::mtu), 0.0);
    EXPECT_EQ(source_weight(EvidenceSource::uptime), 0.0);
}

}  // namespace
}  // namespace whorl::fp::passive
