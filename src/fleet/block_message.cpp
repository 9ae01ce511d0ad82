// Target blocks as JSON messages (see the header).
#include "fleet/block_message.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fleet/json_value.hpp"
#include "report/json_writer.hpp"

namespace whorl::fleet {
namespace {

// Block ids go into message ids ("<block>/<address>"): no '/', nothing a header mangles.
bool valid_block_id(std::string_view id) {
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    };
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), ok);
}

unexpected<Error> bad_block(std::string_view why) { return fail(Errc::parse, fmt::format("not a whorl block: {}", why)); }

}  // namespace

std::string block_id(std::string_view submission, std::uint64_t index) {
    return fmt::format("{}-{:06}", submission, index);
}

std::string encode_block(const Block& b, std::string_view queue) {
    std::string out;
    report::JsonWriter j(out, report::JsonWriter::Layout::one_line);
    j.begin_object()
        .member("format", "whorl-block")
        .member("format_version", kBlockFormatVersion)
        .member("queue", queue)
        .member("block", b.id)
        .member("ipv6", b.ipv6);
    j.key("targets").begin_array();
    for (const auto& t : b.targets) {
        j.begin_object().member("address", t.address.to_string());
        if (!t.hostname.empty()) j.member("hostname", t.hostname);
        j.end_object();
    }
    j.end_array().end_object();
    return out;
}

Result<Block> decode_block(std::string_view data) {
    auto doc = JsonValue::parse(data);
    if (!doc) return bad_block(doc.error().message);
    const JsonValue* format = doc->get("format");
    if (!format || !format->string() || *format->string() != "whorl-block") return bad_block("no \"format\": \"whorl-block\"");
    const JsonValue* version = doc->get("format_version");
    if (!version || version->unsigned_number() != std::optional<std::uint64_t>(kBlockFormatVersion))
        return bad_block(fmt::format("format_version is not {}", kBlockFormatVersion));
    Block b;
    const JsonValue* id = doc->get("block");
    if (!id || !id->string() || !valid_block_id(*id->string())) return bad_block("no valid \"block\" id");
    b.id = *id->string();
    const JsonValue* ipv6 = doc->get("ipv6");
    if (!ipv6 || !ipv6->boolean()) return bad_block("no \"ipv6\": true or false");
    b.ipv6 = *ipv6->boolean();
    const JsonValue* targets = doc->get("targets");
    if (!targets || targets->kind() != JsonValue::Kind::array) return bad_block("no \"targets\" array");
    if (targets->elements().size() > kMaxBlockTargets)
        return bad_block(fmt::format("more than {} targets", kMaxBlockTargets));
    for (const JsonValue& t : targets->elements()) {
        const JsonValue* address = t.get("address");
        auto ip = address && address->string() ? IpAddress::parse(*address->string()) : std::nullopt;
        if (!ip) return bad_block("a target without a valid \"address\"");
        if (ip->is_v6() != b.ipv6) return bad_block(fmt::format("{} in a block of IPv{} targets", ip->to_string(), b.ipv6 ? 6 : 4));
        BlockTarget target{*ip, {}};
        if (const JsonValue* name = t.get("hostname")) {
            if (!name->string() || name->string()->size() > 255) return bad_block("a target's \"hostname\" is not a name");
            target.hostname = *name->string();
        }
        b.targets.push_back(std::move(target));
    }
    return b;
}

}  // namespace whorl::fleet
