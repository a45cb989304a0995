// libFuzzer target: gchat::parse_event on arbitrary bytes (both envelopes).
// Properties: it never crashes, hangs or leaks; every failure carries a diagnostic message; and gchat's
// own JSON scanner agrees with Boost.JSON on what is JSON: text gchat reads is valid JSON (but for
// Boost.JSON's limit on exponents), and text it calls malformed (invalid_json, invalid_utf8) Boost.JSON
// rejects too.
#include <gchat/event/parse.hpp>

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    gchat::diagnostics diag;
    auto ev = gchat::parse_event(body, diag);
    if (!ev && diag.client_message.empty()) std::abort();

    boost::json::parse_options opts;
    opts.max_depth = 64; // gchat's default limit
    boost::system::error_code ec;
    boost::json::value v =
        boost::json::parse(boost::json::string_view(body.data(), body.size()), ec, {}, opts);
    // Boost.JSON stops at an exponent past INT_MAX, a limit RFC 8259 allows; gchat checks the grammar of
    // a value it skips (an unknown key's), and a number it reads must fit its field.
    const bool boost_limit = ec == boost::json::error::exponent_overflow;
    if (ev && !boost_limit && (ec || !v.is_object()))
        std::abort(); // gchat read something that is not a JSON object
    if (!ev && (ev.error() == gchat::errc::invalid_json || ev.error() == gchat::errc::invalid_utf8) && !ec)
        std::abort(); // gchat called valid JSON malformed
    return 0;
}
