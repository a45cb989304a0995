// libFuzzer target: gchat::parse_event on arbitrary bytes (both envelopes).
// Property: it never crashes, hangs or leaks, and every failure carries a diagnostic message.
#include <gchat/event/parse.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    gchat::diagnostics diag;
    auto ev = gchat::parse_event(body, diag);
    if (!ev && diag.client_message.empty()) std::abort();
    return 0;
}
