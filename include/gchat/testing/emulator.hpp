// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_EMULATOR_HPP
#define GCHAT_TESTING_EMULATOR_HPP

// gchat::testing::emulator: the Google Chat REST API on a local HTTP(S) server, on the caller's executor.

#include <gchat/config.hpp>
#include <gchat/detail/serial_executor.hpp>
#include <gchat/event/event.hpp>
#include <gchat/json/serialize.hpp>
#include <gchat/testing/certificate.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/chat_state.hpp>
#include <gchat/testing/detail/event_sender.hpp>
#include <gchat/testing/options.hpp>
#include <gchat/testing/send_event.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

GCHAT_COROUTINES_BEGIN // see config.hpp

namespace gchat::testing {

/// One request the emulator served (or dropped), for the request log.
struct request_record {
    std::string method;
    std::string path;                     ///< The target without its query string.
    std::string route;                    ///< chat_state::route_of(), "" if none matched.
    unsigned status = 0;                  ///< The HTTP status sent; 0 if the connection was dropped instead.
    std::chrono::microseconds latency{0}; ///< From the end of reading the request to its reply (or drop).
    fault_kind fault = fault_kind::none;  ///< The fault injected, if any.
};

/// Counters since start (or the last reset_log()).
struct emulator_counters {
    std::uint64_t connections = 0; ///< Connections accepted.
    std::uint64_t requests = 0;    ///< Requests read completely.
    std::uint64_t faults = 0;      ///< Requests a fault (other than `none`) hit.
    std::uint64_t dropped = 0;     ///< Requests answered by closing the connection.
    std::map<std::string, std::uint64_t> by_route{};
    std::map<unsigned, std::uint64_t> by_status{};
};

/// The local Google Chat API: an HTTP/1.1 server (plain or TLS) serving the Chat REST surface with
/// Google's semantics (see chat_state), on the caller's executor.
///
/// It owns no threads: its work runs on a strand of the executor it is given. async_start() and async_stop()
/// may be called from any thread (they do their work on that strand); the accessors (state(), requests(),
/// counters(), set_faults()) must be called where they cannot race with it: on the executor's only thread,
/// or while the executor is not running.
/// Destroying a running emulator abandons its connections; call async_stop() first for a clean stop.
class emulator {
  public:
    using executor_type = asio::any_io_executor;

    explicit emulator(executor_type ex, emulator_options opts = {})
        : impl_(std::make_shared<impl>(std::move(ex), std::move(opts))) {}

    emulator(const emulator&) = delete;
    emulator& operator=(const emulator&) = delete;

    ~emulator() {
        if (impl_) impl_->abandon();
    }

    executor_type get_executor() const noexcept { return impl_->ex; }

    /// Opens the listener (and generates the TLS certificate, and loads the persistence file, as configured),
    /// then completes with `void(boost::system::error_code)`. Never completes inline.
    template <class CompletionToken = asio::deferred_t>
    auto async_start(CompletionToken&& token = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            [](auto handler, std::shared_ptr<impl> self) {
                auto strand = self->strand;
                asio::post(strand, [self = std::move(self), h = std::move(handler)]() mutable {
                    auto ec = self->start();
                    asio::post(self->ex, asio::append(std::move(h), ec));
                });
            },
            token, impl_);
    }

    /// Closes the listener and the idle connections, lets the requests already read finish and their
    /// replies be written, saves the persistence file (if configured), then completes with
    /// `void(boost::system::error_code)` (the error of saving, if any). Never completes inline.
    template <class CompletionToken = asio::deferred_t>
    auto async_stop(CompletionToken&& token = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            [](auto handler, std::shared_ptr<impl> self) {
                auto strand = self->strand;
                asio::post(strand, [self = std::move(self), h = std::move(handler)]() mutable {
                    self->begin_stop();
                    auto waiter = self->wait_stopped();
                    asio::co_spawn(self->serial, std::move(waiter),
                                   [self, h = std::move(h)](std::exception_ptr) mutable {
                                       auto ec = self->save();
                                       asio::post(self->ex, asio::append(std::move(h), ec));
                                   });
                });
            },
            token, impl_);
    }

    /// The base URL, `http://127.0.0.1:PORT/` (or `https://`); empty before start.
    const std::string& endpoint() const noexcept { return impl_->base_url; }

    /// The port listened on; 0 before start.
    std::uint16_t port() const noexcept { return impl_->port; }

    /// The PEM of the self-signed certificate in TLS mode (a client's custom CA); empty otherwise.
    const std::string& certificate_pem() const noexcept { return impl_->cert.certificate_pem; }

    /// The Chat state behind the server (to inspect it, or to add tokens and spaces).
    chat_state& state() noexcept { return impl_->state; }

    /// The most recent requests (at most options().log_capacity), oldest first.
    const std::deque<request_record>& requests() const noexcept { return impl_->log; }

    /// Counters since start or reset_log().
    const emulator_counters& counters() const noexcept { return impl_->counters; }

    /// Forgets the request log and zeroes the counters.
    void reset_log() {
        impl_->log.clear();
        impl_->counters = {};
    }

    /// Replaces the fault rules (scripts start from their first step).
    void set_faults(std::vector<fault_rule> rules) {
        impl_->opts.faults = std::move(rules);
        impl_->script_pos.assign(impl_->opts.faults.size(), 0);
    }

    const emulator_options& options() const noexcept { return impl_->opts; }

    /// The URL of the first of emulator_options::webhooks for `space` ("spaces/AAA" or "AAA"):
    /// `http://127.0.0.1:PORT/v1/spaces/AAA/messages?key=K&token=T`; empty if none, or before start.
    std::string webhook_url(std::string_view space) const {
        if (space.substr(0, 7) == "spaces/") space.remove_prefix(7);
        if (impl_->base_url.empty()) return {};
        for (const auto& w : impl_->opts.webhooks) {
            std::string_view ws = w.space;
            if (ws.substr(0, 7) == "spaces/") ws.remove_prefix(7);
            if (ws != space) continue;
            std::string url = impl_->base_url;
            if (!url.empty() && url.back() == '/') url.pop_back();
            url += "/v1/spaces/";
            url += space;
            url += "/messages?key=" + w.key + "&token=" + w.token;
            return url;
        }
        return {};
    }

    // ---- Google Chat's side: interaction events to an app ------------------------------------------

    /// The key the emulator signs the events it sends with, in Google Chat's role, and serves (no bearer
    /// token needed) at `chat_x509_path` (`{kid: certificate PEM}`) and `google_jwks_path` (a JWK set), so a
    /// verifier configured with the emulator's endpoint() as Google's key URL base finds it. It is
    /// emulator_options::chat_key, or an RSA-2048 key generated on first use (by this call, a send or a
    /// fetch of the key sets), which can take a second. Thread-safe. Null if no key could be generated.
    std::shared_ptr<const chat_signing_key> chat_key() {
        auto k = impl_->signing_key();
        return k ? std::move(*k) : nullptr;
    }

    /// POSTs the interaction event `body` (JSON text, either envelope) to the app at `app_url`
    /// (`http://` or `https://`) as Google Chat does: `Content-Type: application/json`,
    /// `User-Agent: Google-Dynamite` and `Authorization: Bearer <token>`, the token signed by chat_key()
    /// for `opts.audience` (see sign_chat_token), over a new connection.
    ///
    /// Completes with `void(boost::system::error_code, send_event_result)`: whatever the app answered,
    /// non-2xx statuses included, is a result; the errors are those of the exchange (errc::invalid_url,
    /// errc::deadline_exceeded after `opts.timeout`, errc::body_too_large, connection and TLS errors,
    /// asio::error::operation_aborted when cancelled). Runs on the emulator's strand and needs no start()
    /// (start() is only needed for an app that fetches the key sets); async_stop() neither waits for nor
    /// cancels a send in flight. Never completes inline; supports terminal per-operation cancellation
    /// (the connection is closed). The token never appears in an error. The first send (or chat_key())
    /// generates the emulator's key unless emulator_options::chat_key gives one, blocking the strand for
    /// up to a second, once.
    template <class CompletionToken = asio::deferred_t>
    auto async_send_event_json(std::string app_url, std::string body, send_event_options opts,
                               CompletionToken&& token = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, send_event_result)>(
            send_initiation{}, token, impl_, std::move(app_url), std::move(body), std::move(opts));
    }

    /// As above, with the default send_event_options (an endpoint-URL audience token).
    template <class CompletionToken = asio::deferred_t>
    requires(!std::is_convertible_v<CompletionToken&&, const send_event_options&>) auto async_send_event_json(
        std::string app_url, std::string body, CompletionToken&& token = {}) {
        return async_send_event_json(std::move(app_url), std::move(body), send_event_options{},
                                     std::forward<CompletionToken>(token));
    }

    /// POSTs `ev` serialized as the Chat app event JSON (gchat::json::serialize; the add-on envelope is
    /// not written: send an add-on event's JSON with async_send_event_json). See async_send_event_json.
    template <class CompletionToken = asio::deferred_t>
    auto async_send_event(std::string app_url, const gchat::event& ev, send_event_options opts,
                          CompletionToken&& token = {}) {
        return async_send_event_json(std::move(app_url), gchat::json::serialize(ev), std::move(opts),
                                     std::forward<CompletionToken>(token));
    }

    /// As above, with the default send_event_options (an endpoint-URL audience token).
    template <class CompletionToken = asio::deferred_t>
    requires(!std::is_convertible_v<CompletionToken&&, const send_event_options&>) auto async_send_event(
        std::string app_url, const gchat::event& ev, CompletionToken&& token = {}) {
        return async_send_event_json(std::move(app_url), gchat::json::serialize(ev), send_event_options{},
                                     std::forward<CompletionToken>(token));
    }

  private:
    struct impl;

    struct send_initiation {
        template <class Handler>
        void operator()(Handler handler, std::shared_ptr<impl> self, std::string url, std::string body,
                        send_event_options opts) const {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto ex = self->ex;
            // Keeps the handler's executor busy while the exchange runs on the emulator's strand.
            auto work = asio::make_work_guard(asio::get_associated_executor(handler, ex));
            auto strand = self->strand;
            asio::co_spawn(
                strand,
                impl::send_event_op(std::move(self), std::move(url), std::move(body), std::move(opts)),
                asio::bind_cancellation_slot(slot, [h = std::move(handler), ex, work = std::move(work)](
                                                       std::exception_ptr e, detail::send_outcome r) mutable {
                    if (e) {
                        try {
                            std::rethrow_exception(e);
                        } catch (const boost::system::system_error& se) {
                            r.ec = se.code();
                        } catch (...) {
                            r.ec = make_error_code(boost::system::errc::io_error);
                        }
                    }
                    asio::post(ex, asio::append(std::move(h), r.ec, std::move(r.result)));
                    work.reset();
                }));
        }
    };

    // The connections, timers and coroutines of the server name its strand as their executor type, so that
    // operations track work without allocating (see detail/serial_executor.hpp).
    using strand_type = gchat::detail::serial_executor<asio::strand<executor_type>>;
    using tcp_stream_type = beast::basic_stream<asio::ip::tcp, strand_type>;
    using timer_type = asio::basic_waitable_timer<std::chrono::steady_clock,
                                                  asio::wait_traits<std::chrono::steady_clock>, strand_type>;
    template <class T>
    using task = asio::awaitable<T, strand_type>;
    // The completion token of the server's coroutines: no exceptions, results as a tuple.
    static auto on_strand() { return asio::as_tuple(asio::use_awaitable_t<strand_type>()); }

    struct connection {
        tcp_stream_type* stream;
        bool idle;
    };

    struct impl : std::enable_shared_from_this<impl> {
        executor_type ex;
        asio::strand<executor_type> strand;
        strand_type serial; // the same strand, as the executor type of the server's I/O objects
        emulator_options opts;
        chat_state state;
        asio::basic_socket_acceptor<asio::ip::tcp, strand_type> acceptor;
        timer_type stop_signal;
        std::unique_ptr<asio::ssl::context> tls;
        self_signed_certificate cert;
        std::string base_url;
        std::uint16_t port = 0;
        bool running = false;
        bool stopping = false;
        bool accepting = false;
        std::size_t sessions = 0;
        std::list<connection> conns;
        std::deque<request_record> log;
        std::vector<request_record> spare_records; // records the log dropped, for new requests to reuse
        emulator_counters counters;
        std::vector<std::size_t> script_pos;
        std::mt19937_64 rng;
        std::mutex key_mutex; // guards chat_key (chat_key() may be called from any thread)
        std::shared_ptr<const chat_signing_key> chat_key;

        impl(executor_type e, emulator_options o)
            : ex(std::move(e)), strand(asio::make_strand(ex)), serial(strand), opts(std::move(o)),
              state(opts), acceptor(serial), stop_signal(serial), script_pos(opts.faults.size(), 0),
              rng(opts.seed), chat_key(opts.chat_key) {}

        boost::system::result<std::shared_ptr<const chat_signing_key>> signing_key() {
            std::lock_guard<std::mutex> lock(key_mutex);
            if (!chat_key) {
                auto k = make_chat_signing_key();
                if (!k) return k.error();
                chat_key = std::make_shared<const chat_signing_key>(std::move(*k));
            }
            return chat_key;
        }

        response key_set_response(std::string_view route) {
            auto key = signing_key();
            if (!key) return make_error(500, "INTERNAL", "No signing key could be generated.");
            response r;
            r.body = route == "keys.x509" ? chat_x509_json(**key) : chat_jwks_json(**key);
            r.headers.emplace_back("Cache-Control",
                                   "public, max-age=" + std::to_string(opts.key_cache_max_age.count()) +
                                       ", must-revalidate, no-transform");
            return r;
        }

        static asio::awaitable<detail::send_outcome> send_event_op(std::shared_ptr<impl> self,
                                                                   std::string url, std::string body,
                                                                   send_event_options opts) {
            auto key = self->signing_key();
            self.reset();
            if (!key) co_return detail::send_outcome{key.error(), {}};
            co_return co_await detail::run_send_event(std::move(*key), std::move(url), std::move(body),
                                                      std::move(opts));
        }

        boost::system::error_code start() {
            using asio::ip::tcp;
            boost::system::error_code ec;
            if (running) return make_error_code(asio::error::already_started);
            if (!opts.persistence_file.empty()) {
                std::ifstream in(opts.persistence_file, std::ios::binary);
                if (in) {
                    std::ostringstream ss;
                    ss << in.rdbuf();
                    if (auto e = state.load(ss.str())) return e;
                }
            }
            if (opts.tls) {
                auto c = make_self_signed_certificate();
                if (!c) return c.error();
                cert = std::move(*c);
                tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
                tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                                     asio::ssl::context::no_tlsv1_1,
                                 ec);
                if (!ec) tls->use_certificate_chain(asio::buffer(cert.certificate_pem), ec);
                if (!ec)
                    tls->use_private_key(asio::buffer(cert.private_key_pem), asio::ssl::context::pem, ec);
                if (ec) return ec;
            }
            auto addr = asio::ip::make_address(opts.address, ec);
            if (ec) return ec;
            tcp::endpoint ep(addr, opts.port);
            acceptor.open(ep.protocol(), ec);
            if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
            if (!ec) acceptor.bind(ep, ec);
            if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
            if (ec) {
                boost::system::error_code ignored;
                acceptor.close(ignored);
                return ec;
            }
            port = acceptor.local_endpoint().port();
            std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
            base_url = (opts.tls ? "https://" : "http://") + host + ":" + std::to_string(port) + "/";
            state.set_base_url(base_url);
            running = true;
            stopping = false;
            accepting = true;
            asio::co_spawn(serial, accept_loop(this->shared_from_this()), asio::detached);
            return {};
        }

        void begin_stop() {
            stopping = true;
            boost::system::error_code ignored;
            acceptor.close(ignored);
            for (auto& c : conns)
                if (c.idle) c.stream->socket().cancel(ignored);
        }

        void abandon() {
            stopping = true;
            boost::system::error_code ignored;
            acceptor.close(ignored);
            for (auto& c : conns)
                c.stream->socket().close(ignored);
        }

        task<void> wait_stopped() {
            while (accepting || sessions > 0) {
                stop_signal.expires_at(timer_type::time_point::max());
                co_await stop_signal.async_wait(on_strand());
            }
            running = false;
        }

        boost::system::error_code save() {
            if (opts.persistence_file.empty()) return {};
            auto tmp = opts.persistence_file + ".tmp";
            {
                std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
                out << state.save();
                if (!out) return make_error_code(boost::system::errc::io_error);
            }
            if (std::rename(tmp.c_str(), opts.persistence_file.c_str()) != 0)
                return make_error_code(boost::system::errc::io_error);
            return {};
        }

        static task<void> accept_loop(std::shared_ptr<impl> self) {
            for (;;) {
                auto [ec, sock] = co_await self->acceptor.async_accept(on_strand());
                if (ec) {
                    if (self->stopping || !self->acceptor.is_open()) break;
                    continue; // e.g. too many open files: keep serving the others
                }
                if (self->stopping) break;
                ++self->counters.connections;
                sock.set_option(asio::ip::tcp::no_delay(true), ec);
                ++self->sessions;
                if (self->tls) {
                    asio::co_spawn(
                        self->serial,
                        session(self, beast::ssl_stream<tcp_stream_type>(std::move(sock), *self->tls)),
                        asio::detached);
                } else {
                    asio::co_spawn(self->serial, session(self, tcp_stream_type(std::move(sock))),
                                   asio::detached);
                }
            }
            self->accepting = false;
            self->stop_signal.cancel();
        }

        fault pick_fault(std::string_view route) {
            for (std::size_t i = 0; i < opts.faults.size(); ++i) {
                const auto& r = opts.faults[i];
                bool match = r.route == "*" || r.route == route ||
                             (!r.route.empty() && r.route.back() == '*' && !route.empty() &&
                              route.substr(0, r.route.size() - 1) ==
                                  std::string_view(r.route).substr(0, r.route.size() - 1));
                if (!match) continue;
                if (!r.script.empty()) {
                    if (script_pos[i] < r.script.size()) return r.script[script_pos[i]++];
                    continue;
                }
                if (r.probability > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < r.probability)
                    return r.effect;
            }
            return {};
        }

        // A record for a new request: one the log dropped (its strings keep their capacity), or a new one.
        request_record take_record() {
            if (spare_records.empty()) return {};
            auto r = std::move(spare_records.back());
            spare_records.pop_back();
            return r;
        }

        void record(request_record rec) {
            ++counters.by_route[rec.route];
            if (rec.status != 0)
                ++counters.by_status[rec.status];
            else
                ++counters.dropped;
            if (rec.fault != fault_kind::none) ++counters.faults;
            if (opts.log_capacity == 0) {
                if (spare_records.size() < 64) spare_records.push_back(std::move(rec));
                return;
            }
            if (log.size() >= opts.log_capacity) {
                if (spare_records.size() < 64) spare_records.push_back(std::move(log.front()));
                log.pop_front();
            }
            log.push_back(std::move(rec));
        }

        // The status line and headers of a reply, as Beast writes them for a response<string_body> with
        // Server and Content-Type set, then `res.headers` (each replacing a header of its name), then
        // keep_alive(keep_alive) and prepare_payload().
        static void write_head(std::string& out, const response& res, unsigned version, bool keep_alive) {
            namespace http = beast::http;
            std::array<std::pair<std::string_view, std::string_view>, 8> fixed;
            std::vector<std::pair<std::string_view, std::string_view>> more;
            std::size_t n = 0;
            auto set = [&](std::string_view k, std::string_view v) {
                auto same = [&](const std::pair<std::string_view, std::string_view>& f) {
                    return beast::iequals(f.first, k);
                };
                auto end = std::remove_if(fixed.begin(), fixed.begin() + n, same);
                n = static_cast<std::size_t>(end - fixed.begin());
                more.erase(std::remove_if(more.begin(), more.end(), same), more.end());
                if (more.empty() && n < fixed.size())
                    fixed[n++] = {k, v};
                else
                    more.emplace_back(k, v);
            };
            set("Server", "gchat-emulator");
            set("Content-Type", res.content_type);
            for (const auto& [k, v] : res.headers)
                set(k, v);
            if (version >= 11 && !keep_alive)
                set("Connection", "close");
            else if (version < 11 && keep_alive)
                set("Connection", "keep-alive");
            char len[24];
            auto [end, ec] = std::to_chars(len, len + sizeof len, res.body.size());
            (void)ec;
            set("Content-Length", std::string_view(len, static_cast<std::size_t>(end - len)));
            out.clear();
            out += version >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ";
            out += std::to_string(res.status);
            out += ' ';
            auto reason = http::obsolete_reason(static_cast<http::status>(res.status));
            out.append(reason.data(), reason.size());
            out += "\r\n";
            auto put = [&](const std::pair<std::string_view, std::string_view>& f) {
                out += f.first;
                out += ": ";
                out += f.second;
                out += "\r\n";
            };
            for (std::size_t i = 0; i < n; ++i)
                put(fixed[i]);
            for (const auto& f : more)
                put(f);
            out += "\r\n";
        }

        template <class Stream>
        static task<void> session(std::shared_ptr<impl> self, Stream stream) {
            namespace http = beast::http;
            auto& lowest = beast::get_lowest_layer(stream);
            auto it = self->conns.insert(self->conns.end(), connection{&lowest, true});
            constexpr bool is_tls = !std::is_same_v<Stream, tcp_stream_type>;
            bool drop = false;
            if constexpr (is_tls) {
                lowest.expires_after(std::chrono::seconds(30));
                auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, on_strand());
                if (ec) drop = true;
            }
            beast::flat_buffer buffer;
            std::string head; // the reply's status line and headers; its capacity is kept across requests
            while (!drop && !self->stopping) {
                http::request_parser<http::string_body> parser;
                parser.body_limit(self->opts.body_limit);
                parser.header_limit(64 * 1024);
                // The body that came with the header is parsed with it (no second read operation); a client
                // that waits for 100 Continue has sent none.
                parser.eager(true);
                it->idle = true;
                lowest.expires_after(self->opts.idle_timeout);
                auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, on_strand());
                it->idle = false;
                bool too_large = ec == http::error::body_limit;
                if (ec && !too_large) break;
                lowest.expires_after(std::chrono::seconds(60));
                if (!too_large && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
                    http::response<http::empty_body> cont{http::status::continue_, 11};
                    auto [wec, wn] = co_await http::async_write(stream, cont, on_strand());
                    if (wec) break;
                }
                if (!too_large && !parser.is_done()) {
                    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, on_strand());
                    too_large = rec == http::error::body_limit;
                    if (rec && !too_large) break;
                }
                if (too_large) {
                    auto res =
                        make_error(413, "INVALID_ARGUMENT", "Request body too large.", "REQUEST_TOO_LARGE");
                    http::response<http::string_body> out{http::status::payload_too_large, 11};
                    out.set(http::field::content_type, res.content_type);
                    out.body() = std::move(res.body);
                    out.keep_alive(false);
                    out.prepare_payload();
                    co_await http::async_write(stream, out, on_strand());
                    break;
                }
                auto started = std::chrono::steady_clock::now();
                const auto& req = parser.get();
                ++self->counters.requests;
                request_record rec = self->take_record();
                auto method = req.method_string();
                rec.method.assign(method.data(), method.size());
                auto target = std::string_view(req.target().data(), req.target().size());
                auto path = target.substr(0, target.find('?'));
                rec.path.assign(path.data(), path.size());
                auto route = chat_state::route_of(rec.method, target);
                rec.route.assign(route.data(), route.size());
                rec.status = 0;
                rec.latency = {};
                auto f = self->pick_fault(route);
                rec.fault = f.kind;
                if (f.latency.count() > 0) {
                    timer_type t(self->serial, f.latency);
                    co_await t.async_wait(on_strand());
                }
                response res;
                switch (f.kind) {
                case fault_kind::drop_before:
                    drop = true;
                    break;
                case fault_kind::http_429:
                    res = make_error(429, "RESOURCE_EXHAUSTED",
                                     "Quota exceeded (a fault injected by the emulator).",
                                     "RATE_LIMIT_EXCEEDED", "googleapis.com");
                    res.headers.emplace_back("Retry-After", std::to_string(f.retry_after.count()));
                    break;
                case fault_kind::http_500:
                    res = make_error(500, "INTERNAL", "Internal error (a fault injected by the emulator).",
                                     "BACKEND_ERROR");
                    break;
                case fault_kind::http_503:
                    res = make_error(503, "UNAVAILABLE",
                                     "The service is currently unavailable (a fault injected "
                                     "by the emulator).",
                                     "SERVICE_UNAVAILABLE");
                    if (f.retry_after.count() > 0)
                        res.headers.emplace_back("Retry-After", std::to_string(f.retry_after.count()));
                    break;
                default: {
                    if (route == "keys.x509" || route == "keys.jwks") {
                        res = self->key_set_response(route);
                        if (f.kind == fault_kind::drop_after) drop = true;
                        break;
                    }
                    auto auth = req[http::field::authorization];
                    auto ct = req[http::field::content_type];
                    res = self->state.handle(
                        request_view{rec.method, target, std::string_view(auth.data(), auth.size()),
                                     std::string_view(ct.data(), ct.size()), req.body()});
                    if (f.kind == fault_kind::drop_after) drop = true;
                }
                }
                if (drop) {
                    rec.latency = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started);
                    self->record(std::move(rec));
                    break;
                }
                bool keep_alive = req.keep_alive() && !self->stopping;
                write_head(head, res, req.version(), keep_alive);
                // Recorded before the reply leaves: a client that has the reply finds it in the log.
                rec.status = res.status;
                rec.latency = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started);
                self->record(std::move(rec));
                std::array<asio::const_buffer, 2> wire{asio::buffer(head), asio::buffer(res.body)};
                auto [wec, wn] = co_await asio::async_write(stream, wire, on_strand());
                if (wec || !keep_alive) break;
            }
            boost::system::error_code ignored;
            if constexpr (is_tls) {
                if (!drop && lowest.socket().is_open()) {
                    lowest.expires_after(std::chrono::seconds(2));
                    co_await stream.async_shutdown(on_strand());
                }
            } else {
                if (!drop) lowest.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
            }
            lowest.socket().close(ignored);
            self->conns.erase(it);
            --self->sessions;
            self->stop_signal.cancel();
        }
    };

    std::shared_ptr<impl> impl_;
};

} // namespace gchat::testing

GCHAT_COROUTINES_END

#endif
