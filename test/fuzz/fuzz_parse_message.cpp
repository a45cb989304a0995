// libFuzzer target: gchat::json::parse<gchat::message> on arbitrary bytes.
// Property: it never crashes, and whatever it accepts serializes to JSON that parses back to the
// same serialization (the writer and the reader agree).
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>
#include <gchat/model/message.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    gchat::diagnostics diag;
    auto first = gchat::json::parse<gchat::message>(text, diag);
    if (!first) {
        if (diag.client_message.empty()) std::abort(); // every failure must say what and where
        return 0;
    }
    const std::string once = gchat::json::serialize(*first);
    auto second = gchat::json::parse<gchat::message>(once);
    if (!second) std::abort();
    if (gchat::json::serialize(*second) != once) std::abort();
    return 0;
}
