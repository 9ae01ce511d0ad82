// Result messages (see the header).
#include "fleet/result_message.hpp"

#include <fmt/format.h>

#include "report/json_output.hpp"
#include "report/json_writer.hpp"

namespace whorl::fleet {

std::string encode_result(const ResultContext& c, const report::HostReport& host, const report::OutputOptions& o) {
    std::string out;
    report::JsonWriter j(out, report::JsonWriter::Layout::one_line);
    j.begin_object()
        .member("format", "whorl-result")
        .member("format_version", kResultFormatVersion)
        .member("queue", c.queue)
        .member("block", c.block)
        .member("delivery", static_cast<unsigned long long>(c.delivery))
        .member("worker", c.worker)
        .member("args", c.args);
    j.key("host");
    report::write_json_host(j, host, o);
    j.end_object();
    return out;
}

std::string result_message_id(std::string_view block, const IpAddress& address) {
    return fmt::format("{}/{}", block, address.to_string());
}

}  // namespace whorl::fleet
