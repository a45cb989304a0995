// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_IMPL_RESPONSES_IPP
#define GCHAT_DETAIL_IMPL_RESPONSES_IPP

#include <gchat/detail/responses.hpp>
#include <gchat/retry.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace gchat::detail {

inline std::string json_string_or_empty(const boost::json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
    return {};
}

GCHAT_DECL boost::system::error_code parse_error_response(const api_response& r, diagnostics& diag,
                                                          std::chrono::system_clock::time_point now) {
    diag.clear();
    diag.http_status = r.status;
    if (!r.retry_after.empty()) diag.retry_after = parse_retry_after(r.retry_after, now);
    if (r.status < 400) {
        diag.client_message = "unexpected HTTP status " + std::to_string(r.status);
        return make_error_code(errc::unexpected_http_status);
    }
    boost::system::error_code jec;
    boost::json::value doc = boost::json::parse(r.body, jec);
    const boost::json::object* err = nullptr;
    if (!jec && doc.is_object())
        if (auto* e = doc.as_object().if_contains("error"); e && e->is_object()) err = &e->as_object();
    if (!err) {
        auto code = api_code_from_http_status(r.status);
        diag.api_status = std::string(to_string(code));
        diag.client_message = "HTTP " + std::to_string(r.status) + " without a google.rpc.Status body";
        if (!r.content_type.empty())
            diag.client_message += " (Content-Type: " + r.content_type.substr(0, 100) + ")";
        return make_error_code(code);
    }
    diag.server_message = json_string_or_empty(*err, "message");
    auto status = json_string_or_empty(*err, "status");
    api_code code;
    if (!status.empty()) {
        code = api_code_from_string(status);
    } else if (auto* c = err->if_contains("code");
               c && c->is_int64() && c->as_int64() > 0 && c->as_int64() < 1000) {
        code = api_code_from_http_status(static_cast<unsigned>(c->as_int64()));
    } else {
        code = api_code_from_http_status(r.status);
    }
    diag.api_status = status.empty() ? std::string(to_string(code)) : status;
    if (auto* d = err->if_contains("details"); d && d->is_array()) {
        for (const auto& item : d->as_array()) {
            if (!item.is_object()) continue;
            const auto& o = item.as_object();
            if (json_string_or_empty(o, "@type") != "type.googleapis.com/google.rpc.ErrorInfo") continue;
            error_info info;
            info.reason = json_string_or_empty(o, "reason");
            info.domain = json_string_or_empty(o, "domain");
            if (auto* m = o.if_contains("metadata"); m && m->is_object())
                for (const auto& kv : m->as_object())
                    if (kv.value().is_string())
                        info.metadata.emplace(std::string(kv.key()), std::string(kv.value().as_string()));
            diag.error_info = std::move(info);
            break;
        }
    }
    if (code == api_code::ok) code = api_code_from_http_status(r.status); // "OK" on a 4xx: trust HTTP
    return make_error_code(code);
}

} // namespace gchat::detail

#endif
