// Fuzz target: the HTTP header parser (requests and responses), then resolution, matching
// and raw-signature printing against a small signature set.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fp/http/http_headers.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_log_format.hpp"

using namespace whorl::fp::passive;

namespace {

const P0fDatabase& db() {
    static const P0fDatabase d = *P0fDatabase::parse(
        "classes = unix\n"
        "[http:request]\n"
        "ua_os = Linux,iOS=[iPhone]\n"
        "label = s:!:curl:\nsys = Linux\nsig = 1:User-Agent,Host,Accept=[*/*]:Connection:curl/\n"
        "label = g:!:any:\nsys = @unix\nsig = *:Host,?Cookie:Via:\n"
        "[http:response]\n"
        "label = s:!:nginx:1.x\nsys = Linux\nsig = *:Server,Date:Keep-Alive:nginx/\n",
        "fuzz-http.fp");
    return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    for (auto dir : {Direction::request, Direction::response}) {
        HttpParseResult r = dir == Direction::request ? parse_http_request(bytes)
                                                      : parse_http_response(bytes);
        if (r.status != HttpParseStatus::complete) continue;
        if (r.message.headers.size() > kHttpMaxHeaders) __builtin_trap();
        HttpObservation obs = resolve_http(r.message, db().headers(), dir);
        HttpMatch m = db().http(dir).match(obs);
        (void)http_fields(db(), obs, m, dir);
    }
    return 0;
}
