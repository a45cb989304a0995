// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_HTTP_STREAM_HPP
#define GCHAT_DETAIL_HTTP_STREAM_HPP

// A byte stream that is plain TCP or TLS over TCP, chosen at run time: one AsyncReadStream/AsyncWriteStream
// type for Beast's HTTP algorithms whatever the endpoint's scheme.

#include <gchat/config.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <optional>
#include <utility>

namespace gchat::detail {

template <class Executor>
class http_stream {
  public:
    using executor_type = Executor;
    using socket_type = asio::basic_stream_socket<asio::ip::tcp, Executor>;
    using tls_stream_type = asio::ssl::stream<socket_type>;

    /// A plain stream.
    explicit http_stream(const Executor& ex) : plain_(std::in_place, ex) {}

    /// A TLS stream using `ctx`.
    http_stream(const Executor& ex, asio::ssl::context& ctx) : tls_(std::in_place, ex, ctx) {}

    executor_type get_executor() noexcept { return lowest().get_executor(); }

    bool is_tls() const noexcept { return tls_.has_value(); }

    socket_type& lowest() noexcept { return tls_ ? tls_->next_layer() : *plain_; }

    /// The TLS stream; only if is_tls().
    tls_stream_type& tls() noexcept { return *tls_; }

    /// Closes the socket (pending operations complete with operation_aborted). No TLS close_notify:
    /// an HTTP/1.1 connection is only closed by us between or in the middle of exchanges.
    void close() noexcept {
        boost::system::error_code ignored;
        lowest().shutdown(asio::socket_base::shutdown_both, ignored);
        lowest().close(ignored);
    }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return asio::async_initiate<ReadToken, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const MutableBufferSequence& b) {
                if (tls_)
                    tls_->async_read_some(b, std::move(handler));
                else
                    plain_->async_read_some(b, std::move(handler));
            },
            token, buffers);
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return asio::async_initiate<WriteToken, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const ConstBufferSequence& b) {
                if (tls_)
                    tls_->async_write_some(b, std::move(handler));
                else
                    plain_->async_write_some(b, std::move(handler));
            },
            token, buffers);
    }

  private:
    std::optional<socket_type> plain_;
    std::optional<tls_stream_type> tls_;
};

} // namespace gchat::detail

#endif
