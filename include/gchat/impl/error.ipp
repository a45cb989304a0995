// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_IMPL_ERROR_IPP
#define GCHAT_IMPL_ERROR_IPP

#include <gchat/error.hpp>

#include <array>

namespace gchat {
namespace detail {

inline const char* client_message(int ev) noexcept {
    switch (static_cast<errc>(ev)) {
    case errc::invalid_json:
        return "invalid JSON";
    case errc::json_too_deep:
        return "JSON nested too deeply";
    case errc::json_type_mismatch:
        return "JSON value of the wrong type";
    case errc::json_out_of_range:
        return "JSON number out of range";
    case errc::json_empty_input:
        return "empty JSON input";
    case errc::json_not_an_object:
        return "JSON document is not an object";
    case errc::invalid_utf8:
        return "invalid UTF-8 in JSON string";
    case errc::invalid_timestamp:
        return "invalid timestamp";
    case errc::json_too_large:
        return "JSON input too large";
    case errc::invalid_message_id:
        return "invalid client-assigned message id";
    case errc::invalid_resource_name:
        return "invalid resource name";
    case errc::invalid_page_size:
        return "invalid page size";
    case errc::message_too_large:
        return "message larger than 32,000 bytes";
    case errc::too_many_widgets:
        return "card has more than 100 widgets";
    case errc::invalid_widget_id:
        return "invalid widget id";
    case errc::invalid_argument:
        return "invalid argument";
    case errc::bad_http_response:
        return "bad HTTP response";
    case errc::unexpected_http_status:
        return "unexpected HTTP status";
    case errc::body_too_large:
        return "body too large";
    case errc::deadline_exceeded:
        return "deadline exceeded";
    case errc::queue_full:
        return "request queue full";
    case errc::invalid_url:
        return "invalid URL";
    case errc::invalid_credentials:
        return "invalid credentials";
    case errc::token_request_failed:
        return "token request failed";
    case errc::invalid_token:
        return "invalid token";
    case errc::no_matching_key:
        return "no key matches the token";
    case errc::invalid_grant:
        return "token endpoint: invalid grant";
    case errc::invalid_client:
        return "token endpoint: invalid client";
    case errc::invalid_scope:
        return "token endpoint: invalid scope";
    case errc::unauthorized_client:
        return "token endpoint: unauthorized client";
    case errc::missing_token:
        return "no bearer token";
    case errc::not_bearer:
        return "authorization is not a bearer token";
    case errc::token_too_large:
        return "token too large";
    case errc::unsupported_algorithm:
        return "token algorithm is not RS256";
    case errc::token_expired:
        return "token expired";
    case errc::token_not_yet_valid:
        return "token not yet valid";
    case errc::wrong_audience:
        return "token has the wrong audience";
    case errc::wrong_issuer:
        return "token has the wrong issuer";
    case errc::wrong_email:
        return "token has the wrong email";
    case errc::email_not_verified:
        return "token email not verified";
    case errc::key_set_unavailable:
        return "signing keys unavailable";
    }
    return "unknown gchat error";
}

class client_category_impl final : public boost::system::error_category {
  public:
    constexpr client_category_impl() noexcept : error_category(0x9c4a7e10b2f3d501ULL) {}
    const char* name() const noexcept override { return "gchat.client"; }
    std::string message(int ev) const override { return client_message(ev); }
    char const* message(int ev, char*, std::size_t) const noexcept override { return client_message(ev); }
};

inline constexpr std::array<std::string_view, 17> api_code_names{
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

class api_category_impl final : public boost::system::error_category {
  public:
    constexpr api_category_impl() noexcept : error_category(0x9c4a7e10b2f3d502ULL) {}
    const char* name() const noexcept override { return "gchat.api"; }
    std::string message(int ev) const override {
        auto s = to_string(static_cast<api_code>(ev));
        return s.empty() ? "unknown google.rpc.Code " + std::to_string(ev) : std::string(s);
    }
    bool failed(int ev) const noexcept override { return ev != 0; }
};

} // namespace detail

GCHAT_DECL const boost::system::error_category& client_category() noexcept {
    static constexpr detail::client_category_impl c;
    return c;
}

GCHAT_DECL const boost::system::error_category& api_category() noexcept {
    static constexpr detail::api_category_impl c;
    return c;
}

GCHAT_DECL std::string_view to_string(api_code c) noexcept {
    auto i = static_cast<unsigned>(c);
    return i < detail::api_code_names.size() ? detail::api_code_names[i] : std::string_view{};
}

GCHAT_DECL api_code api_code_from_string(std::string_view status) noexcept {
    for (std::size_t i = 0; i < detail::api_code_names.size(); ++i)
        if (detail::api_code_names[i] == status) return static_cast<api_code>(i);
    return api_code::unknown;
}

GCHAT_DECL api_code api_code_from_http_status(unsigned s) noexcept {
    // google.rpc.Code's documented HTTP mapping, read backwards.
    switch (s) {
    case 200:
        return api_code::ok;
    case 400:
        return api_code::invalid_argument;
    case 401:
        return api_code::unauthenticated;
    case 403:
        return api_code::permission_denied;
    case 404:
        return api_code::not_found;
    case 409:
        return api_code::aborted;
    case 412:
        return api_code::failed_precondition;
    case 416:
        return api_code::out_of_range;
    case 429:
        return api_code::resource_exhausted;
    case 499:
        return api_code::cancelled;
    case 501:
        return api_code::unimplemented;
    case 503:
        return api_code::unavailable;
    case 504:
        return api_code::deadline_exceeded;
    default:
        break;
    }
    if (s >= 500) return api_code::internal;
    if (s >= 400) return api_code::failed_precondition;
    return api_code::unknown;
}

GCHAT_DECL unsigned http_status_of(api_code c) noexcept {
    switch (c) {
    case api_code::ok:
        return 200;
    case api_code::cancelled:
        return 499;
    case api_code::unknown:
        return 500;
    case api_code::invalid_argument:
        return 400;
    case api_code::deadline_exceeded:
        return 504;
    case api_code::not_found:
        return 404;
    case api_code::already_exists:
        return 409;
    case api_code::permission_denied:
        return 403;
    case api_code::resource_exhausted:
        return 429;
    case api_code::failed_precondition:
        return 400;
    case api_code::aborted:
        return 409;
    case api_code::out_of_range:
        return 400;
    case api_code::unimplemented:
        return 501;
    case api_code::internal:
        return 500;
    case api_code::unavailable:
        return 503;
    case api_code::data_loss:
        return 500;
    case api_code::unauthenticated:
        return 401;
    }
    return 500;
}

} // namespace gchat

#endif
