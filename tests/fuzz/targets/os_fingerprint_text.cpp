// Fuzz target: reading a fingerprint as Nmap prints it (and finding one inside nmap's
// normal or XML output). A print that reads must write back in both layouts and read
// again to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fp/fingerprint/fingerprint.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto fp = fp::Fingerprint::parse(fp::extract_fingerprint_text(text));
    if (!fp) return 0;
    for (auto layout : {fp::FingerprintLayout::wrapped, fp::FingerprintLayout::unwrapped}) {
        std::string written = fp->text(layout);
        auto again = fp::Fingerprint::parse(written);
        if (!again || !(*again == *fp)) std::abort();
        if (again->text(layout) != written) std::abort();
    }
    auto merged = fp::merge_rounds(std::span<const fp::Fingerprint>(&*fp, 1));
    if (merged.tests().size() > fp->tests().size()) std::abort();
    return 0;
}
