// Test support: comparing whorl's OS fingerprint of a lab host with Nmap's (7.93 live, or
// a 7.95 recording). Every deterministic test must be equal: OPS, WIN, ECN, T1-T7, U1, IE,
// and SEQ's TI/CI/II/SS; SEQ's rates (SP, GCD, ISR, TS) come from random ISNs and clocks,
// so they must fall where Nmap's do.
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::test {

inline long hex(const std::string* v) { return v ? std::strtol(v->c_str(), nullptr, 16) : -1; }

// `rates`: also require SEQ's rates near Nmap's (both drawn live); against a recording,
// one past draw of random ISNs, only their presence is compared.
inline void expect_same_fingerprint(const fp::Fingerprint& nmap, const fp::Fingerprint& whorl, const std::string& persona,
                                    bool rates = true) {
    SCOPED_TRACE(persona + "\nnmap:  " + nmap.text(fp::FingerprintLayout::unwrapped) +
                 "\nwhorl: " + whorl.text(fp::FingerprintLayout::unwrapped));
    for (const char* name : {"OPS", "WIN", "ECN", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "U1", "IE"}) {
        const fp::Test* a = nmap.find(name);
        const fp::Test* b = whorl.find(name);
        ASSERT_EQ(a != nullptr, b != nullptr) << name;
        if (a) {
            EXPECT_EQ(a->text(), b->text()) << name;
        }
    }
    const fp::Test* a = nmap.find("SEQ");
    const fp::Test* b = whorl.find("SEQ");
    ASSERT_EQ(a != nullptr, b != nullptr);
    if (!a) return;
    for (const char* attr : {"TI", "CI", "II", "SS"}) {
        const std::string* x = a->find(attr);
        const std::string* y = b->find(attr);
        EXPECT_EQ(x ? *x : "-", y ? *y : "-") << "SEQ." << attr;
    }
    for (const char* attr : {"SP", "GCD", "ISR", "TS"}) EXPECT_EQ(a->find(attr) != nullptr, b->find(attr) != nullptr) << attr;
    if (a->find("SP") && rates) {
        // Random ISNs: one sample of 6 spreads about as wide as nmap-os-db's ranges for one
        // OS (e.g. Linux's SP=FC-106, ISR=10A-114).
        EXPECT_LE(std::abs(hex(a->find("SP")) - hex(b->find("SP"))), 0x28) << "SEQ.SP";
        EXPECT_LE(std::abs(hex(a->find("ISR")) - hex(b->find("ISR"))), 0x10) << "SEQ.ISR";
        long g1 = hex(a->find("GCD")), g2 = hex(b->find("GCD"));
        EXPECT_TRUE(g1 == g2 || (g1 <= 9 && g2 <= 9)) << "SEQ.GCD " << g1 << " " << g2;
    }
    if (const std::string* t = a->find("TS"); t && rates) {
        long t1 = hex(t), t2 = hex(b->find("TS"));
        // Random per-connection offsets (Linux >= 4.10) give a random rate, 0x1E-0x22.
        bool random_clock = t1 >= 0x14 && t2 >= 0x14 && std::abs(t1 - t2) <= 4;
        EXPECT_TRUE(*t == *b->find("TS") || random_clock) << "SEQ.TS " << *t << " " << *b->find("TS");
    }
}

// Under packet loss whorl merges several rounds, as Nmap does (osscan.cc mergeFPs): a test
// whose replies differed between rounds is printed once per variant, and a lost reply only
// takes attributes away. So every test of the clean print is there, and every variant
// agrees with it on each deterministic attribute both have (SEQ's random rates aside).
inline void expect_consistent_under_loss(const fp::Fingerprint& clean, const fp::Fingerprint& lossy,
                                         const std::string& what) {
    SCOPED_TRACE(what + "\nclean: " + clean.text(fp::FingerprintLayout::unwrapped) +
                 "\nlossy: " + lossy.text(fp::FingerprintLayout::unwrapped));
    for (const fp::Test& t : clean.tests()) {
        if (t.name == "SCAN") continue;
        std::size_t variants = 0;
        for (const fp::Test& v : lossy.tests()) {
            if (v.name != t.name) continue;
            ++variants;
            for (const fp::Attribute& a : v.attrs) {
                if (t.name == "SEQ" && (a.name == "SP" || a.name == "GCD" || a.name == "ISR" || a.name == "TS"))
                    continue;
                const std::string* want = t.find(a.name);
                EXPECT_TRUE(want != nullptr) << v.text() << ": " << a.name << " is not in the clean print";
                if (want) {
                    EXPECT_EQ(*want, a.value) << v.text() << ": " << a.name;
                }
            }
        }
        EXPECT_GE(variants, 1u) << t.name;
    }
}

// The lab personas both comparisons run (lab/persona.cpp), and gtest names for them.
inline const std::vector<const char*> kComparedPersonas = {
    "linux", "ttl128", "ttl255", "no-timestamps", "ts-no-offset", "no-sack", "no-wscale", "ecn", "small-rcvbuf",
    "mtu1400", "bare"};

inline std::string persona_test_name(const ::testing::TestParamInfo<const char*>& info) {
    std::string n = info.param;
    for (auto& ch : n)
        if (ch == '-') ch = '_';
    return n;
}

}  // namespace whorl::test
