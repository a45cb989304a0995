// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_DETAIL_EVENT_SENDER_HPP
#define GCHAT_TESTING_DETAIL_EVENT_SENDER_HPP

// The exchange behind emulator::async_send_event(): one POST of an interaction event to an app, over a
// fresh connection (TCP or TLS), with a deadline over the whole exchange.

#include <gchat/config.hpp>
#include <gchat/error.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/model/message.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/send_event.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

GCHAT_COROUTINES_BEGIN // see config.hpp

namespace gchat::testing::detail {

/// An app URL taken apart: `http[s]://host[:port][/path][?query]`.
struct app_url {
    bool tls = false;
    std::string host;        ///< Without the brackets of an IPv6 literal.
    std::string port;        ///< Explicit or the scheme's default.
    std::string host_header; ///< As written in the URL (brackets and explicit port kept).
    std::string target;      ///< Path and query; "/" if the URL has none.
};

inline std::optional<app_url> parse_app_url(std::string_view url) {
    app_url out;
    if (url.substr(0, 8) == "https://") {
        out.tls = true;
        url.remove_prefix(8);
    } else if (url.substr(0, 7) == "http://") {
        url.remove_prefix(7);
    } else {
        return std::nullopt;
    }
    auto end = url.find_first_of("/?#");
    auto authority = url.substr(0, end);
    auto rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
    rest = rest.substr(0, rest.find('#'));
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    out.host_header = std::string(authority);
    std::string_view port;
    if (authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.host = std::string(authority.substr(1, close - 1));
        auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::nullopt;
            port = after.substr(1);
        }
    } else {
        auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (out.host.empty()) return std::nullopt;
    if (port.empty()) {
        out.port = out.tls ? "443" : "80";
    } else {
        if (port.size() > 5) return std::nullopt;
        unsigned p = 0;
        for (char c : port) {
            if (c < '0' || c > '9') return std::nullopt;
            p = p * 10 + static_cast<unsigned>(c - '0');
        }
        if (p == 0 || p > 65535) return std::nullopt;
        out.port = std::string(port);
    }
    out.target = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
    return out;
}

/// What run_send_event() ends with.
struct send_outcome {
    boost::system::error_code ec;
    send_event_result result;
};

/// The I/O objects of one exchange, shared with the deadline's timer handler.
struct send_state {
    asio::ip::tcp::resolver resolver;
    asio::steady_timer timer;
    std::optional<asio::ssl::context> tls;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    bool timed_out = false;

    explicit send_state(const asio::any_io_executor& ex) : resolver(ex), timer(ex) {}

    beast::tcp_stream& lowest() { return plain ? *plain : beast::get_lowest_layer(*secure); }

    void expire() {
        timed_out = true;
        resolver.cancel();
        boost::system::error_code ignored;
        if (plain || secure) lowest().socket().close(ignored);
    }
};

/// The reply as a message, unless it is empty or `{}`.
inline void read_reply_message(send_event_result& r) {
    if (r.status < 200 || r.status > 299) return;
    auto first = r.body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return;
    auto m = gchat::json::parse<gchat::message>(r.body);
    if (!m) {
        r.reply_error = m.error();
        return;
    }
    if (*m == gchat::message{}) return;
    r.message = std::move(*m);
}

/// Sends `body` to `url` with the bearer token `bearer` (no Authorization header if empty). Runs on the
/// executor it is awaited on (the emulator's strand); honours that coroutine's (terminal) cancellation.
/// The error of the exchange goes into the outcome; only a cancellation between two operations throws.
inline asio::awaitable<send_outcome> exchange_event(app_url url, std::string body, std::string bearer,
                                                    send_event_options opts) {
    namespace http = beast::http;
    using asio::ip::tcp;
    constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
    send_outcome out;
    auto ex = co_await asio::this_coro::executor;
    auto st = std::make_shared<send_state>(ex);
    st->timer.expires_after(opts.timeout);
    st->timer.async_wait([w = std::weak_ptr<send_state>(st)](boost::system::error_code ec) {
        if (ec) return;
        if (auto s = w.lock()) s->expire();
    });
    // Maps a failed step to the error reported: the deadline wins over what it caused.
    auto failed = [&](boost::system::error_code ec) {
        if (!ec && !st->timed_out) return false;
        out.ec = st->timed_out || ec == beast::error::timeout ? make_error_code(errc::deadline_exceeded) : ec;
        if (ec == http::error::body_limit) out.ec = make_error_code(errc::body_too_large);
        st->timer.cancel();
        boost::system::error_code ignored;
        if (st->plain || st->secure) st->lowest().socket().close(ignored);
        return true;
    };

    if (url.tls) {
        st->tls.emplace(asio::ssl::context::tls_client);
        boost::system::error_code ec;
        if (opts.verify_peer) {
            if (opts.ca_pem.empty())
                st->tls->set_default_verify_paths(ec);
            else
                st->tls->add_certificate_authority(asio::buffer(opts.ca_pem), ec);
            if (!ec) st->tls->set_verify_mode(asio::ssl::verify_peer, ec);
        } else {
            st->tls->set_verify_mode(asio::ssl::verify_none, ec);
        }
        if (failed(ec)) co_return out;
        st->secure.emplace(ex, *st->tls);
        if (opts.verify_peer) st->secure->set_verify_callback(asio::ssl::host_name_verification(url.host));
        boost::system::error_code not_ip;
        asio::ip::make_address(url.host, not_ip);
        if (not_ip) SSL_set_tlsext_host_name(st->secure->native_handle(), url.host.c_str());
    } else {
        st->plain.emplace(ex);
    }

    // Resolve (an IP literal needs no resolver), then connect.
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(url.host, ec);
    if (!ec) {
        auto port = static_cast<unsigned short>(std::stoul(url.port));
        auto [cec] = co_await st->lowest().async_connect(tcp::endpoint(addr, port), tuple);
        if (failed(cec)) co_return out;
    } else {
        auto [rec, results] = co_await st->resolver.async_resolve(url.host, url.port, tuple);
        if (failed(rec)) co_return out;
        auto [cec, ep] = co_await st->lowest().async_connect(results, tuple);
        if (failed(cec)) co_return out;
    }
    if (st->secure) {
        auto [hec] = co_await st->secure->async_handshake(asio::ssl::stream_base::client, tuple);
        if (failed(hec)) co_return out;
    }

    http::request<http::string_body> req{http::verb::post, url.target, 11};
    req.set(http::field::host, url.host_header);
    req.set(http::field::user_agent, "Google-Dynamite");
    req.set(http::field::content_type, "application/json");
    if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
    for (auto& [k, v] : opts.headers)
        req.set(k, v);
    req.keep_alive(false);
    req.body() = std::move(body);
    req.prepare_payload();

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(opts.reply_limit);
    if (st->secure) {
        auto [wec, wn] = co_await http::async_write(*st->secure, req, tuple);
        if (failed(wec)) co_return out;
        auto [rec, rn] = co_await http::async_read(*st->secure, buffer, parser, tuple);
        if (failed(rec)) co_return out;
    } else {
        auto [wec, wn] = co_await http::async_write(*st->plain, req, tuple);
        if (failed(wec)) co_return out;
        auto [rec, rn] = co_await http::async_read(*st->plain, buffer, parser, tuple);
        if (failed(rec)) co_return out;
    }
    st->timer.cancel();
    boost::system::error_code ignored;
    st->lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    st->lowest().socket().close(ignored);

    auto& res = parser.get();
    out.result.status = res.result_int();
    auto ct = res[http::field::content_type];
    out.result.content_type = std::string(ct.data(), ct.size());
    out.result.body = std::move(res.body());
    read_reply_message(out.result);
    co_return out;
}

/// Sets (or, for an empty token, removes) `authorizationEventObject.systemIdToken` in the add-on event
/// `body`: errc::invalid_argument if the body is not a JSON object.
inline boost::system::error_code put_system_id_token(std::string& body, const std::string& token) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return make_error_code(errc::invalid_argument);
    auto& root = v.as_object();
    auto& auth = root["authorizationEventObject"];
    if (!auth.is_object()) auth = boost::json::object();
    if (token.empty())
        auth.as_object().erase("systemIdToken");
    else
        auth.as_object()["systemIdToken"] = token;
    body = boost::json::serialize(v);
    return {};
}

/// exchange_event() with its bearer token signed by `key` (unless overridden), and a cancellation that
/// lands between two operations reported as operation_aborted.
inline asio::awaitable<send_outcome> run_send_event(std::shared_ptr<const chat_signing_key> key,
                                                    std::string url, std::string body,
                                                    send_event_options opts) {
    send_outcome out;
    auto u = parse_app_url(url);
    if (!u) {
        out.ec = make_error_code(errc::invalid_url);
        co_return out;
    }
    const bool add_on = opts.audience == token_audience::add_on;
    std::string bearer;
    if (!opts.bearer_override || add_on) {
        chat_token_params p;
        p.audience = opts.audience;
        if (opts.audience == token_audience::project_number)
            p.aud = opts.project_number;
        else
            p.aud = opts.audience_url.empty() ? url : opts.audience_url;
        p.email = opts.add_on_service_account;
        p.issued_at = opts.issued_at.value_or(std::chrono::system_clock::now());
        p.lifetime = opts.token_lifetime;
        auto t = sign_chat_token(*key, p);
        if (!t) {
            out.ec = t.error();
            co_return out;
        }
        bearer = std::move(*t);
    }
    if (add_on) {
        if (auto ec = put_system_id_token(body, opts.system_id_token_override.value_or(bearer))) {
            out.ec = ec;
            co_return out;
        }
    }
    if (opts.bearer_override) bearer = *opts.bearer_override;
    try {
        co_return co_await exchange_event(std::move(*u), std::move(body), std::move(bearer), std::move(opts));
    } catch (const boost::system::system_error& e) {
        out.ec = e.code();
    }
    co_return out;
}

} // namespace gchat::testing::detail

GCHAT_COROUTINES_END

#endif
