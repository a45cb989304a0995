// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_VERIFIER_HPP
#define GCHAT_SERVER_VERIFIER_HPP

// gchat::server::verifier: checks the bearer token Google Chat puts on the interaction events it sends to an
// app (RS256, issuer, audience, email, time window) against Google's published keys, which it fetches over
// gchat's HTTP transport and caches.

#include <gchat/config.hpp>
#include <gchat/detail/transport.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/server/detail/jwt_claims.hpp>
#include <gchat/server/detail/key_set.hpp>
#include <gchat/server/detail/verified_cache.hpp>
#include <gchat/server/verifier_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gchat::server {
namespace detail {

/// One async_verify (or async_check) waiting for (or resolved without) the keys; the handler's type is in
/// verify_op_impl. `t` is copied only by an operation that completes with the claims.
struct verify_op_base {
    virtual ~verify_op_base() = default;
    virtual void complete(boost::system::error_code ec, const verified_token& t) = 0;

    std::string token;
    auth::jwt decoded;
    gchat::diagnostics* diag = nullptr;
    bool done = false;
};

/// The URL of the key set for `opts`, split into the transport's endpoint and the request target.
struct key_url {
    std::string endpoint; ///< scheme://host[:port]
    std::string target;   ///< /path[?query]
};

inline boost::system::result<key_url> make_key_url(const verifier_options& opts) {
    auto bad = make_error_code(errc::invalid_url);
    const std::string& url = opts.mode == audience_mode::project_number ? opts.x509_url : opts.jwks_url;
    auto r = boost::urls::parse_uri(boost::core::string_view(url.data(), url.size()));
    if (!r || !r->has_authority()) return bad;
    key_url out;
    std::string_view path(r->encoded_path().data(), r->encoded_path().size());
    out.target = path.empty() ? std::string("/") : std::string(path);
    if (r->has_query()) {
        out.target += '?';
        out.target.append(r->encoded_query().data(), r->encoded_query().size());
    }
    if (!opts.key_base_url.empty()) {
        auto b = boost::urls::parse_uri(
            boost::core::string_view(opts.key_base_url.data(), opts.key_base_url.size()));
        if (!b || !b->has_authority()) return bad;
        out.endpoint = std::string(b->scheme()) + "://" + std::string(b->encoded_authority());
    } else {
        out.endpoint = std::string(r->scheme()) + "://" + std::string(r->encoded_authority());
    }
    return out;
}

/// What every operation of a verifier shares: options, keys, the fetch in flight and its waiters.
template <class Executor>
struct verifier_state : std::enable_shared_from_this<verifier_state<Executor>> {
    using clock = std::chrono::system_clock;
    using op_ptr = std::shared_ptr<verify_op_base>;

    Executor ex;
    verifier_options opts;
    boost::system::error_code url_error;
    std::string target;
    std::optional<gchat::detail::basic_transport<Executor>> transport;

    key_set keys;
    bool have_keys = false;
    clock::time_point keys_fetched{};
    clock::time_point keys_expiry{};
    std::optional<clock::time_point> last_fetch;   ///< When the last fetch started.
    std::optional<clock::time_point> last_failure; ///< When the last fetch failed.
    bool fetching = false;
    bool closed = false;
    asio::cancellation_signal fetch_cancel;
    std::list<op_ptr> waiters;
    verified_cache cache;

    std::uint64_t fetches = 0;
    std::uint64_t fetch_failures = 0;
    std::uint64_t cache_hits = 0;

    /// After a failed fetch with no usable keys, verifies fail at once for this long instead of refetching.
    static constexpr std::chrono::seconds failure_backoff{2};

    verifier_state(Executor e, verifier_options o)
        : ex(std::move(e)), opts(std::move(o)), cache(opts.verified_cache_size) {
        auto url = make_key_url(opts);
        if (!url) {
            url_error = url.error();
            return;
        }
        gchat::detail::transport_options t;
        t.endpoint = url->endpoint;
        t.tls_context = opts.tls_context;
        t.max_connections = 1;
        t.max_response_body = opts.max_key_set_size;
        t.connect_timeout = opts.fetch_timeout;
        transport.emplace(ex, std::move(t));
        if (auto ec = transport->endpoint_error()) url_error = ec;
        target = std::move(url->target);
    }

    clock::time_point now() const { return opts.clock ? opts.clock() : clock::now(); }

    bool keys_valid(clock::time_point t) const { return have_keys && t < keys_expiry; }

    static void fail(const op_ptr& op, boost::system::error_code ec, std::string_view why = {}) {
        if (op->diag) {
            op->diag->client_message = why.empty() ? ec.message() : std::string(why);
        }
        op->done = true;
        op->complete(ec, {});
    }

    /// Verifies against the current keys and completes `op`.
    void finish_with_keys(const op_ptr& op, clock::time_point t) {
        auto kid = token_kid(op->decoded);
        const auto* key = keys.find(kid);
        if (!key) return fail(op, make_error_code(errc::no_matching_key));
        if (auto ec = auth::jwt_verify_rs256(op->decoded, *key)) return fail(op, ec);
        verified_token out;
        sys_time nbf;
        if (auto ec = verify_claims(op->decoded, opts, t, out, nbf)) return fail(op, ec);
        cache.insert(op->token, out, nbf, t);
        op->done = true;
        op->complete({}, out);
    }

    void start(op_ptr op) {
        if (closed) return fail(op, asio::error::operation_aborted);
        auto t = now();
        if (op->token.size() > opts.max_token_size) return fail(op, make_error_code(errc::token_too_large));
        if (const auto* hit = cache.find(op->token); hit && keys_valid(t)) {
            ++cache_hits;
            if (auto ec = check_time_window(hit->token.expires_at, hit->not_before, opts, t))
                return fail(op, ec);
            maybe_refresh(t);
            op->done = true;
            return op->complete({}, hit->token);
        }
        auto decoded = decode_token(op->token, opts);
        if (!decoded) return fail(op, decoded.error());
        op->decoded = std::move(*decoded);
        if (url_error)
            return fail(op, make_error_code(errc::key_set_unavailable), "the key set URL cannot be used");
        if (keys_valid(t)) {
            if (keys.find(token_kid(op->decoded))) {
                maybe_refresh(t);
                return finish_with_keys(op, t);
            }
            // Unknown kid: the keys may have rotated. Refetch, unless they were fetched just now.
            if (fetching) return enqueue(std::move(op));
            if (!last_fetch || t - *last_fetch >= opts.unknown_kid_refetch_interval) {
                enqueue(std::move(op));
                return fetch(t);
            }
            return fail(op, make_error_code(errc::no_matching_key));
        }
        if (fetching) return enqueue(std::move(op));
        if (last_failure && t - *last_failure < failure_backoff)
            return fail(op, make_error_code(errc::key_set_unavailable), "the key set could not be fetched");
        enqueue(std::move(op));
        fetch(t);
    }

    /// The keys expire soon: fetch them in the background (the verify that noticed is not delayed).
    void maybe_refresh(clock::time_point t) {
        if (fetching) return;
        auto lifetime = keys_expiry - keys_fetched;
        auto ahead = std::min<clock::duration>(opts.refresh_ahead, lifetime / 2);
        if (t < keys_expiry - ahead) return;
        if (last_failure && t - *last_failure < failure_backoff) return;
        fetch(t);
    }

    void enqueue(op_ptr op);

    void fetch(clock::time_point t) {
        fetching = true;
        last_fetch = t;
        ++fetches;
        gchat::detail::api_request req;
        req.target = target;
        req.idempotent = true;
        auto deadline = std::chrono::steady_clock::now() + opts.fetch_timeout;
        transport->async_send(
            req, {}, deadline,
            asio::bind_cancellation_slot(fetch_cancel.slot(),
                                         [self = this->shared_from_this()](boost::system::error_code ec,
                                                                           gchat::detail::api_response res) {
                                             self->on_fetched(ec, std::move(res));
                                         }));
    }

    void on_fetched(boost::system::error_code ec, gchat::detail::api_response res) {
        fetching = false;
        // Key sets are fetched rarely: keep no idle connection (it would keep io_context::run() busy).
        if (transport) transport->close();
        if (closed) return;
        auto t = now();
        std::string why;
        if (!ec && res.status != 200) {
            ec = make_error_code(errc::unexpected_http_status);
            why = "key set fetch: HTTP " + std::to_string(res.status);
        }
        if (!ec) {
            auto parsed = parse_key_set(res.body);
            if (parsed) {
                keys = std::move(*parsed);
                have_keys = true;
                keys_fetched = t;
                keys_expiry = t + key_set_lifetime(res.cache_control, opts);
                last_failure.reset();
                cache.clear();
            } else {
                ec = parsed.error();
                why = "key set fetch: unusable key set (" + ec.message() + ")";
            }
        } else if (why.empty()) {
            why = "key set fetch: " + ec.message();
        }
        if (ec) {
            ++fetch_failures;
            last_failure = t;
        }
        auto ws = std::move(waiters);
        waiters.clear();
        for (auto& op : ws) {
            if (op->done) continue;
            if (keys_valid(t))
                finish_with_keys(op, t);
            else
                fail(op, make_error_code(errc::key_set_unavailable), why.empty() ? std::string_view() : why);
        }
    }

    void close() {
        closed = true;
        if (fetching) fetch_cancel.emit(asio::cancellation_type::terminal);
        auto ws = std::move(waiters);
        waiters.clear();
        for (auto& op : ws)
            if (!op->done) fail(op, asio::error::operation_aborted);
        if (transport) transport->close();
    }
};

/// The part of an operation that knows its completion handler, which takes the claims (async_verify) or
/// the error code alone (async_check).
template <class Executor, class Handler, bool WithClaims = true>
class verify_op_impl final : public verify_op_base {
    using handler_executor = asio::associated_executor_t<Handler, Executor>;

  public:
    template <class H>
    verify_op_impl(H&& h, const Executor& ex)
        : handler_(std::forward<H>(h)), work_(asio::get_associated_executor(handler_, ex)) {}

    /// While queued: a cancellation completes it with operation_aborted (the shared fetch goes on).
    void connect_cancellation(std::weak_ptr<verifier_state<Executor>> state,
                              std::shared_ptr<verify_op_base> self) {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (!slot.is_connected()) return;
        slot.template emplace<canceller>(std::move(state), std::weak_ptr<verify_op_base>(self));
    }

    void complete(boost::system::error_code ec, const verified_token& t) override {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected()) slot.clear();
        auto work = std::move(work_);
        if constexpr (WithClaims)
            asio::post(work.get_executor(), asio::append(std::move(handler_), ec, t));
        else
            asio::post(work.get_executor(), asio::append(std::move(handler_), ec));
        work.reset();
    }

  private:
    struct canceller {
        canceller(std::weak_ptr<verifier_state<Executor>> s, std::weak_ptr<verify_op_base> o)
            : state(std::move(s)), op(std::move(o)) {}
        std::weak_ptr<verifier_state<Executor>> state;
        std::weak_ptr<verify_op_base> op;
        void operator()(asio::cancellation_type type) const {
            if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                         asio::cancellation_type::total)) == asio::cancellation_type::none)
                return;
            auto o = op.lock();
            if (!o || o->done) return;
            if (auto s = state.lock()) s->waiters.remove(o);
            o->done = true;
            o->complete(asio::error::operation_aborted, {});
        }
    };

    Handler handler_;
    asio::executor_work_guard<handler_executor> work_;
};

template <class Executor>
void verifier_state<Executor>::enqueue(op_ptr op) {
    waiters.push_back(std::move(op));
}

} // namespace detail

/// Verifies the bearer tokens of incoming interaction events.
///
/// - Construct it from an executor and verifier_options (the audience mode and value are required). Errors
///   in the options (an unusable key URL) are reported by every verify (errc::key_set_unavailable).
/// - async_verify(token) completes with `void(error_code, verified_token)`; async_check(token), for a caller
///   that needs the verdict alone, with `void(error_code)`. The errors:
/// errc::token_too_large,
///   errc::invalid_token (malformed, or the signature does not verify), errc::unsupported_algorithm,
///   errc::no_matching_key, errc::wrong_issuer, errc::wrong_audience, errc::wrong_email,
///   errc::email_not_verified, errc::token_expired, errc::token_not_yet_valid (all: answer 401), and
///   errc::key_set_unavailable (no keys could be had: answer 503 or 500), asio::error::operation_aborted.
///   Never completes inline (the result is posted through the handler's associated executor, even when the
///   keys are cached). Per-operation cancellation (terminal, partial, total) applies while it waits for
///   the keys; the shared fetch goes on for the others. Error messages and diagnostics never hold the token.
/// - Keys: fetched on first use over gchat's transport, one fetch in flight however many verifies wait; kept
///   for their `Cache-Control: max-age`; a verify within refresh_ahead of their expiry refreshes them in the
///   background (there is no standing timer: an idle verifier keeps nothing pending, and io_context::run()
///   returns); a token with an unknown `kid` refetches them once unless they were fetched less than
///   unknown_kid_refetch_interval ago; a failed fetch leaves the cached keys in use until they expire.
/// - Verified tokens are remembered (verifier_options::verified_cache_size; see detail/verified_cache.hpp
///   for why that is safe): a repeated token costs a lookup, not an RSA verification.
/// - Not thread-safe: use it (and emit cancellations) on its executor, or a strand. close() (or the
///   destructor) fails the verifies waiting for keys with operation_aborted and cancels the fetch.
template <class Executor = asio::any_io_executor>
class basic_verifier {
    using state_type = detail::verifier_state<Executor>;

  public:
    using executor_type = Executor;

    basic_verifier(Executor ex, verifier_options opts)
        : state_(std::make_shared<state_type>(std::move(ex), std::move(opts))) {}

    basic_verifier(const basic_verifier&) = delete;
    basic_verifier& operator=(const basic_verifier&) = delete;
    basic_verifier(basic_verifier&&) noexcept = default;
    basic_verifier& operator=(basic_verifier&& other) noexcept {
        if (this != &other) {
            if (state_) state_->close();
            state_ = std::move(other.state_);
        }
        return *this;
    }

    ~basic_verifier() {
        if (state_) state_->close();
    }

    executor_type get_executor() const noexcept { return state_->ex; }

    const verifier_options& options() const noexcept { return state_->opts; }

    /// Verifies `token` (the bearer token alone, without "Bearer "; copied before this returns).
    /// Completes with `void(boost::system::error_code, verified_token)`.
    template <class CompletionToken = asio::deferred_t>
    auto async_verify(std::string_view token, CompletionToken&& completion = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, verified_token)>(
            initiation<true>{state_}, completion, std::string(token),
            static_cast<gchat::diagnostics*>(nullptr));
    }

    /// As above; `diag.client_message` says why a verify failed (never the token), e.g. the HTTP status of a
    /// failed key fetch. `diag` must live until completion.
    template <class CompletionToken = asio::deferred_t>
    auto async_verify(std::string_view token, gchat::diagnostics& diag, CompletionToken&& completion = {}) {
        diag.clear();
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, verified_token)>(
            initiation<true>{state_}, completion, std::string(token), &diag);
    }

    /// As async_verify, for a caller that needs the verdict and not the claims: completes with
    /// `void(boost::system::error_code)`, with the same errors. A remembered token then costs no copy of
    /// its claims (five strings, so five allocations per event in the event server, which checks this way).
    template <class CompletionToken = asio::deferred_t>
    auto async_check(std::string_view token, CompletionToken&& completion = {}) {
        return asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            initiation<false>{state_}, completion, std::string(token),
            static_cast<gchat::diagnostics*>(nullptr));
    }

    /// As above, with diagnostics (see async_verify).
    template <class CompletionToken = asio::deferred_t>
    auto async_check(std::string_view token, gchat::diagnostics& diag, CompletionToken&& completion = {}) {
        diag.clear();
        return asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
            initiation<false>{state_}, completion, std::string(token), &diag);
    }

    /// Verifies the token of an `Authorization` header value ("Bearer <token>"; empty if the request had
    /// none): errc::missing_token or errc::not_bearer first (see bearer_token()), then as async_verify.
    template <class CompletionToken = asio::deferred_t>
    auto async_verify_authorization(std::string_view authorization, CompletionToken&& completion = {}) {
        auto tok = bearer_token(authorization);
        return asio::async_initiate<CompletionToken, void(boost::system::error_code, verified_token)>(
            initiation<true>{state_}, completion, tok ? std::string(*tok) : std::string(),
            static_cast<gchat::diagnostics*>(nullptr), tok ? boost::system::error_code() : tok.error());
    }

    /// Fails the verifies waiting for keys with operation_aborted, cancels a fetch in flight, closes the
    /// connection. Later verifies fail with operation_aborted.
    void close() { state_->close(); }

    struct statistics {
        std::uint64_t fetches = 0;        ///< Key-set fetches started.
        std::uint64_t fetch_failures = 0; ///< Of which failed (network, HTTP status, unusable document).
        std::uint64_t cache_hits = 0;     ///< Verifies answered from the verified-token memory.
        std::size_t keys = 0;             ///< Keys in the current set.
        std::size_t waiting = 0;          ///< Verifies waiting for a fetch.
        bool fetching = false;            ///< A fetch is in flight.
    };

    statistics stats() const noexcept {
        statistics s;
        s.fetches = state_->fetches;
        s.fetch_failures = state_->fetch_failures;
        s.cache_hits = state_->cache_hits;
        s.keys = state_->keys.keys.size();
        s.waiting = state_->waiters.size();
        s.fetching = state_->fetching;
        return s;
    }

  private:
    template <bool WithClaims>
    struct initiation {
        std::shared_ptr<state_type> state;

        template <class Handler>
        void operator()(Handler&& handler, std::string token, gchat::diagnostics* diag,
                        boost::system::error_code early = {}) const {
            using op_type = detail::verify_op_impl<Executor, std::decay_t<Handler>, WithClaims>;
            auto op = std::make_shared<op_type>(std::forward<Handler>(handler), state->ex);
            op->token = std::move(token);
            op->diag = diag;
            if (early) return state_type::fail(op, early);
            op->connect_cancellation(state, op);
            state->start(std::move(op));
        }
    };

    std::shared_ptr<state_type> state_;
};

using verifier = basic_verifier<>;

} // namespace gchat::server

#endif
