// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_RESPONSES_HPP
#define GCHAT_DETAIL_RESPONSES_HPP

// The sans-I/O response side of the client: a detail::api_response becomes a T or an error_code with
// diagnostics.
//
// Errors. A non-2xx response with a google.rpc.Status body (`{"error":{"code","message","status",
// "details"}}`) becomes the gchat::api_code of its `status` (or of its `code`, or of the HTTP status when
// it names none); diagnostics keep the HTTP status, the status name, the server's message, the first
// ErrorInfo of `details` and Retry-After. A 4xx/5xx without such a body (a proxy's HTML page, an empty
// body) becomes api_code_from_http_status(status), so that `ec == api_code::unavailable` holds for any
// 503, with diagnostics.client_message saying the body was not a google.rpc.Status. A 1xx or 3xx status
// (nothing the API sends) is errc::unexpected_http_status.

#include <gchat/config.hpp>
#include <gchat/detail/api_request.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/json/parse.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>

namespace gchat::detail {

/// The response to a call with no result (delete): google.protobuf.Empty.
struct empty_response {};

/// True for 2xx.
inline bool is_success(unsigned status) noexcept {
    return status >= 200 && status < 300;
}

/// Maps a non-2xx response to its error code and fills `diag` (which it clears first).
GCHAT_DECL boost::system::error_code parse_error_response(const api_response& r, diagnostics& diag,
                                                          std::chrono::system_clock::time_point now);

/// As parse_error_response(r, diag, system_clock::now()).
inline boost::system::error_code parse_error_response(const api_response& r, diagnostics& diag) {
    return parse_error_response(r, diag, std::chrono::system_clock::now());
}

/// A 2xx response's body as a T (json::parse rules), or the error of a non-2xx response.
template <class T>
boost::system::error_code parse_response(const api_response& r, T& out, diagnostics& diag,
                                         json::reader* reader = nullptr) {
    if (!is_success(r.status)) return parse_error_response(r, diag);
    diag.clear();
    if constexpr (std::is_same_v<T, empty_response>) {
        return {};
    } else {
        json::reader local;
        json::reader& rd = reader ? *reader : local;
        if (auto ec = rd.parse_into(r.body, out, &diag)) {
            diag.http_status = r.status;
            if (diag.client_message.empty())
                diag.client_message = "the response body is not the expected JSON";
            else
                diag.client_message = "the response body is not the expected JSON: " + diag.client_message;
            return ec;
        }
        return {};
    }
}

} // namespace gchat::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/detail/impl/responses.ipp>
#endif

#endif
