// Cisco mercury's OS-labelled ClientHello table as converted into data/mercury/tls-os.tsv
// (tools/mercury/convert.py): for a fingerprint string, how many times mercury saw it and
// how those sightings were shared among OS versions ("microsoft:windows_10:20H2=0.6968").
// Looked up exactly, else by the fingerprint with its extensions sorted (clients that
// shuffle their extensions), where the entries sharing that key are pooled, weighted by
// their sightings. The shares are likelihoods for the fusion, not labels.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"

namespace whorl::fp::tls {

struct OsShare {
    std::string os;  // vendor:product:version, as CPE 2.3 names them
    double share = 0;
};

struct MercuryEntry {
    std::uint64_t observations = 0;
    std::vector<OsShare> shares;  // largest first
};

struct MercuryLookup {
    const MercuryEntry* entry = nullptr;  // nullptr: not in the table
    bool exact = false;                   // false: found by the sorted-extension key
};

class MercuryTable {
public:
    static Result<MercuryTable> load(const std::string& path);
    // `name` is the file name used in error locations.
    static Result<MercuryTable> parse(std::string_view text, const std::string& name);

    MercuryLookup find(const std::string& fingerprint) const;
    std::size_t size() const { return exact_.size(); }
    // Every listed fingerprint with its entry, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [fp, e] : exact_) f(fp, e);
    }

private:
    std::unordered_map<std::string, MercuryEntry> exact_;
    std::unordered_map<std::string, MercuryEntry> sorted_;
};

}  // namespace whorl::fp::tls
