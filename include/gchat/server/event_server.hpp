// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_EVENT_SERVER_HPP
#define GCHAT_SERVER_EVENT_SERVER_HPP

// gchat::server::event_server: the HTTP endpoint Google Chat POSTs interaction events to. It reads a
// bounded request, verifies the bearer token, parses the event, dispatches it to a gchat::router and
// writes the reply in the envelope the event came in, on the caller's executor.

#include <gchat/client.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/serial_executor.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/event/parse.hpp>
#include <gchat/event/reply.hpp>
#include <gchat/event/router.hpp>
#include <gchat/server/options.hpp>
#include <gchat/server/request_rules.hpp>
#include <gchat/server/verifier.hpp>
#include <gchat/server/verifier_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

GCHAT_COROUTINES_BEGIN // see config.hpp

namespace gchat::server {

/// Counters of an event server, since it was constructed.
struct event_server_stats {
    std::size_t connections_accepted = 0; ///< Connections taken by the listener (rejected ones included).
    std::size_t connections_rejected = 0; ///< Connections refused for max_connections.
    std::size_t connections_open = 0;     ///< Connections being served now.
    std::size_t requests = 0;             ///< Requests answered (any status).
    std::size_t overloaded = 0;           ///< Requests refused for max_in_flight.
    std::size_t in_flight = 0;            ///< Handlers running now (late ones included).
    std::size_t late_replies = 0;      ///< Events acknowledged empty because the handler ran past the budget.
    std::size_t follow_ups_posted = 0; ///< Late replies posted through the client.
};

/// The endpoint of a Chat app: Google Chat POSTs interaction events to it.
///
///     gchat::router r;
///     r.on_message([](const gchat::event& e) { return gchat::reply::text("Hi!"); });
///     gchat::server::event_server_options o;
///     o.port = 8080;
///     o.verify = gchat::server::verify_with(verifier);  // see verifier.hpp
///     gchat::server::event_server server(ioc.get_executor(), std::move(r), o, &chat);
///     co_await server.async_start();
///
/// For each request, in order: 404 off `options.path`; 405 for a method other than POST; 413 for a
/// body over `body_limit`; 415 for a content type other than JSON; 503 with `Retry-After: 1` when
/// `max_in_flight` handlers run; 401 when the bearer token is missing or does not verify (the token
/// is never echoed nor logged); 400 with the JSON path of the fault when the body is not an event
/// (in the add-on audience mode the body is parsed first, and its `systemIdToken` is the token checked);
/// else 200 with the reply of the router in the event's envelope (`{}` for a handler that ran past
/// `reply_budget`, whose new-message reply is then posted through the client in the event's space
/// and thread). HTTP/1.1 keep-alive; each request must arrive within `read_timeout`.
///
/// It owns no threads: its work runs on a strand of the given executor, handlers included.
/// async_start(), async_stop() and async_handle() may be called from any thread; the accessors
/// (stats(), local_endpoint(), url()) where they cannot race with the strand (on the executor's only
/// thread, or while it is not running). The client given for follow-ups must be usable from that
/// strand and outlive the server. Destroying a started server abandons its connections; call
/// async_stop() first for a graceful stop.
template <class Executor = boost::asio::any_io_executor>
class basic_event_server {
  public:
    using executor_type = Executor;
    /// The REST client late replies are posted through.
    using client_type = gchat::basic_client<Executor>;
    using request_type = boost::beast::http::request<boost::beast::http::string_body>;
    using response_type = boost::beast::http::response<boost::beast::http::string_body>;

    /// A server of `r`'s handlers on `ex`; `follow_ups` (may be null: late replies are then only
    /// logged) posts the replies of handlers that ran past the reply budget. Opens nothing until
    /// async_start().
    basic_event_server(const executor_type& ex, gchat::router r, event_server_options opts = {},
                       client_type* follow_ups = nullptr)
        : impl_(std::make_shared<impl>(ex, std::move(r), std::move(opts), follow_ups)) {}

    basic_event_server(const basic_event_server&) = delete;
    basic_event_server& operator=(const basic_event_server&) = delete;

    ~basic_event_server() {
        if (impl_) impl_->abandon();
    }

    executor_type get_executor() const noexcept { return impl_->user_ex; }

    const event_server_options& options() const noexcept { return impl_->opts; }

    /// Opens the listener, then completes with `void(boost::system::error_code)`: errc::invalid_argument
    /// when no verifier is set and verification was not explicitly skipped, or the error of binding.
    /// Never completes inline.
    template <class CompletionToken = boost::asio::deferred_t>
    auto async_start(CompletionToken&& token = {}) {
        return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            [](auto handler, std::shared_ptr<impl> self) {
                auto strand = self->strand;
                boost::asio::post(strand, [self = std::move(self), h = std::move(handler)]() mutable {
                    auto ec = self->start();
                    auto ex = self->user_ex;
                    boost::asio::post(ex, boost::asio::append(std::move(h), ec));
                });
            },
            token, impl_);
    }

    /// Stops gracefully: closes the listener and the idle connections, lets the requests being handled
    /// be answered and the handlers still running (late or continuing ones) finish for up to
    /// `shutdown_grace`, then cancels what is left and closes every connection. Completes with
    /// `void(boost::system::error_code)`: empty, or asio::error::timed_out when handlers had to be
    /// cancelled. Never completes inline.
    template <class CompletionToken = boost::asio::deferred_t>
    auto async_stop(CompletionToken&& token = {}) {
        return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            [](auto handler, std::shared_ptr<impl> self) {
                auto strand = self->strand;
                boost::asio::post(strand, [self = std::move(self), h = std::move(handler)]() mutable {
                    self->begin_stop();
                    auto waiter = impl::wait_stopped(self);
                    boost::asio::co_spawn(
                        self->strand, std::move(waiter),
                        [self, h = std::move(h)](std::exception_ptr, boost::system::error_code ec) mutable {
                            auto ex = self->user_ex;
                            boost::asio::post(ex, boost::asio::append(std::move(h), ec));
                        });
                });
            },
            token, impl_);
    }

    /// Handles one request without the listener, for an app that runs its own HTTP server: the same
    /// checks, verification, parsing, dispatch, deadline and status codes as the server's own
    /// connections (which use it). Completes with `void(boost::system::error_code, response)`; the
    /// error_code is always empty (refusals are responses). The response has `Content-Type:
    /// application/json`, a body, and the request's version and keep-alive. Never completes inline.
    template <class CompletionToken = boost::asio::deferred_t>
    auto async_handle(request_type req, CompletionToken&& token = {}) {
        return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, response_type)>(
            [](auto handler, std::shared_ptr<impl> self, request_type req) {
                auto strand = self->strand;
                auto ex = boost::asio::get_associated_executor(handler, self->user_ex);
                boost::asio::co_spawn(
                    strand, impl::handle(self, std::move(req)),
                    [h = std::move(handler), ex](std::exception_ptr e, response_type res) mutable {
                        if (e) res = impl::make_response(500, "internal error", 11, false);
                        boost::asio::post(ex, boost::asio::append(std::move(h), boost::system::error_code(),
                                                                  std::move(res)));
                    });
            },
            token, impl_, std::move(req));
    }

    /// The address and port listened on (the port chosen when options().port was 0); default before start.
    boost::asio::ip::tcp::endpoint local_endpoint() const noexcept { return impl_->endpoint; }

    /// The URL of the endpoint, `http://127.0.0.1:PORT/path` (`https://` with TLS); empty before start.
    const std::string& url() const noexcept { return impl_->url; }

    /// The counters.
    const event_server_stats& stats() const noexcept { return impl_->stats; }

  private:
    // Everything of the server's runs on its strand, and every I/O object, timer and coroutine names it as
    // its executor type, so that operations track work without allocating (see serial_executor.hpp).
    using strand_type = gchat::detail::serial_executor<boost::asio::strand<Executor>>;
    template <class T>
    using task = boost::asio::awaitable<T, strand_type>;
    using timer_type =
        boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                          boost::asio::wait_traits<std::chrono::steady_clock>, strand_type>;
    using tcp_stream = boost::beast::basic_stream<boost::asio::ip::tcp, strand_type>;
    using acceptor_type = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, strand_type>;
    // The completion token of the coroutines: no exceptions, results as a tuple.
    static auto on_strand() { return boost::asio::as_tuple(boost::asio::use_awaitable_t<strand_type>()); }

    struct connection {
        tcp_stream* stream;
        bool idle;
    };

    // One dispatched event: the handler's coroutine and the responder share it.
    struct job {
        gchat::event ev;
        std::optional<gchat::reply> result;
        bool late = false;
        timer_type ready;
        boost::asio::cancellation_signal cancel;
        explicit job(const strand_type& s) : ready(s) {}
    };

    struct impl : std::enable_shared_from_this<impl> {
        executor_type user_ex;
        strand_type strand;
        gchat::router router;
        event_server_options opts;
        client_type* client;
        acceptor_type acceptor;
        timer_type stop_signal;
        boost::asio::ip::tcp::endpoint endpoint;
        std::string url;
        event_server_stats stats;
        std::list<connection> conns;
        std::list<std::shared_ptr<job>> jobs;
        bool running = false;
        bool stopping = false;
        bool accepting = false;

        impl(const executor_type& ex, gchat::router r, event_server_options o, client_type* c)
            : user_ex(ex), strand(boost::asio::make_strand(ex)), router(std::move(r)), opts(std::move(o)),
              client(c), acceptor(strand), stop_signal(strand) {}

        void log(std::string_view line) const {
            if (!opts.logger) return;
            try {
                opts.logger(line);
            } catch (...) {
                // A logger that throws must not take a connection down.
            }
        }

        void notify() { stop_signal.cancel(); }

        void ensure_verifier() {
            if (!verifier && !opts.insecure_skip_verification && !opts.verify &&
                !opts.verification.audience.empty())
                verifier.emplace(strand, opts.verification);
        }

        boost::system::error_code start() {
            namespace asio = boost::asio;
            using asio::ip::tcp;
            if (running) return make_error_code(asio::error::already_started);
            if (!opts.insecure_skip_verification && !opts.verify && opts.verification.audience.empty()) {
                log("gchat::server: cannot start: tokens cannot be verified (set event_server_options::"
                    "verification.audience, or verify; insecure_skip_verification is for local tests only)");
                return make_error_code(gchat::errc::invalid_argument);
            }
            ensure_verifier();
            if (opts.insecure_skip_verification)
                log("gchat::server: WARNING: bearer-token verification is OFF (insecure_skip_verification): "
                    "anyone who can reach this endpoint can impersonate Google Chat. For local tests only.");
            boost::system::error_code ec;
            auto addr = asio::ip::make_address(opts.address, ec);
            if (ec) return ec;
            tcp::endpoint ep(addr, opts.port);
            acceptor.open(ep.protocol(), ec);
            if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
            if (!ec) acceptor.bind(ep, ec);
            if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
            if (!ec) endpoint = acceptor.local_endpoint(ec);
            if (ec) {
                boost::system::error_code ignored;
                acceptor.close(ignored);
                return ec;
            }
            std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
            url = (opts.tls_context ? "https://" : "http://") + host + ":" + std::to_string(endpoint.port()) +
                  opts.path;
            running = true;
            stopping = false;
            accepting = true;
            asio::co_spawn(strand, accept_loop(this->shared_from_this()), asio::detached);
            log("gchat::server: listening on " + url);
            return {};
        }

        void begin_stop() {
            stopping = true;
            boost::system::error_code ignored;
            acceptor.close(ignored);
            for (auto& c : conns)
                if (c.idle && c.stream) c.stream->socket().cancel(ignored);
        }

        // After the grace period: the requests still waiting for their handler are answered `{}` (and
        // their connections then close), the handlers are cancelled, connections still reading are closed.
        void force_stop() {
            boost::system::error_code ignored;
            for (auto& c : conns)
                if (c.idle && c.stream) c.stream->socket().close(ignored);
            for (auto& j : jobs) {
                j->ready.cancel(); // a request still waiting for its handler is answered `{}`
                j->cancel.emit(boost::asio::cancellation_type::terminal);
            }
        }

        void abandon() {
            stopping = true;
            boost::system::error_code ignored;
            acceptor.close(ignored);
            for (auto& c : conns)
                if (c.stream) c.stream->socket().close(ignored);
        }

        static task<boost::system::error_code> wait_stopped(std::shared_ptr<impl> self) {
            namespace asio = boost::asio;
            auto deadline = std::chrono::steady_clock::now() + self->opts.shutdown_grace;
            bool forced = false;
            for (;;) {
                bool busy = self->accepting || !self->conns.empty() || (!forced && !self->jobs.empty());
                if (!busy) break;
                if (!forced && std::chrono::steady_clock::now() >= deadline) {
                    forced = true;
                    self->log("gchat::server: shutdown grace over; cancelling what still runs");
                    self->force_stop();
                    continue;
                }
                self->stop_signal.expires_at(forced ? timer_type::time_point::max() : deadline);
                co_await self->stop_signal.async_wait(on_strand());
            }
            self->running = false;
            if (self->verifier) self->verifier->close();
            co_return forced ? make_error_code(asio::error::timed_out) : boost::system::error_code();
        }

        static task<void> accept_loop(std::shared_ptr<impl> self) {
            namespace asio = boost::asio;
            namespace beast = boost::beast;
            for (;;) {
                auto [ec, sock] = co_await self->acceptor.async_accept(on_strand());
                if (ec) {
                    if (self->stopping || !self->acceptor.is_open()) break;
                    continue; // e.g. too many open files: keep serving the others
                }
                if (self->stopping) break;
                ++self->stats.connections_accepted;
                sock.set_option(asio::ip::tcp::no_delay(true), ec);
                if (self->conns.size() >= self->opts.max_connections) {
                    ++self->stats.connections_rejected;
                    asio::co_spawn(self->strand, refuse(self, tcp_stream(std::move(sock))), asio::detached);
                    continue;
                }
                auto it = self->conns.insert(self->conns.end(), connection{nullptr, true});
                ++self->stats.connections_open;
                if (self->opts.tls_context) {
                    asio::co_spawn(
                        self->strand,
                        session(self, beast::ssl_stream<tcp_stream>(std::move(sock), *self->opts.tls_context),
                                it),
                        asio::detached);
                } else {
                    asio::co_spawn(self->strand, session(self, tcp_stream(std::move(sock)), it),
                                   asio::detached);
                }
            }
            self->accepting = false;
            self->notify();
        }

        // Over max_connections: a 503 without reading the request (plain HTTP), then close.
        static task<void> refuse(std::shared_ptr<impl> self, tcp_stream stream) {
            namespace asio = boost::asio;
            namespace http = boost::beast::http;
            boost::system::error_code ignored;
            if (!self->opts.tls_context) {
                auto res = make_response(503, "too many connections; retry later", 11, false);
                res.set(http::field::retry_after, "1");
                stream.expires_after(std::chrono::seconds(2));
                auto [wec, wn] = co_await http::async_write(stream, res, on_strand());
                stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
                // Drains what the client sent (bounded by the deadline) so that the close sends no RST
                // that could destroy the 503 before the client reads it.
                char sink[512];
                while (!wec) {
                    auto [rec, rn] = co_await stream.async_read_some(asio::buffer(sink), on_strand());
                    wec = rec;
                }
            }
            stream.socket().close(ignored);
            self->log("gchat::server: connection refused: max_connections reached");
        }

        template <class Stream>
        static task<void> session(std::shared_ptr<impl> self, Stream stream,
                                  typename std::list<connection>::iterator it) {
            namespace asio = boost::asio;
            namespace beast = boost::beast;
            namespace http = beast::http;
            auto& lowest = beast::get_lowest_layer(stream);
            it->stream = &lowest;
            constexpr bool is_tls = !std::is_same_v<Stream, tcp_stream>;
            bool clean = true;
            if constexpr (is_tls) {
                lowest.expires_after(self->opts.read_timeout);
                auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, on_strand());
                if (ec) clean = false;
            }
            beast::flat_buffer buffer;
            while (clean && !self->stopping) {
                http::request_parser<http::string_body> parser;
                parser.body_limit(self->opts.body_limit);
                parser.header_limit(16 * 1024);
                it->idle = true;
                // One deadline for the whole request: a client that trickles bytes cannot hold the socket.
                lowest.expires_after(self->opts.read_timeout);
                auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, on_strand());
                bool too_large = ec == http::error::body_limit;
                if (ec && !too_large) {
                    clean = ec == http::error::end_of_stream;
                    break;
                }
                if (!too_large && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
                    http::response<http::empty_body> cont{http::status::continue_, 11};
                    auto [wec, wn] = co_await http::async_write(stream, cont, on_strand());
                    if (wec) {
                        clean = false;
                        break;
                    }
                }
                if (!too_large && !parser.is_done()) {
                    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, on_strand());
                    too_large = rec == http::error::body_limit;
                    if (rec && !too_large) {
                        clean = false;
                        break;
                    }
                }
                it->idle = false;
                lowest.expires_never();
                response_type res;
                if (too_large) {
                    // The rest of the body is not read: answer and close.
                    res = make_response(413, "the request body is too large", parser.get().version(), false);
                    ++self->stats.requests;
                    event_log_record rec;
                    rec.status = 413;
                    rec.reason = "the request body is too large";
                    if (self->opts.logger) self->log(format_log_line(rec));
                } else {
                    request_type req = parser.release();
                    bool keep_alive = req.keep_alive();
                    res = co_await handle(self, std::move(req));
                    res.keep_alive(keep_alive && !self->stopping && res.keep_alive());
                }
                lowest.expires_after(self->opts.write_timeout);
                auto [wec, wn] = co_await http::async_write(stream, res, on_strand());
                if (wec) {
                    clean = false;
                    break;
                }
                if (!res.keep_alive()) break;
            }
            boost::system::error_code ignored;
            if constexpr (is_tls) {
                if (clean && lowest.socket().is_open()) {
                    lowest.expires_after(std::chrono::seconds(2));
                    co_await stream.async_shutdown(on_strand());
                }
            } else {
                if (lowest.socket().is_open())
                    lowest.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
            }
            lowest.socket().close(ignored);
            self->conns.erase(it);
            --self->stats.connections_open;
            self->notify();
        }

        // `message`: the body of a 200 (taken, not copied), else the error's message.
        static response_type make_response(unsigned status, std::string message, unsigned version,
                                           bool keep_alive) {
            namespace http = boost::beast::http;
            response_type res{static_cast<http::status>(status), version};
            res.set(http::field::server, "gchat");
            res.set(http::field::content_type, "application/json; charset=utf-8");
            res.body() = status == 200 ? std::move(message) : error_body(status, message);
            res.keep_alive(keep_alive);
            if (status == 405) res.set(http::field::allow, "POST");
            if (status == 401) res.set(http::field::www_authenticate, "Bearer");
            res.prepare_payload();
            return res;
        }

        // Parses the body into `ev`; true (with the 400 message in `bad`) if it is not an interaction event.
        static bool parse_body(impl& self, const std::string& body, gchat::event& ev, std::string& bad) {
            gchat::diagnostics diag;
            if (!gchat::parse_event_into(body, self.reader, ev, &diag)) return false;
            bad = "the body is not an interaction event";
            if (!diag.client_message.empty()) bad += ": " + diag.client_message;
            return true;
        }

        // verify -> parse (add-on: parse -> verify) -> route -> serialize, with the status rules. Runs on the
        // strand.
        static task<response_type> handle(std::shared_ptr<impl> self, request_type req) {
            namespace asio = boost::asio;
            namespace http = boost::beast::http;
            const auto started = std::chrono::steady_clock::now();
            const unsigned version = req.version();
            const bool keep_alive = req.keep_alive();
            event_log_record rec;
            auto finish = [&](unsigned status, std::string body_or_message) {
                rec.status = status;
                rec.latency = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started);
                ++self->stats.requests;
                if (self->opts.logger) self->log(format_log_line(rec)); // formatted only if logged
                auto res = make_response(status, std::move(body_or_message), version, keep_alive);
                if (status == 503) res.set(http::field::retry_after, "1");
                return res;
            };

            auto method = req.method_string();
            auto target = req.target();
            auto ct = req[http::field::content_type];
            if (auto r = check_request(std::string_view(method.data(), method.size()),
                                       std::string_view(target.data(), target.size()),
                                       std::string_view(ct.data(), ct.size()), req.body().size(),
                                       self->opts.path, self->opts.body_limit)) {
                rec.reason = r.reason;
                co_return finish(r.status, std::string(r.reason));
            }
            if (self->jobs.size() >= self->opts.max_in_flight) {
                ++self->stats.overloaded;
                rec.reason = "too many events in flight";
                co_return finish(503, "too many events in flight; retry later");
            }
            // A Workspace add-on's token is the body's systemIdToken (the Authorization header may carry
            // the user's ID token, or nothing, as the add-on is configured): parse first, then verify.
            const bool verify = !self->opts.insecure_skip_verification;
            const bool add_on = verify && self->opts.verification.mode == audience_mode::add_on;
            auto j = std::make_shared<job>(self->strand);
            std::string bad_event;
            if (add_on && parse_body(*self, req.body(), j->ev, bad_event)) {
                rec.reason = "not an interaction event";
                co_return finish(400, std::move(bad_event));
            }
            if (verify) {
                std::string_view token;
                if (add_on) {
                    token = j->ev.add_on.system_id_token.reveal();
                    if (token.empty()) {
                        rec.reason = "no system ID token";
                        co_return finish(401, "the event has no authorizationEventObject.systemIdToken");
                    }
                } else {
                    auto auth = req[http::field::authorization];
                    auto bearer = bearer_token(std::string_view(auth.data(), auth.size()));
                    if (!bearer || bearer->empty()) {
                        rec.reason = "no bearer token";
                        co_return finish(401, "the request has no bearer token");
                    }
                    token = *bearer;
                }
                self->ensure_verifier();
                boost::system::error_code vec = make_error_code(gchat::errc::invalid_token);
                try {
                    if (self->opts.verify) {
                        // The user's coroutine runs on any_io_executor: spawned on the strand, awaited.
                        auto [e, ec] =
                            co_await asio::co_spawn(self->strand, self->opts.verify(token), on_strand());
                        vec = e ? make_error_code(gchat::errc::invalid_token) : ec;
                    } else if (self->verifier) {
                        auto [ec] = co_await self->verifier->async_check(token, on_strand());
                        vec = ec;
                    }
                } catch (...) {
                    vec = make_error_code(gchat::errc::invalid_token);
                }
                if (vec == gchat::errc::key_set_unavailable) {
                    rec.reason = "the signing keys are unavailable";
                    co_return finish(503, "the token cannot be verified now; retry later");
                }
                if (vec) {
                    rec.reason =
                        add_on ? "the system ID token did not verify" : "the bearer token did not verify";
                    co_return finish(401, add_on ? "the event's system ID token did not verify"
                                                 : "the bearer token did not verify");
                }
            }
            if (!add_on && parse_body(*self, req.body(), j->ev, bad_event)) {
                rec.reason = "not an interaction event";
                co_return finish(400, std::move(bad_event));
            }
            req = {}; // the body (with the add-on envelope's tokens) is not kept
            rec.type = event_type_name(type_of(j->ev));
            if (j->ev.space && j->ev.space->name) rec.space = *j->ev.space->name;
            rec.envelope = to_string(j->ev.envelope);

            // The handler runs as a job of its own, raced against the reply budget.
            auto pos = self->jobs.insert(self->jobs.end(), j);
            j->ready.expires_at(started + self->opts.reply_budget); // counted from the request read
            asio::co_spawn(self->strand, run_job(self, j),
                           asio::bind_cancellation_slot(j->cancel.slot(), [self, pos](std::exception_ptr) {
                               self->jobs.erase(pos);
                               --self->stats.in_flight;
                               self->notify();
                           }));
            ++self->stats.in_flight;
            if (!j->result) co_await j->ready.async_wait(on_strand());
            if (!j->result) {
                j->late = true;
                ++self->stats.late_replies;
                rec.reply = "late";
                co_return finish(200, "{}");
            }
            gchat::reply r = std::move(*j->result);
            j->result.reset();
            gchat::diagnostics diag;
            auto body = gchat::serialize(r, j->ev.envelope, diag);
            if (!body) {
                std::string line = "gchat::server: the reply to a ";
                line += rec.type;
                line += " event is invalid: ";
                line += diag.client_message.empty() ? body.error().message() : diag.client_message;
                self->log(line);
                rec.reply = to_string(r.type());
                rec.reason = "invalid reply";
                co_return finish(500, "the app's reply is invalid");
            }
            rec.reply = to_string(r.type());
            co_return finish(200, std::move(*body));
        }

        static boost::asio::awaitable<void> run_job(std::shared_ptr<impl> self, std::shared_ptr<job> j) {
            gchat::reply r = co_await self->router.dispatch(j->ev);
            auto cont = r.continuation();
            if (!j->late) {
                j->result = r;
                j->ready.cancel();
            }
            if (cont) {
                bool failed = false;
                try {
                    r = co_await cont->work();
                } catch (const std::exception& e) {
                    failed = true;
                    self->log(std::string("gchat::server: a continuation threw: ") + e.what());
                } catch (...) {
                    failed = true;
                    self->log("gchat::server: a continuation threw");
                }
                if (failed) co_return;
            }
            if (j->late || cont) co_await post_follow_up(self, std::move(r), j->ev);
        }

        static boost::asio::awaitable<void> post_follow_up(std::shared_ptr<impl> self, gchat::reply r,
                                                           const gchat::event& ev) {
            namespace asio = boost::asio;
            if (r.type() == reply::kind::ack) co_return;
            auto f = make_follow_up(r, ev);
            if (!f) {
                std::string line = "gchat::server: a late reply of kind ";
                line += to_string(r.type());
                line += " cannot be posted after the synchronous answer; dropped";
                self->log(line);
                co_return;
            }
            if (!self->client) {
                self->log("gchat::server: a late reply was dropped: the server has no client to post it");
                co_return;
            }
            gchat::diagnostics diag;
            auto [ec, m] = co_await self->client->async_create_message(f->space, f->message, f->params, diag,
                                                                       asio::as_tuple(asio::use_awaitable));
            if (ec) {
                std::string line =
                    "gchat::server: posting a late reply to " + f->space + " failed: " + ec.message();
                if (!diag.server_message.empty()) line += " (" + diag.server_message + ")";
                self->log(line);
                co_return;
            }
            ++self->stats.follow_ups_posted;
            self->log("gchat::server: late reply posted as " + m.name.value_or(std::string()));
        }

        gchat::json::reader reader;                          // reused by every parse (all on the strand)
        std::optional<basic_verifier<strand_type>> verifier; // on the strand: no any_io_executor per verify
    };

    std::shared_ptr<impl> impl_;
};

/// The event server on any executor.
using event_server = basic_event_server<>;

/// A token check that uses `v` (which must outlive the server and live on the server's executor or
/// a strand of it), for event_server_options::verify: to share one verifier between servers.
template <class VerifierExecutor>
verify_function verify_with(basic_verifier<VerifierExecutor>& v) {
    return [&v](std::string_view token) -> boost::asio::awaitable<boost::system::error_code> {
        auto [ec] = co_await v.async_check(token, boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return ec;
    };
}

} // namespace gchat::server

GCHAT_COROUTINES_END

#endif
