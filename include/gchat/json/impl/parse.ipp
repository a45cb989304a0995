// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_PARSE_IPP
#define GCHAT_JSON_IMPL_PARSE_IPP

#include <gchat/json/parse.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>

#include <string>

namespace gchat::json {
namespace detail {

// Offset of the first byte that is not valid UTF-8, or npos.
inline std::size_t first_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F; // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else
            return i;
        if (n - i < len) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::string_view::npos;
}

inline void append_offset(std::string& msg, std::size_t offset) {
    msg += " (at offset ";
    msg += std::to_string(offset);
    msg += ')';
}

} // namespace detail

GCHAT_DECL reader::reader(parse_options opts) : opts_(opts), parser_(make_options(opts)) {}

GCHAT_DECL boost::json::parse_options reader::make_options(const parse_options& o) noexcept {
    boost::json::parse_options p;
    p.max_depth = o.max_depth;
    return p;
}

GCHAT_DECL boost::system::error_code reader::run(std::string_view text, detail::slot root,
                                                 diagnostics* diag) {
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

    parser_.reset();
    detail::handler& h = parser_.handler();
    h.start(root, opts_.max_depth);
    boost::system::error_code ec;
    std::size_t consumed = parser_.write_some(false, text.data(), text.size(), ec);
    if (!ec) {
        // basic_parser stops at the end of the first document; anything after it but white space is an error.
        auto rest = text.find_first_not_of(" \t\r\n", consumed);
        if (rest == std::string_view::npos) return {};
        std::string msg = "invalid JSON: data after the document";
        detail::append_offset(msg, rest);
        return failed(errc::invalid_json, std::move(msg));
    }
    if (!diag && ec.category() == client_category()) return ec;

    std::string msg;
    std::string path = h.path();
    auto in_path = [&] {
        if (!path.empty()) {
            msg += " in ";
            msg += path;
        }
    };
    if (ec.category() == client_category()) {
        switch (static_cast<errc>(ec.value())) {
        case errc::json_not_an_object:
            msg = "expected a JSON object at the top level, got ";
            msg += h.got();
            break;
        case errc::json_out_of_range:
            msg = path + ": number out of range for its field";
            break;
        case errc::invalid_timestamp:
            msg = path + ": invalid timestamp (expected RFC 3339 text or {\"seconds\", \"nanos\"})";
            break;
        default:
            msg = path + ": expected " + h.expected() + ", got " + h.got();
            break;
        }
        detail::append_offset(msg, consumed);
        return failed(static_cast<errc>(ec.value()), std::move(msg));
    }
    // Boost.JSON's own errors: malformed text.
    if (ec == boost::json::error::too_deep) {
        msg = "JSON nested deeper than " + std::to_string(opts_.max_depth) + " levels";
        in_path();
        detail::append_offset(msg, consumed);
        return failed(errc::json_too_deep, std::move(msg));
    }
    if (auto bad = detail::first_invalid_utf8(text); bad != std::string_view::npos && bad <= consumed + 4) {
        msg = "invalid UTF-8";
        in_path();
        detail::append_offset(msg, bad);
        return failed(errc::invalid_utf8, std::move(msg));
    }
    msg = ec == boost::json::error::incomplete ? std::string("truncated JSON")
                                               : "invalid JSON: " + ec.message();
    in_path();
    detail::append_offset(msg, consumed);
    return failed(errc::invalid_json, std::move(msg));
}

GCHAT_DECL bool reader::walk(const boost::json::value& v, boost::system::error_code& ec) {
    detail::handler& h = parser_.handler();
    switch (v.kind()) {
    case boost::json::kind::object: {
        if (!h.on_object_begin(ec)) return false;
        for (const auto& kv : v.get_object()) {
            if (!h.on_key(kv.key(), kv.key().size(), ec) || !walk(kv.value(), ec)) return false;
        }
        return h.on_object_end(v.get_object().size(), ec);
    }
    case boost::json::kind::array: {
        if (!h.on_array_begin(ec)) return false;
        for (const auto& e : v.get_array())
            if (!walk(e, ec)) return false;
        return h.on_array_end(v.get_array().size(), ec);
    }
    case boost::json::kind::string:
        return h.on_string(v.get_string(), v.get_string().size(), ec);
    case boost::json::kind::int64:
        return h.on_int64(v.get_int64(), {}, ec);
    case boost::json::kind::uint64:
        return h.on_uint64(v.get_uint64(), {}, ec);
    case boost::json::kind::double_:
        return h.on_double(v.get_double(), {}, ec);
    case boost::json::kind::bool_:
        return h.on_bool(v.get_bool(), ec);
    case boost::json::kind::null:
        return h.on_null(ec);
    }
    return true;
}

namespace detail {
inline std::size_t depth_of(const boost::json::value& v, std::size_t limit) {
    std::size_t d = 0;
    if (v.is_object())
        for (const auto& kv : v.get_object())
            d = std::max(d, depth_of(kv.value(), limit));
    else if (v.is_array())
        for (const auto& e : v.get_array())
            d = std::max(d, depth_of(e, limit));
    else
        return 0;
    return d > limit ? d : d + 1;
}
} // namespace detail

GCHAT_DECL boost::system::error_code reader::run_dom(const boost::json::value& v, detail::slot root,
                                                     diagnostics* diag) {
    if (diag) diag->clear();
    if (detail::depth_of(v, opts_.max_depth) > opts_.max_depth) {
        if (diag)
            diag->client_message = "JSON nested deeper than " + std::to_string(opts_.max_depth) + " levels";
        return make_error_code(errc::json_too_deep);
    }
    detail::handler& h = parser_.handler();
    h.start(root, opts_.max_depth);
    boost::system::error_code ec;
    if (walk(v, ec)) return {};
    if (diag) {
        std::string path = h.path();
        switch (static_cast<errc>(ec.value())) {
        case errc::json_not_an_object:
            diag->client_message = std::string("expected a JSON object at the top level, got ") + h.got();
            break;
        case errc::json_out_of_range:
            diag->client_message = path + ": number out of range for its field";
            break;
        case errc::invalid_timestamp:
            diag->client_message = path + ": invalid timestamp";
            break;
        default:
            diag->client_message = path + ": expected " + h.expected() + ", got " + h.got();
            break;
        }
    }
    return ec;
}

} // namespace gchat::json

#endif
