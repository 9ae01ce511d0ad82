// Fuzz target: a target block off a fleet's NATS queue (fleet/block_message, on the strict
// JSON reader fleet/json_value). Any bytes decode to a block or an Errc::parse error, never
// a crash; a block that decodes is within its limits, and written again it reads back the
// same.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fleet/block_message.hpp"
#include "fleet/json_value.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto json = fleet::JsonValue::parse(text);
    if (!json && json.error().code != Errc::parse) __builtin_trap();
    auto block = fleet::decode_block(text);
    if (!block) {
        if (block.error().code != Errc::parse) __builtin_trap();
        return 0;
    }
    if (!json || block->id.empty() || block->targets.size() > fleet::kMaxBlockTargets) __builtin_trap();
    for (const auto& t : block->targets)
        if (t.address.is_v6() != block->ipv6) __builtin_trap();
    auto again = fleet::decode_block(fleet::encode_block(*block, "fuzz"));
    if (!again || !(*again == *block)) __builtin_trap();
    return 0;
}
