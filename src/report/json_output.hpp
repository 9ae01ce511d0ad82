// whorl's JSON output (-oJ): the whole ScanReport as one JSON document, described in
// docs/json-output.md and by the JSON Schema docs/whorl-scan.schema.json. Ports follow
// the same ignored-state summary as the other formats (listed ports plus "ignored"
// groups that keep every port number as a range list), so all formats agree; the OS part
// carries everything measured, whatever -v says (the text formats print less).
#pragma once

#include <string>

#include "report/scan_report.hpp"

namespace whorl::report {

inline constexpr int kJsonFormatVersion = 1;

std::string json_output(const ScanReport& report, const OutputOptions& options);

class JsonWriter;
// One element of the document's "hosts" array, for documents that carry hosts one at a
// time (the scanner fleet's result messages, docs/decisions/0029).
void write_json_host(JsonWriter& writer, const HostReport& host, const OutputOptions& options);

}  // namespace whorl::report
