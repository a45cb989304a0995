// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_TRANSPORT_ERRORS_HPP
#define GCHAT_DETAIL_TRANSPORT_ERRORS_HPP

// How the transport reports errors of Beast's HTTP parser, and which failures it retries on a fresh
// connection.

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/error_code.hpp>

namespace gchat::detail {

/// A read error as the transport reports it: a body over the limit is errc::body_too_large, a response
/// that is not HTTP/1.1 (a parse error, or a header over the limit) is errc::bad_http_response; network
/// errors, and the connection closing before (http::error::end_of_stream) or during
/// (http::error::partial_message) the response, are passed through.
inline boost::system::error_code map_read_error(boost::system::error_code ec) noexcept {
    namespace http = beast::http;
    if (ec == http::error::body_limit) return make_error_code(errc::body_too_large);
    if (ec.category() == make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
        return make_error_code(errc::bad_http_response);
    return ec;
}

/// Whether a read error means the peer closed the connection (or reset it) rather than answering.
inline bool is_connection_closed(boost::system::error_code ec) noexcept {
    return ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
           ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

/// The transparent retry rule. A request is sent again, once, on a fresh connection when it failed on a
/// REUSED keep-alive connection (one that completed an exchange before, so the peer may have closed it
/// while it was idle) and
///  - writing the request failed: the peer cannot have received all of it, so it cannot have acted on it
///    (any request, idempotent or not); or
///  - the request was written, the peer closed or reset the connection before ANY byte of the response
///    arrived, and the request is idempotent (the peer may have read the whole request and acted on it
///    before closing, so a non-idempotent request is not repeated: that is the caller's retry policy).
/// A failure on a connection opened for this request, a cancellation, a deadline, or a failure after
/// some bytes of the response arrived are never retried here.
inline bool should_retry(bool reused, bool already_retried, bool write_failed, bool idempotent,
                         bool got_response_bytes, boost::system::error_code ec) noexcept {
    if (!reused || already_retried) return false;
    if (write_failed) return true;
    return idempotent && !got_response_bytes && is_connection_closed(ec);
}

} // namespace gchat::detail

#endif
