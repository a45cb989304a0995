// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_API_REQUEST_HPP
#define GCHAT_DETAIL_API_REQUEST_HPP

// The boundary between the sans-I/O client core and the transport: what one Chat API call sends, and
// what came back. Plain values, so request building and response parsing are tested without sockets.

#include <gchat/config.hpp>

#include <boost/beast/http/verb.hpp>

#include <string>

namespace gchat::detail {

/// One HTTP request of a Chat API call, as the request builders make it.
struct api_request {
    beast::http::verb method = beast::http::verb::get;
    /// Origin-form target, percent-encoded, relative to the endpoint's base path:
    /// "/v1/spaces/AAA/messages?messageId=client-x".
    std::string target;
    std::string body;         ///< Empty for GET and DELETE.
    std::string content_type; ///< "application/json; charset=utf-8", a multipart type, or empty.
    bool idempotent = false;  ///< Safe to send again (GET, DELETE, PATCH/PUT, POST with a requestId).
};

/// One HTTP response, as the transport read it (the body whole; see the transport's download for streams).
struct api_response {
    unsigned status = 0;
    std::string body;
    std::string content_type;    ///< The Content-Type header, verbatim, or empty.
    std::string retry_after;     ///< The Retry-After header, verbatim, or empty.
    std::string cache_control{}; ///< The Cache-Control header, verbatim, or empty.
};

} // namespace gchat::detail

#endif
