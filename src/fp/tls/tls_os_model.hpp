// Which OS a ClientHello speaks for, from mercury's OS-labelled table: the entries nearest
// to the hello (Jaccard similarity of their parts: version, each cipher suite, each
// extension type, and each extension with its contents), weighted by similarity^8 and by
// the log of their sightings, vote with their OS shares. So a hello the table lacks still
// gets the families of the most similar ones, and a hello shared by several OSes (one
// browser on two systems) gets a split vote, not a hard label. The vote's share for the
// named family is its probability; tools/eval-tls-os.sh measures it on a held-out fifth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fp/tls/mercury_table.hpp"

namespace whorl::fp::tls {

// The family a mercury OS name ("microsoft:windows_10:20H2") belongs to: "Windows",
// "Mac OS X", "iOS", "Android", "Linux", or "" for one whorl does not place.
std::string_view tls_os_family(std::string_view os);

struct TlsOsGuess {
    std::string family;        // "Windows", "Mac OS X", "Linux", ...
    std::string os;            // the heaviest OS name of that family among the voters
    // The family's share of the vote: a probability for a host of the population mercury
    // watched (two thirds Windows, one third macOS, hardly any Linux), not of any network.
    double probability = 0;
    // The same vote divided by that population's share of each family: how much more
    // likely this hello is from the named family than from the next one the table knows
    // well enough (>= 0.1 % of its sightings). The hello of a library that runs on every
    // OS (OpenSSL, GnuTLS) comes out near 1, whatever its share of the vote.
    double likelihood_ratio = 0;
    double nearest = 0;           // similarity of the nearest entry (1: the hello is listed)
    std::uint64_t sightings = 0;  // of the voting entries

    // Strong enough to speak for the family in the fusion.
    bool decisive() const { return likelihood_ratio >= 10 && nearest >= 0.8; }
};

class TlsOsModel {
public:
    static constexpr std::size_t kNeighbours = 5;

    // Every entry of the table (whorl's runtime model).
    explicit TlsOsModel(const MercuryTable& table);
    // Only these entries (the evaluation's training part).
    explicit TlsOsModel(const std::vector<std::pair<std::string, MercuryEntry>>& entries);

    std::optional<TlsOsGuess> classify(std::string_view mercury_string) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Known {
        std::vector<std::uint32_t> parts;  // sorted ids
        MercuryEntry entry;
    };
    void add(std::string_view fingerprint, const MercuryEntry& entry);
    void finish();
    std::vector<std::uint32_t> parts_of(std::string_view fingerprint) const;

    std::unordered_map<std::string, std::uint32_t> ids_;
    std::vector<Known> entries_;
    std::unordered_map<std::string, double> prior_;  // family -> share of all sightings
};

}  // namespace whorl::fp::tls
