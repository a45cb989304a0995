// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_TRANSPORT_HPP
#define GCHAT_DETAIL_TRANSPORT_HPP

// gchat::detail::basic_transport: HTTP/1.1 over TCP or TLS to one host, with a bounded keep-alive
// connection pool, a bounded FIFO queue, deadlines and per-operation cancellation. It sends the
// api_request values the sans-I/O client core builds and returns api_response values.

#include <gchat/config.hpp>
#include <gchat/detail/api_request.hpp>
#include <gchat/detail/endpoint.hpp>
#include <gchat/detail/http_stream.hpp>
#include <gchat/detail/transport_connection.hpp>
#include <gchat/detail/transport_errors.hpp>
#include <gchat/detail/transport_options.hpp>
#include <gchat/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/result.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace gchat::detail {

template <class Executor>
class transport_core;

/// The api_response member that keeps header field `name` (Content-Type, Retry-After, Cache-Control), or
/// nullptr for a field the client does not read. Both response readers keep the first of each through it.
inline std::string* kept_field(api_response& res, beast::http::field name) noexcept {
    namespace http = beast::http;
    switch (name) {
    case http::field::content_type:
        return &res.content_type;
    case http::field::retry_after:
        return &res.retry_after;
    case http::field::cache_control:
        return &res.cache_control;
    default:
        return nullptr;
    }
}

/// Reads one whole response and keeps only what an api_response holds: the status, the kept_field()s
/// and the body. No header container: the body (and a field value longer than the small-string buffer)
/// is all it allocates.
class response_reader final : public beast::http::basic_parser<false> {
  public:
    api_response res;

  private:
    using string_view = beast::string_view;
    void on_request_impl(beast::http::verb, string_view, string_view, int,
                         boost::system::error_code&) override {}
    void on_response_impl(int code, string_view, int, boost::system::error_code&) override {
        res.status = static_cast<unsigned>(code);
    }
    void on_field_impl(beast::http::field name, string_view, string_view value,
                       boost::system::error_code&) override {
        if (std::string* to = kept_field(res, name); to && to->empty())
            to->assign(value.data(), value.size());
    }
    void on_header_impl(boost::system::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                           boost::system::error_code&) override {
        if (length) res.body.reserve(static_cast<std::size_t>(*length)); // within body_limit: checked before
    }
    std::size_t on_body_impl(string_view body, boost::system::error_code&) override {
        res.body.append(body.data(), body.size());
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, boost::system::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, boost::system::error_code&) override {
        res.body.append(body.data(), body.size());
        return body.size();
    }
    void on_finish_impl(boost::system::error_code&) override {}
};

/// A request as it goes on the wire: the HTTP/1.1 request line, the header fields and the body, in one
/// buffer (one allocation per request; written with one async_write), and its method.
struct wire_request {
    beast::http::verb method = beast::http::verb::get;
    std::string bytes;
    /// A field value (user agent, token, content type) held CR, LF or NUL: the request is refused
    /// rather than sent, as the value would end the field and start another.
    bool unsafe_field = false;
};

/// One async_send or async_download: the state machine, independent of the completion handler's type.
template <class Executor>
class transport_op : public std::enable_shared_from_this<transport_op<Executor>> {
  public:
    using core_type = transport_core<Executor>;
    using connection_type = pooled_connection<Executor>;
    using timer_type = typename connection_type::timer_type;
    using request_type = wire_request;
    using clock = std::chrono::steady_clock;

    enum class phase { start, queued, resolving, connecting, handshaking, writing, reading, done };

    transport_op(std::shared_ptr<core_type> core, request_type req, clock::time_point deadline,
                 bool idempotent, bool download)
        : core_(std::move(core)), req_(std::move(req)), deadline_(deadline), timer_(core_->ex),
          idempotent_(idempotent), download_(download) {}

    virtual ~transport_op() = default;

    /// Called once, from the initiating function.
    void start();

    /// Cancellation (operation_aborted), the deadline (errc::deadline_exceeded) or the connect timeout
    /// (asio::error::timed_out): stops whatever the operation waits for; it then fails with `reason`.
    void abort(boost::system::error_code reason);

    /// The pool hands the operation a connection: an idle one (reused) or a new slot to open one in.
    void run_on(std::shared_ptr<connection_type> conn);
    void open_new();

    bool done() const noexcept { return phase_ == phase::done; }

    typename std::list<std::shared_ptr<transport_op>>::iterator queue_pos{};

  protected:
    /// The 2xx body of a download, a piece at a time.
    virtual boost::system::error_code on_chunk(std::string_view chunk) = 0;
    /// Delivers the result to the completion handler: posted if `post`, else dispatched.
    virtual void complete(boost::system::error_code ec, api_response res, bool post) = 0;

  private:
    static constexpr std::size_t chunk_size = 16 * 1024;
    static constexpr std::uint32_t header_limit = 64 * 1024;

    void arm_timer(clock::time_point at);
    void disarm_timer();
    void on_resolved(boost::system::error_code ec,
                     const asio::ip::basic_resolver_results<asio::ip::tcp>& results);
    void on_connected(boost::system::error_code ec);
    void on_handshake(boost::system::error_code ec);
    void write();
    void on_written(boost::system::error_code ec);
    void on_read(boost::system::error_code ec);
    void on_error_body_read(boost::system::error_code ec);
    void on_header(boost::system::error_code ec);
    void read_chunk();
    void on_chunk_read(boost::system::error_code ec);
    template <class Parser>
    void retry_or_fail(boost::system::error_code ec, const Parser& p);
    template <class Message>
    api_response make_response(Message& m);
    void succeed(api_response res, bool keep_alive);
    void fail(boost::system::error_code ec);
    void finish(boost::system::error_code ec, api_response res, bool post);

    std::shared_ptr<core_type> core_;
    request_type req_;
    clock::time_point deadline_;
    timer_type timer_;
    std::uint64_t timer_gen_ = 0;
    std::shared_ptr<connection_type> conn_;
    boost::system::error_code abort_;
    phase phase_ = phase::start;
    bool idempotent_;
    bool download_;
    bool reused_ = false;
    bool retried_ = false;
    std::optional<response_reader> whole_;
    std::optional<beast::http::response_parser<beast::http::string_body>>
        error_body_; ///< Downloads' non-2xx.
    std::optional<beast::http::response_parser<beast::http::empty_body>> header_;
    std::optional<beast::http::response_parser<beast::http::buffer_body>> stream_;
    std::unique_ptr<char[]> chunk_;
};

/// The pool and what every operation shares. Lives as long as the transport or an operation needs it.
template <class Executor>
class transport_core : public std::enable_shared_from_this<transport_core<Executor>> {
  public:
    using op_type = transport_op<Executor>;
    using connection_type = pooled_connection<Executor>;

    transport_core(Executor e, transport_options o)
        : ex(std::move(e)), opts(std::move(o)), endpoint(parse_endpoint(opts.endpoint)) {
        if (opts.max_connections == 0) opts.max_connections = 1;
        if (endpoint && endpoint->tls) {
            tls = opts.tls_context;
            if (!tls) {
                owned_tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
                boost::system::error_code ignored; // without them, every handshake fails verification
                owned_tls->set_default_verify_paths(ignored);
                tls = owned_tls.get();
            }
        }
    }

    /// Gives `op` a connection now (idle, or a new one if below max_connections), else queues it, else
    /// fails it with errc::queue_full.
    void acquire(const std::shared_ptr<op_type>& op, bool& queue_full) {
        queue_full = false;
        if (!idle.empty()) {
            auto conn = idle.back();
            take_idle(*conn);
            ++reused;
            op->run_on(std::move(conn));
        } else if (open < opts.max_connections) {
            ++open;
            op->open_new();
        } else if (queue.size() < opts.max_queued) {
            queue.push_back(op);
            op->queue_pos = std::prev(queue.end());
        } else {
            queue_full = true;
        }
    }

    void dequeue(op_type& op) { queue.erase(op.queue_pos); }

    /// An operation is done with `conn`: pooled (or handed to the next queued operation) if `reusable`,
    /// closed otherwise.
    void release(std::shared_ptr<connection_type> conn, bool reusable) {
        if (reusable && conn->epoch == epoch) {
            conn->used = true;
            if (!queue.empty()) {
                auto op = std::move(queue.front());
                queue.pop_front();
                ++reused;
                op->run_on(std::move(conn));
                return;
            }
            make_idle(std::move(conn));
            return;
        }
        conn->stream.close();
        --open;
        serve_queue();
    }

    /// A slot was freed: the next queued operation opens a connection in it.
    void serve_queue() {
        if (queue.empty() || open >= opts.max_connections) return;
        auto op = std::move(queue.front());
        queue.pop_front();
        ++open;
        op->open_new();
    }

    /// Pools `conn` as idle. Its idle timer and readability watch are armed two handlers later (watch_idle),
    /// not here: a connection taken again at once (the next call of a busy caller) costs no timer, no
    /// watch and no cancellation. Until then nothing can be noticed anyway (this thread is busy).
    void make_idle(std::shared_ptr<connection_type> conn) {
        conn->idle = true;
        conn->watched = false;
        conn->idle_index = idle.size();
        idle.push_back(conn);
        to_watch.emplace_back(conn, conn->idle_gen);
        if (watch_pending) return;
        watch_pending = true;
        std::weak_ptr<transport_core> self = this->shared_from_this();
        // Two hops: the first runs before whatever the completion handler of this exchange starts.
        asio::post(ex, [self] {
            if (auto core = self.lock())
                asio::post(core->ex, [self] {
                    if (auto core = self.lock()) core->watch_idle();
                });
        });
    }

    /// Arms the idle timer and the readability watch of the connections still idle since make_idle().
    void watch_idle() {
        watch_pending = false;
        for (auto& [conn, gen] : to_watch) // watch() adds nothing to it
            if (conn->idle && !conn->watched && conn->idle_gen == gen) watch(conn);
        to_watch.clear();
    }

    void watch(const std::shared_ptr<connection_type>& conn) {
        conn->watched = true;
        auto gen = conn->idle_gen;
        std::weak_ptr<transport_core> self = this->shared_from_this();
        conn->idle_timer.expires_after(opts.idle_timeout);
        conn->idle_timer.async_wait([self, conn, gen](boost::system::error_code) {
            if (auto core = self.lock(); core && conn->idle && conn->idle_gen == gen) core->drop_idle(*conn);
        });
        // An idle HTTP/1.1 connection has nothing to read: readable means the peer closed it (or sent
        // something unsolicited, e.g. a TLS close_notify). Either way it is no longer usable.
        conn->stream.lowest().async_wait(
            asio::socket_base::wait_read, [self, conn, gen](boost::system::error_code) {
                if (auto core = self.lock(); core && conn->idle && conn->idle_gen == gen)
                    core->drop_idle(*conn);
            });
    }

    void take_idle(connection_type& conn) {
        // Order-preserving: most recently used at the back.
        idle.erase(idle.begin() + static_cast<std::ptrdiff_t>(conn.idle_index));
        for (auto k = conn.idle_index; k < idle.size(); ++k)
            idle[k]->idle_index = k;
        conn.idle = false;
        ++conn.idle_gen;
        if (conn.watched) {
            conn.watched = false;
            conn.idle_timer.cancel();
            boost::system::error_code ignored;
            conn.stream.lowest().cancel(ignored); // the readability watch
        }
    }

    void drop_idle(connection_type& conn) {
        auto keep = idle[conn.idle_index];
        take_idle(conn);
        conn.stream.close();
        --open;
        serve_queue();
    }

    void close() {
        ++epoch;
        while (!idle.empty())
            drop_idle(*idle.front());
        while (!queue.empty()) {
            auto op = queue.front(); // abort() dequeues it
            op->abort(asio::error::operation_aborted);
            if (!queue.empty() && queue.front() == op) queue.pop_front();
        }
    }

    Executor ex;
    transport_options opts;
    boost::system::result<parsed_endpoint> endpoint;
    std::unique_ptr<asio::ssl::context> owned_tls;
    asio::ssl::context* tls = nullptr;
    std::vector<std::shared_ptr<connection_type>> idle; // most recently used at the back
    /// Made idle since the last watch_idle(), with their idle_gen then.
    std::vector<std::pair<std::shared_ptr<connection_type>, std::uint64_t>> to_watch;
    bool watch_pending = false;                ///< A watch_idle() is posted.
    std::list<std::shared_ptr<op_type>> queue; // FIFO
    std::size_t open = 0;                      // connecting, in use or idle: bounded by max_connections
    std::uint64_t opened = 0, reused = 0, epoch = 0;
};

// ---- transport_op -----------------------------------------------------------------------------------

template <class Executor>
void transport_op<Executor>::start() {
    if (!core_->endpoint) return finish(core_->endpoint.error(), {}, true);
    if (req_.unsafe_field) return finish(make_error_code(errc::invalid_argument), {}, true);
    if (deadline_ <= clock::now()) return finish(make_error_code(errc::deadline_exceeded), {}, true);
    arm_timer(deadline_);
    bool queue_full = false;
    core_->acquire(this->shared_from_this(), queue_full);
    if (queue_full) {
        finish(make_error_code(errc::queue_full), {}, true);
    } else if (phase_ == phase::start) {
        phase_ = phase::queued;
    }
}

template <class Executor>
void transport_op<Executor>::arm_timer(clock::time_point at) {
    ++timer_gen_;
    if (at == clock::time_point::max()) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(at);
    timer_.async_wait([self = this->shared_from_this(), gen = timer_gen_](boost::system::error_code ec) {
        if (ec || gen != self->timer_gen_ || self->done()) return;
        self->abort(clock::now() >= self->deadline_ ? make_error_code(errc::deadline_exceeded)
                                                    : make_error_code(asio::error::timed_out));
    });
}

template <class Executor>
void transport_op<Executor>::disarm_timer() {
    ++timer_gen_;
    timer_.cancel();
}

template <class Executor>
void transport_op<Executor>::abort(boost::system::error_code reason) {
    if (phase_ == phase::done || abort_) return;
    auto self = this->shared_from_this(); // the queue may hold the last reference
    abort_ = reason;
    switch (phase_) {
    case phase::queued:
        core_->dequeue(*this);
        finish(reason, {}, true);
        break;
    case phase::resolving:
        conn_->resolver.cancel();
        break;
    case phase::connecting:
    case phase::handshaking:
    case phase::writing:
    case phase::reading:
        conn_->stream.close(); // the pending operation completes with an error; its handler sees abort_
        break;
    default:
        break;
    }
}

template <class Executor>
void transport_op<Executor>::open_new() {
    conn_ = std::make_shared<connection_type>(core_->ex, core_->tls);
    conn_->epoch = core_->epoch;
    reused_ = false;
    phase_ = phase::resolving;
    auto connect_deadline = clock::now() + core_->opts.connect_timeout;
    if (connect_deadline < deadline_) arm_timer(connect_deadline);
    const auto& ep = *core_->endpoint;
    if (ep.host_is_address) {
        // An IP literal: nothing to resolve (and no resolver thread started for it).
        boost::system::error_code ec;
        auto address = asio::ip::make_address(ep.host, ec);
        unsigned short port = 0;
        auto [end, perr] = std::from_chars(ep.port.data(), ep.port.data() + ep.port.size(), port);
        if (!ec && perr == std::errc() && end == ep.port.data() + ep.port.size()) {
            phase_ = phase::connecting;
            conn_->stream.lowest().async_connect(
                asio::ip::tcp::endpoint(address, port),
                [self = this->shared_from_this()](boost::system::error_code ec) { self->on_connected(ec); });
            return;
        }
    }
    conn_->resolver.async_resolve(
        core_->endpoint->host, core_->endpoint->port,
        [self = this->shared_from_this()](boost::system::error_code ec,
                                          asio::ip::basic_resolver_results<asio::ip::tcp> results) {
            self->on_resolved(ec, results);
        });
}

template <class Executor>
void transport_op<Executor>::on_resolved(boost::system::error_code ec,
                                         const asio::ip::basic_resolver_results<asio::ip::tcp>& results) {
    if (abort_) return fail(abort_);
    if (ec) return fail(ec);
    phase_ = phase::connecting;
    asio::async_connect(conn_->stream.lowest(), results,
                        [self = this->shared_from_this()](boost::system::error_code ec, const auto&) {
                            self->on_connected(ec);
                        });
}

template <class Executor>
void transport_op<Executor>::on_connected(boost::system::error_code ec) {
    if (abort_) return fail(abort_);
    if (ec) return fail(ec);
    boost::system::error_code ignored;
    conn_->stream.lowest().set_option(asio::ip::tcp::no_delay(true), ignored);
    if (!conn_->stream.is_tls()) return on_handshake({});
    auto& tls = conn_->stream.tls();
    const auto& ep = *core_->endpoint;
    if (!ep.host_is_address && !SSL_set_tlsext_host_name(tls.native_handle(), ep.host.c_str()))
        return fail(
            boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    tls.set_verify_mode(asio::ssl::verify_peer, ec);
    if (!ec) tls.set_verify_callback(asio::ssl::host_name_verification(ep.host), ec);
    if (ec) return fail(ec);
    phase_ = phase::handshaking;
    tls.async_handshake(
        asio::ssl::stream_base::client,
        [self = this->shared_from_this()](boost::system::error_code ec) { self->on_handshake(ec); });
}

template <class Executor>
void transport_op<Executor>::on_handshake(boost::system::error_code ec) {
    if (abort_) return fail(abort_);
    if (ec) return fail(ec);
    ++core_->opened;
    arm_timer(deadline_); // the connect timeout no longer applies
    write();
}

template <class Executor>
void transport_op<Executor>::run_on(std::shared_ptr<connection_type> conn) {
    conn_ = std::move(conn);
    reused_ = conn_->used;
    write();
}

template <class Executor>
void transport_op<Executor>::write() {
    phase_ = phase::writing;
    conn_->buffer.clear();
    asio::async_write(conn_->stream, asio::const_buffer(req_.bytes.data(), req_.bytes.size()),
                      [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                          self->on_written(ec);
                      });
}

template <class Executor>
void transport_op<Executor>::on_written(boost::system::error_code ec) {
    namespace http = beast::http;
    if (abort_) return fail(abort_);
    if (ec) {
        if (should_retry(reused_, retried_, true, idempotent_, false, ec)) {
            retried_ = true;
            conn_->stream.close(); // keeps its slot in the pool for the fresh connection
            return open_new();
        }
        return fail(ec);
    }
    phase_ = phase::reading;
    auto self = this->shared_from_this();
    if (!download_) {
        whole_.emplace();
        whole_->header_limit(header_limit);
        whole_->body_limit(core_->opts.max_response_body);
        if (req_.method == http::verb::head) whole_->skip(true);
        http::async_read(conn_->stream, conn_->buffer, *whole_,
                         [self](boost::system::error_code ec, std::size_t) { self->on_read(ec); });
    } else {
        header_.emplace();
        header_->header_limit(header_limit);
        if (req_.method == http::verb::head) header_->skip(true);
        http::async_read_header(conn_->stream, conn_->buffer, *header_,
                                [self](boost::system::error_code ec, std::size_t) { self->on_header(ec); });
    }
}

template <class Executor>
template <class Parser>
void transport_op<Executor>::retry_or_fail(boost::system::error_code ec, const Parser& p) {
    if (should_retry(reused_, retried_, false, idempotent_, p.got_some() || conn_->buffer.size() != 0, ec)) {
        retried_ = true;
        conn_->stream.close(); // keeps its slot in the pool for the fresh connection
        return open_new();
    }
    fail(map_read_error(ec));
}

template <class Executor>
template <class Message>
api_response transport_op<Executor>::make_response(Message& m) {
    api_response res;
    res.status = m.result_int();
    for (const auto& f : m)
        if (std::string* to = kept_field(res, f.name()); to && to->empty())
            to->assign(f.value().data(), f.value().size());
    return res;
}

template <class Executor>
void transport_op<Executor>::on_read(boost::system::error_code ec) {
    if (abort_) return fail(abort_);
    if (ec) return retry_or_fail(ec, *whole_);
    bool keep_alive = whole_->keep_alive() && whole_->is_done();
    auto res = std::move(whole_->res);
    whole_.reset();
    succeed(std::move(res), keep_alive);
}

template <class Executor>
void transport_op<Executor>::on_error_body_read(boost::system::error_code ec) {
    if (abort_) return fail(abort_);
    if (ec) return retry_or_fail(ec, *error_body_);
    auto& m = error_body_->get();
    auto res = make_response(m);
    bool keep_alive = m.keep_alive() && error_body_->is_done();
    res.body = std::move(m.body());
    error_body_.reset();
    succeed(std::move(res), keep_alive);
}

template <class Executor>
void transport_op<Executor>::on_header(boost::system::error_code ec) {
    namespace http = beast::http;
    if (abort_) return fail(abort_);
    if (ec) return retry_or_fail(ec, *header_);
    if (header_->is_done()) { // no body (204, HEAD, Content-Length: 0)
        auto& m = header_->get();
        auto res = make_response(m);
        bool keep_alive = m.keep_alive();
        header_.reset();
        return succeed(std::move(res), keep_alive);
    }
    auto status = header_->get().result_int();
    auto self = this->shared_from_this();
    if (status < 200 || status >= 300) {
        error_body_.emplace(std::move(*header_));
        header_.reset();
        error_body_->body_limit(core_->opts.max_response_body);
        http::async_read(conn_->stream, conn_->buffer, *error_body_,
                         [self](boost::system::error_code ec, std::size_t) { self->on_error_body_read(ec); });
        return;
    }
    stream_.emplace(std::move(*header_));
    header_.reset();
    stream_->body_limit(boost::none); // streamed: the sink decides
    if (!chunk_) chunk_ = std::make_unique<char[]>(chunk_size);
    read_chunk();
}

template <class Executor>
void transport_op<Executor>::read_chunk() {
    auto& body = stream_->get().body();
    body.data = chunk_.get();
    body.size = chunk_size;
    beast::http::async_read(conn_->stream, conn_->buffer, *stream_,
                            [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                                self->on_chunk_read(ec);
                            });
}

template <class Executor>
void transport_op<Executor>::on_chunk_read(boost::system::error_code ec) {
    if (abort_) return fail(abort_);
    if (ec == beast::http::error::need_buffer) ec = {};
    if (ec) return fail(map_read_error(ec));
    auto n = chunk_size - stream_->get().body().size;
    if (n != 0) {
        if (auto sink_ec = on_chunk(std::string_view(chunk_.get(), n))) return fail(sink_ec);
        if (abort_) return fail(abort_); // the sink cancelled
    }
    if (!stream_->is_done()) return read_chunk();
    auto& m = stream_->get();
    auto res = make_response(m);
    bool keep_alive = m.keep_alive();
    stream_.reset();
    succeed(std::move(res), keep_alive);
}

template <class Executor>
void transport_op<Executor>::succeed(api_response res, bool keep_alive) {
    // Anything left in the buffer is not ours to interpret: such a connection is not reused.
    bool reusable = keep_alive && conn_->buffer.size() == 0;
    core_->release(std::move(conn_), reusable);
    finish({}, std::move(res), false);
}

template <class Executor>
void transport_op<Executor>::fail(boost::system::error_code ec) {
    if (conn_) core_->release(std::move(conn_), false);
    finish(ec, {}, false);
}

template <class Executor>
void transport_op<Executor>::finish(boost::system::error_code ec, api_response res, bool post) {
    phase_ = phase::done;
    disarm_timer();
    complete(ec, std::move(res), post);
}

/// The part of an operation that knows its completion handler (and its sink, for downloads).
struct no_sink {};

template <class Executor, class Handler, class Sink>
class transport_op_impl final : public transport_op<Executor> {
    using base = transport_op<Executor>;
    using handler_executor = asio::associated_executor_t<Handler, Executor>;

  public:
    template <class H>
    transport_op_impl(H&& h, Sink sink, std::shared_ptr<transport_core<Executor>> core,
                      typename base::request_type req, std::chrono::steady_clock::time_point deadline,
                      bool idempotent)
        : base(core, std::move(req), deadline, idempotent, !std::is_same_v<Sink, no_sink>),
          handler_(std::forward<H>(h)), work_(asio::get_associated_executor(handler_, core->ex)),
          sink_(std::move(sink)) {}

    /// Connects the handler's cancellation slot, then starts.
    void launch() {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected()) {
            slot.template emplace<cancel_handler>(this);
        }
        this->start();
    }

  private:
    struct cancel_handler {
        explicit cancel_handler(transport_op_impl* p) noexcept : op(p) {}
        transport_op_impl* op;
        void operator()(asio::cancellation_type type) const {
            if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                         asio::cancellation_type::total)) != asio::cancellation_type::none)
                op->abort(asio::error::operation_aborted);
        }
    };

    boost::system::error_code on_chunk(std::string_view chunk) override {
        if constexpr (std::is_same_v<Sink, no_sink>) {
            return {};
        } else {
            return sink_(chunk);
        }
    }

    void complete(boost::system::error_code ec, api_response res, bool post) override {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected()) slot.clear();
        auto work = std::move(work_);
        auto ex = work.get_executor();
        auto bound = asio::append(std::move(handler_), ec, std::move(res));
        if (post)
            asio::post(ex, std::move(bound));
        else
            asio::dispatch(ex, std::move(bound));
        work.reset();
    }

    Handler handler_;
    asio::executor_work_guard<handler_executor> work_;
    Sink sink_;
};

/// HTTP/1.1 to one host over TCP or TLS, with a keep-alive connection pool.
///
/// - Not thread-safe: call it (and emit cancellation signals) from its executor, or a strand.
///   Every internal handler runs on that executor; completion handlers run on their associated
///   executor (by default the transport's), and never inside the initiating function.
/// - The endpoint is parsed in the constructor; an unusable one (errc::invalid_url) fails every
///   operation (endpoint_error() tells it up front). Nothing is thrown.
/// - Idle pooled connections keep asynchronous operations pending (a timer and a readability watch):
///   `io_context::run()` does not return while there are any. close() (or the destructor) closes them.
/// - Keep-alive: a connection goes back to the pool only after a clean, complete exchange whose response
///   allows keep-alive (no `Connection: close`, HTTP/1.1, body read to its end, nothing extra buffered);
///   anything else closes it. An idle connection the peer closes is noticed (readability watch) and
///   dropped before it is used again. A request that still fails on a reused connection is sent again
///   once on a fresh connection under the rule of should_retry() (transport_errors.hpp).
/// - Queued requests get connections in FIFO order; a freed connection goes to the oldest one first.
/// - Destroying the transport while operations are in flight is allowed: they complete normally (they
///   share the pool's state), and their connections are then closed instead of pooled.
template <class Executor = asio::any_io_executor>
class basic_transport {
    using core_type = transport_core<Executor>;

  public:
    using executor_type = Executor;

    basic_transport(Executor ex, transport_options opts)
        : core_(std::make_shared<core_type>(std::move(ex), std::move(opts))) {}

    basic_transport(const basic_transport&) = delete;
    basic_transport& operator=(const basic_transport&) = delete;
    basic_transport(basic_transport&&) noexcept = default;
    basic_transport& operator=(basic_transport&& other) noexcept {
        if (this != &other) {
            if (core_) core_->close();
            core_ = std::move(other.core_);
        }
        return *this;
    }

    ~basic_transport() {
        if (core_) core_->close();
    }

    executor_type get_executor() const noexcept { return core_->ex; }

    /// errc::invalid_url if the endpoint cannot be used (every operation then fails with it), else success.
    boost::system::error_code endpoint_error() const noexcept {
        return core_->endpoint ? boost::system::error_code() : core_->endpoint.error();
    }

    const transport_options& options() const noexcept { return core_->opts; }

    /// Sends `req` and reads the whole response; completes with `void(error_code, api_response)`.
    ///
    /// The request gets Host, User-Agent (unless empty), `Authorization: Bearer <bearer>` (unless `bearer`
    /// is empty), Content-Type (unless empty) and Content-Length (for a body, or any POST/PUT/PATCH);
    /// the endpoint's base path is prefixed to `req.target`. The request and the token are copied
    /// before this returns. Any HTTP status is success here. Errors: errc::deadline_exceeded (the deadline
    /// passed: queue wait, resolve, connect, handshake, write and read all count),
    /// asio::error::operation_aborted (cancelled, or close()), errc::queue_full, errc::invalid_url,
    /// errc::body_too_large, errc::bad_http_response, asio::error::timed_out (connect_timeout), and the
    /// network's errors as they are (http::error::end_of_stream when the server closed without answering,
    /// http::error::partial_message in the middle of a response, TLS verification errors, ...).
    ///
    /// Cancellation (terminal, partial and total are all honoured): a queued request leaves the queue
    /// with no side effect; a request on a connection closes that connection (the server may or may not
    /// have acted on it). The pool stays usable.
    template <class CompletionToken = asio::deferred_t>
    auto async_send(const api_request& req, std::string_view bearer,
                    std::chrono::steady_clock::time_point deadline, CompletionToken&& token = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, api_response)>(
            initiation<no_sink>{core_}, token, make_message(req, bearer), deadline, req.idempotent,
            no_sink{});
    }

    /// As async_send, but the body of a 2xx response goes to `sink` a piece at a time, as it arrives
    /// (`sink(std::string_view) -> boost::system::error_code`; an error from it fails the operation with
    /// that error and closes the connection). The api_response's body is then empty. A non-2xx body is read
    /// whole (at most max_response_body). A streamed body has no size limit: memory stays bounded
    /// (one 16 KiB chunk, plus the connection's read buffer). The sink runs on the transport's executor.
    template <class Sink, class CompletionToken = asio::deferred_t>
    auto async_download(const api_request& req, std::string_view bearer,
                        std::chrono::steady_clock::time_point deadline, Sink sink,
                        CompletionToken&& token = {}) {
        static_assert(std::is_invocable_r_v<boost::system::error_code, Sink&, std::string_view>,
                      "a download sink is called as sink(std::string_view) -> boost::system::error_code");
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, api_response)>(
            initiation<Sink>{core_}, token, make_message(req, bearer), deadline, req.idempotent,
            std::move(sink));
    }

    /// Closes the idle connections and fails the queued requests with operation_aborted. Requests in
    /// progress finish, and their connections are closed instead of pooled. The transport stays usable:
    /// a later request opens a new connection.
    void close() { core_->close(); }

    struct statistics {
        std::size_t open = 0;     ///< Connections open or opening (in use or idle).
        std::size_t idle = 0;     ///< Of which idle in the pool.
        std::size_t queued = 0;   ///< Requests waiting for a connection.
        std::uint64_t opened = 0; ///< Connections established (TCP, and TLS if any) since construction.
        std::uint64_t reused = 0; ///< Requests sent on a connection that was already open.
    };

    statistics stats() const noexcept {
        statistics s;
        s.open = core_->open;
        s.idle = core_->idle.size();
        s.queued = core_->queue.size();
        s.opened = core_->opened;
        s.reused = core_->reused;
        return s;
    }

  private:
    using request_type = wire_request;

    template <class Sink>
    struct initiation {
        std::shared_ptr<core_type> core;

        template <class Handler>
        void operator()(Handler&& handler, request_type msg, std::chrono::steady_clock::time_point deadline,
                        bool idempotent, Sink sink) const {
            using op_type = transport_op_impl<Executor, std::decay_t<Handler>, Sink>;
            auto op = std::make_shared<op_type>(std::forward<Handler>(handler), std::move(sink), core,
                                                std::move(msg), deadline, idempotent);
            op->launch();
        }
    };

    /// The request as Beast's serializer would write it: request line, Host, User-Agent, Authorization,
    /// Content-Type, Content-Length (in that order), the blank line, the body.
    request_type make_message(const api_request& req, std::string_view bearer) const {
        namespace http = beast::http;
        request_type m;
        m.method = req.method;
        const auto method = http::to_string(req.method);
        std::string_view base, host;
        if (core_->endpoint) {
            base = core_->endpoint->base_path;
            host = core_->endpoint->host_header;
        }
        const std::string_view agent = core_->opts.user_agent;
        const bool has_length = !req.body.empty() || req.method == http::verb::post ||
                                req.method == http::verb::put || req.method == http::verb::patch;
        char length[24];
        std::size_t length_size = 0;
        if (has_length) {
            auto r = std::to_chars(length, length + sizeof length, req.body.size());
            length_size = static_cast<std::size_t>(r.ptr - length);
        }
        auto& b = m.bytes;
        b.reserve(method.size() + base.size() + req.target.size() + 12 +
                  (host.empty() ? 0 : 8 + host.size()) + (agent.empty() ? 0 : 14 + agent.size()) +
                  (bearer.empty() ? 0 : 24 + bearer.size()) +
                  (req.content_type.empty() ? 0 : 16 + req.content_type.size()) + 18 + length_size + 2 +
                  req.body.size());
        b.append(method.data(), method.size()).append(1, ' ').append(base).append(req.target);
        if (base.empty() && req.target.empty()) b += '/';
        b.append(" HTTP/1.1\r\n");
        auto field = [&m](std::string_view name, std::string_view prefix, std::string_view value) {
            if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
                m.unsafe_field = true;
            m.bytes.append(name).append(": ").append(prefix).append(value).append("\r\n");
        };
        if (core_->endpoint) field("Host", {}, host);
        if (!agent.empty()) field("User-Agent", {}, agent);
        if (!bearer.empty()) field("Authorization", "Bearer ", bearer);
        if (!req.content_type.empty()) field("Content-Type", {}, req.content_type);
        if (has_length) field("Content-Length", {}, std::string_view(length, length_size));
        b.append("\r\n").append(req.body);
        return m;
    }

    std::shared_ptr<core_type> core_;
};

using transport = basic_transport<>;

} // namespace gchat::detail

#endif
