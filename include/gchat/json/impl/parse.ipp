// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_PARSE_IPP
#define GCHAT_JSON_IMPL_PARSE_IPP

#include <gchat/json/parse.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace gchat::json {

GCHAT_DECL boost::system::error_code reader::run(std::string_view text, detail::slot root, diagnostics* diag,
                                                 bool with_offset) {
    if (diag) diag->clear();
    auto failed = [&](errc e, std::string msg) -> boost::system::error_code {
        if (diag) diag->client_message = std::move(msg);
        return make_error_code(e);
    };
    if (opts_.max_size != 0 && text.size() > opts_.max_size)
        return failed(errc::json_too_large, "JSON input of " + std::to_string(text.size()) +
                                                " bytes is over the limit of " +
                                                std::to_string(opts_.max_size));
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return failed(errc::json_empty_input, "empty JSON input");

    constexpr std::size_t recursion_limit = 1024;
    if (scanner_.read(text, root, opts_.max_depth < recursion_limit ? opts_.max_depth : recursion_limit))
        return {};
    const detail::scan_failure& f = scanner_.failure();
    if (!diag) return make_error_code(f.code);

    std::string msg;
    auto in_path = [&] {
        if (!f.path.empty()) {
            msg += " in ";
            msg += f.path;
        }
    };
    switch (f.code) {
    case errc::json_not_an_object:
        msg = "expected a JSON object at the top level, got ";
        msg += f.got;
        break;
    case errc::json_out_of_range:
        msg = f.path + ": number out of range for its field";
        break;
    case errc::invalid_timestamp:
        msg = f.path + ": invalid timestamp (expected RFC 3339 text or {\"seconds\", \"nanos\"})";
        break;
    case errc::json_too_deep:
        msg = "JSON nested deeper than " +
              std::to_string(opts_.max_depth < recursion_limit ? opts_.max_depth : recursion_limit) +
              " levels";
        in_path();
        break;
    case errc::invalid_utf8:
        msg = "invalid UTF-8";
        in_path();
        break;
    case errc::invalid_json:
        msg = f.got ? std::string("invalid JSON: ") + f.got : std::string("truncated JSON");
        in_path();
        break;
    default:
        msg = f.path + ": expected " + f.expected + ", got " + f.got;
        break;
    }
    if (with_offset) {
        msg += " (at offset ";
        msg += std::to_string(f.offset);
        msg += ')';
    }
    return failed(f.code, std::move(msg));
}

// A DOM is read as its text: one reader, one set of rules and messages (without offsets, which would
// point into text the caller never saw).
GCHAT_DECL boost::system::error_code reader::run_dom(const boost::json::value& v, detail::slot root,
                                                     diagnostics* diag) {
    return run(boost::json::serialize(v), root, diag, false);
}

} // namespace gchat::json

#endif
