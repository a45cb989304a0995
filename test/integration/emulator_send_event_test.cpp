// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The emulator playing Google Chat's side: signed interaction events POSTed to a small Beast app server
// over loopback (TCP and TLS), the key sets it serves for verifiers, deadlines and cancellation.

#include <gchat/auth/jwt.hpp>
#include <gchat/event/parse.hpp>
#include <gchat/testing/certificate.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/emulator.hpp>

#include "../unit/test_data.hpp"
#include "http_test_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using gchat::test::http_test_client;
using gchat::test::read_data;
using gchat::testing::send_event_options;
using gchat::testing::send_event_result;
using gchat::testing::token_audience;

namespace {

using outcome = std::tuple<boost::system::error_code, send_event_result>;

// A completion handler that fulfils `p` (asio::as_tuple(asio::use_future) needs a newer Asio).
auto completer(std::shared_ptr<std::promise<outcome>> p) {
    return [p](boost::system::error_code ec, send_event_result r) { p->set_value({ec, std::move(r)}); };
}

// One RSA key for the whole suite: generating one takes up to a second.
std::shared_ptr<const gchat::testing::chat_signing_key> suite_key() {
    static auto key = [] {
        auto k = gchat::testing::make_chat_signing_key();
        BOOST_TEST_REQUIRE(k.has_value());
        return std::make_shared<const gchat::testing::chat_signing_key>(std::move(*k));
    }();
    return key;
}

// What the app server saw of one request.
struct recorded_request {
    std::string method, target, content_type, authorization, user_agent, host, body;
};

// A tiny Chat app endpoint: records each request and answers `status` with `reply`, or (stall) never answers.
struct app_state {
    asio::ip::tcp::acceptor acceptor;
    std::shared_ptr<asio::ssl::context> tls;
    unsigned status = 200;
    std::string reply;
    bool stall = false;
    std::vector<recorded_request> requests;
    std::promise<void> first_request;
    bool signalled = false;

    explicit app_state(asio::io_context& ioc) : acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0}) {}
};

template <class Stream>
asio::awaitable<void> app_session(std::shared_ptr<app_state> app, Stream stream) {
    constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
        auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, tuple);
        if (hec) co_return;
    }
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    auto [rec, rn] = co_await http::async_read(stream, buffer, req, tuple);
    if (rec) co_return;
    app->requests.push_back(
        {std::string(req.method_string()), std::string(req.target()),
         std::string(req[http::field::content_type]), std::string(req[http::field::authorization]),
         std::string(req[http::field::user_agent]), std::string(req[http::field::host]), req.body()});
    if (!app->signalled) {
        app->signalled = true;
        app->first_request.set_value();
    }
    if (app->stall) {
        asio::steady_timer t(stream.get_executor(), std::chrono::minutes(5));
        co_await t.async_wait(tuple);
        co_return;
    }
    http::response<http::string_body> res{static_cast<http::status>(app->status), 11};
    res.set(http::field::content_type, "application/json");
    res.body() = app->reply;
    res.keep_alive(false);
    res.prepare_payload();
    co_await http::async_write(stream, res, tuple);
}

asio::awaitable<void> app_accept_loop(std::shared_ptr<app_state> app) {
    for (;;) {
        auto [ec, sock] = co_await app->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        auto ex = app->acceptor.get_executor();
        if (app->tls)
            asio::co_spawn(ex,
                           app_session(app, beast::ssl_stream<beast::tcp_stream>(std::move(sock), *app->tls)),
                           asio::detached);
        else
            asio::co_spawn(ex, app_session(app, beast::tcp_stream(std::move(sock))), asio::detached);
    }
}

struct send_fixture {
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    gchat::testing::emulator emu;
    std::shared_ptr<app_state> app;
    std::thread runner;

    explicit send_fixture(bool tls = false)
        : emu(ioc.get_executor(),
              [] {
                  gchat::testing::emulator_options o;
                  o.chat_key = suite_key();
                  o.key_cache_max_age = std::chrono::seconds(120);
                  return o;
              }()),
          app(std::make_shared<app_state>(ioc)) {
        app->reply = read_data("replies/chat_app/new_message.json");
        if (tls) {
            auto cert = gchat::testing::make_self_signed_certificate();
            BOOST_TEST_REQUIRE(cert.has_value());
            app_cert_pem = cert->certificate_pem;
            app->tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
            app->tls->use_certificate_chain(asio::buffer(cert->certificate_pem));
            app->tls->use_private_key(asio::buffer(cert->private_key_pem), asio::ssl::context::pem);
        }
        asio::co_spawn(ioc, app_accept_loop(app), asio::detached);
        runner = std::thread([this] { ioc.run(); });
        emu.async_start(asio::use_future).get();
    }
    ~send_fixture() {
        try {
            emu.async_stop(asio::use_future).get();
        } catch (...) {
        }
        work.reset();
        ioc.stop();
        runner.join();
    }

    std::string app_url() const {
        return std::string(app->tls ? "https" : "http") +
               "://127.0.0.1:" + std::to_string(app->acceptor.local_endpoint().port()) + "/chat/events?v=1";
    }

    std::tuple<boost::system::error_code, send_event_result> send_json(std::string url, std::string body,
                                                                       send_event_options opts = {}) {
        auto p = std::make_shared<std::promise<outcome>>();
        emu.async_send_event_json(std::move(url), std::move(body), std::move(opts), completer(p));
        return p->get_future().get();
    }

    std::tuple<boost::system::error_code, send_event_result> send(const gchat::event& ev,
                                                                  send_event_options opts = {}) {
        auto p = std::make_shared<std::promise<outcome>>();
        emu.async_send_event(app_url(), ev, std::move(opts), completer(p));
        return p->get_future().get();
    }

    // The bearer token of the only request the app received.
    gchat::auth::jwt received_token() {
        BOOST_TEST_REQUIRE(app->requests.size() == 1u);
        const auto& auth = app->requests[0].authorization;
        BOOST_TEST_REQUIRE(auth.substr(0, 7) == "Bearer ");
        auto t = gchat::auth::jwt_decode(auth.substr(7));
        BOOST_TEST_REQUIRE(t.has_value());
        return *t;
    }

    // GET a key-set URL from the emulator with no bearer token.
    gchat::test::http_reply fetch(std::string_view path) {
        http_test_client c(emu.endpoint());
        c.token = "";
        return c.get(path);
    }

    std::string app_cert_pem;
};

gchat::event fixture_event() {
    auto ev = gchat::parse_event(read_data("events/message_mention.json"));
    BOOST_TEST_REQUIRE(ev.has_value());
    return *ev;
}

std::string str_claim(const json::object& o, std::string_view name) {
    auto* v = o.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string("<absent>");
}

std::int64_t int_claim(const json::object& o, std::string_view name) {
    auto* v = o.if_contains(name);
    return v && v->is_int64() ? v->as_int64() : -1;
}

// An RSA public key PEM from a JWK's n and e (OpenSSL 3 EVP_PKEY_fromdata).
std::string pem_from_jwk(const std::string& n64, const std::string& e64) {
    auto n = gchat::auth::base64url_decode(n64);
    auto e = gchat::auth::base64url_decode(e64);
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST_REQUIRE(e.has_value());
    BIGNUM* bn_n =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
    BIGNUM* bn_e =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY* key = nullptr;
    bool ok = ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
              EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
    std::string pem;
    if (ok) {
        BIO* b = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(b, key);
        char* p = nullptr;
        long len = BIO_get_mem_data(b, &p);
        pem.assign(p, static_cast<std::size_t>(len));
        BIO_free(b);
    }
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    BOOST_TEST_REQUIRE(ok);
    return pem;
}

} // namespace

BOOST_AUTO_TEST_SUITE(emulator_send_event)

BOOST_AUTO_TEST_CASE(event_is_posted_as_json_to_the_url_path) {
    send_fixture f;
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(f.app->requests.size() == 1u);
    const auto& req = f.app->requests[0];
    BOOST_TEST(req.method == "POST");
    BOOST_TEST(req.target == "/chat/events?v=1");
    BOOST_TEST(req.content_type == "application/json");
    BOOST_TEST(req.user_agent == "Google-Dynamite");
    BOOST_TEST(req.host == "127.0.0.1:" + std::to_string(f.app->acceptor.local_endpoint().port()));
}

BOOST_AUTO_TEST_CASE(posted_body_parses_back_as_the_event) {
    send_fixture f;
    auto ev = fixture_event();
    auto [ec, r] = f.send(ev);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(f.app->requests.size() == 1u);
    auto back = gchat::parse_event(f.app->requests[0].body);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == ev));
    BOOST_TEST(back->message->text.value() == "@TestBot Create ticket.");
}

BOOST_AUTO_TEST_CASE(raw_json_body_is_posted_unchanged) {
    send_fixture f;
    auto body = read_data("events/addon_message.json");
    auto [ec, r] = f.send_json(f.app_url(), body);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(f.app->requests.size() == 1u);
    BOOST_TEST(f.app->requests[0].body == body);
}

BOOST_AUTO_TEST_CASE(project_number_token_verifies_against_the_served_x509_certificate) {
    send_fixture f;
    send_event_options o;
    o.audience = token_audience::project_number;
    o.project_number = "123456789012";
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    auto t = f.received_token();
    auto kid = str_claim(t.header, "kid");
    BOOST_TEST(kid == f.emu.chat_key()->kid);
    auto certs = f.fetch(gchat::testing::chat_x509_path);
    BOOST_TEST_REQUIRE(certs.status == 200u);
    auto pem = str_claim(certs.json().as_object(), kid);
    BOOST_TEST(pem.find("-----BEGIN CERTIFICATE-----") == 0u);
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(t, pem));
}

BOOST_AUTO_TEST_CASE(project_number_token_claims) {
    send_fixture f;
    send_event_options o;
    o.audience = token_audience::project_number;
    o.project_number = "123456789012";
    auto before =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    auto t = f.received_token();
    BOOST_TEST(str_claim(t.header, "alg") == "RS256");
    BOOST_TEST(str_claim(t.claims, "iss") == "chat@system.gserviceaccount.com");
    BOOST_TEST(str_claim(t.claims, "aud") == "123456789012");
    auto iat = int_claim(t.claims, "iat");
    BOOST_TEST(iat >= before - 1);
    BOOST_TEST(iat <= before + 60);
    BOOST_TEST(int_claim(t.claims, "exp") == iat + 3600);
    BOOST_TEST(!t.claims.contains("email"));
}

BOOST_AUTO_TEST_CASE(endpoint_url_token_carries_id_token_claims) {
    send_fixture f;
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    auto t = f.received_token();
    BOOST_TEST(str_claim(t.claims, "iss") == "https://accounts.google.com");
    BOOST_TEST(str_claim(t.claims, "aud") == f.app_url());
    BOOST_TEST(str_claim(t.claims, "email") == "chat@system.gserviceaccount.com");
    BOOST_TEST(t.claims.at("email_verified").as_bool() == true);
    BOOST_TEST(str_claim(t.claims, "sub") == std::string(gchat::testing::chat_service_account_id));
    BOOST_TEST(int_claim(t.claims, "exp") == int_claim(t.claims, "iat") + 3600);
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(t, f.emu.chat_key()->public_key_pem));
}

BOOST_AUTO_TEST_CASE(endpoint_url_audience_can_be_configured) {
    send_fixture f;
    send_event_options o;
    o.audience_url = "https://bot.example.com/events";
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    BOOST_TEST(str_claim(f.received_token().claims, "aud") == "https://bot.example.com/events");
}

BOOST_AUTO_TEST_CASE(token_issue_time_and_lifetime_can_be_set) {
    send_fixture f;
    send_event_options o;
    o.issued_at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    o.token_lifetime = std::chrono::seconds(60);
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    auto t = f.received_token();
    BOOST_TEST(int_claim(t.claims, "iat") == 1700000000);
    BOOST_TEST(int_claim(t.claims, "exp") == 1700000060);
}

BOOST_AUTO_TEST_CASE(token_verifies_against_the_served_jwk) {
    send_fixture f;
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    auto t = f.received_token();
    auto jwks = f.fetch(gchat::testing::google_jwks_path);
    BOOST_TEST_REQUIRE(jwks.status == 200u);
    auto doc = jwks.json();
    const auto& keys = doc.at("keys").as_array();
    BOOST_TEST_REQUIRE(keys.size() == 1u);
    const auto& k = keys[0].as_object();
    BOOST_TEST(str_claim(k, "kty") == "RSA");
    BOOST_TEST(str_claim(k, "alg") == "RS256");
    BOOST_TEST(str_claim(k, "use") == "sig");
    BOOST_TEST(str_claim(k, "kid") == str_claim(t.header, "kid"));
    BOOST_TEST(str_claim(k, "e") == "AQAB");
    auto pem = pem_from_jwk(str_claim(k, "n"), str_claim(k, "e"));
    BOOST_TEST(pem == f.emu.chat_key()->public_key_pem);
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(t, pem));
}

BOOST_AUTO_TEST_CASE(key_sets_are_served_without_a_bearer_token_with_cache_control) {
    send_fixture f;
    auto certs = f.fetch(gchat::testing::chat_x509_path);
    auto jwks = f.fetch(gchat::testing::google_jwks_path);
    BOOST_TEST(certs.status == 200u);
    BOOST_TEST(jwks.status == 200u);
    BOOST_TEST(certs.header("cache-control").find("max-age=120") != std::string::npos);
    BOOST_TEST(jwks.header("cache-control").find("max-age=120") != std::string::npos);
    BOOST_TEST(gchat::testing::chat_state::route_of("GET", gchat::testing::chat_x509_path) == "keys.x509");
    BOOST_TEST(gchat::testing::chat_state::route_of("GET", gchat::testing::google_jwks_path) == "keys.jwks");
}

BOOST_AUTO_TEST_CASE(key_set_fetches_are_subject_to_fault_rules) {
    send_fixture f;
    asio::post(f.ioc, asio::use_future([&f] {
                   f.emu.set_faults({gchat::testing::fault_rule{
                       "keys.*", {gchat::testing::fault{gchat::testing::fault_kind::http_503}}}});
               }))
        .get();
    BOOST_TEST(f.fetch(gchat::testing::google_jwks_path).status == 503u);
    BOOST_TEST(f.fetch(gchat::testing::google_jwks_path).status == 200u);
}

BOOST_AUTO_TEST_CASE(served_certificate_holds_the_signing_key) {
    send_fixture f;
    auto key = f.emu.chat_key();
    auto token =
        gchat::testing::sign_chat_token(*key, {token_audience::project_number, "42",
                                               std::chrono::system_clock::now(), std::chrono::seconds(60)});
    BOOST_TEST_REQUIRE(token.has_value());
    auto t = gchat::auth::jwt_decode(*token);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(!gchat::auth::jwt_verify_rs256(*t, key->certificate_pem));
    auto again = gchat::testing::make_chat_signing_key(key->private_key_pem);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(again->kid == key->kid);
    BOOST_TEST(again->n == key->n);
}

BOOST_AUTO_TEST_CASE(reply_is_parsed_as_a_message) {
    send_fixture f;
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.content_type == "application/json");
    BOOST_TEST(r.body == read_data("replies/chat_app/new_message.json"));
    BOOST_TEST(!r.reply_error);
    BOOST_TEST_REQUIRE(r.message.has_value());
    BOOST_TEST(r.message->text.value() == "Ticket #12345 created.");
    BOOST_TEST(r.message->cards_v2.size() == 1u);
    BOOST_TEST((r.message->action_response.value().type.value() == gchat::action_response_type::new_message));
}

BOOST_AUTO_TEST_CASE(empty_object_reply_is_no_message) {
    send_fixture f;
    f.app->reply = read_data("send_event/app_empty_reply.json");
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(!r.message.has_value());
    BOOST_TEST(!r.reply_error);
}

BOOST_AUTO_TEST_CASE(empty_reply_body_is_no_message) {
    send_fixture f;
    f.app->reply = "";
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.empty());
    BOOST_TEST(!r.message.has_value());
}

BOOST_AUTO_TEST_CASE(non_2xx_status_is_reported_in_the_result) {
    send_fixture f;
    f.app->status = 401;
    f.app->reply = read_data("send_event/app_unauthorized.json");
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 401u);
    BOOST_TEST(r.body == read_data("send_event/app_unauthorized.json"));
    BOOST_TEST(!r.message.has_value());
}

BOOST_AUTO_TEST_CASE(bearer_override_replaces_the_signed_token) {
    send_fixture f;
    send_event_options o;
    o.bearer_override = "not-a-jwt";
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(f.app->requests.size() == 1u);
    BOOST_TEST(f.app->requests[0].authorization == "Bearer not-a-jwt");
}

BOOST_AUTO_TEST_CASE(empty_bearer_override_sends_no_authorization) {
    send_fixture f;
    send_event_options o;
    o.bearer_override = "";
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(f.app->requests.size() == 1u);
    BOOST_TEST(f.app->requests[0].authorization.empty());
}

BOOST_AUTO_TEST_CASE(project_number_mode_without_a_number_is_invalid_argument) {
    send_fixture f;
    send_event_options o;
    o.audience = token_audience::project_number;
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST((ec == gchat::errc::invalid_argument));
    BOOST_TEST(f.app->requests.empty());
}

BOOST_AUTO_TEST_CASE(malformed_url_is_invalid_url) {
    send_fixture f;
    auto [ec, r] = f.send_json("ftp://127.0.0.1/events", "{}");
    BOOST_TEST((ec == gchat::errc::invalid_url));
    auto [ec2, r2] = f.send_json("http://127.0.0.1:99999/events", "{}");
    BOOST_TEST((ec2 == gchat::errc::invalid_url));
}

BOOST_AUTO_TEST_CASE(unreachable_app_is_an_error_code) {
    send_fixture f;
    std::uint16_t port;
    {
        asio::ip::tcp::acceptor a(f.ioc, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    auto [ec, r] = f.send_json("http://127.0.0.1:" + std::to_string(port) + "/", "{}");
    BOOST_TEST((ec == asio::error::connection_refused));
    BOOST_TEST(r.status == 0u);
}

BOOST_AUTO_TEST_CASE(stalled_app_hits_the_deadline) {
    send_fixture f;
    f.app->stall = true;
    send_event_options o;
    o.timeout = std::chrono::milliseconds(300);
    auto started = std::chrono::steady_clock::now();
    auto [ec, r] = f.send(fixture_event(), o);
    auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST((ec == gchat::errc::deadline_exceeded));
    BOOST_TEST(took >= std::chrono::milliseconds(250));
    BOOST_TEST(took < std::chrono::seconds(10));
}

BOOST_AUTO_TEST_CASE(terminal_cancellation_aborts_the_send) {
    send_fixture f;
    f.app->stall = true;
    auto arrived = f.app->first_request.get_future();
    asio::cancellation_signal sig;
    auto p = std::make_shared<std::promise<outcome>>();
    auto fut = p->get_future();
    f.emu.async_send_event(f.app_url(), fixture_event(),
                           asio::bind_cancellation_slot(sig.slot(), completer(p)));
    BOOST_TEST_REQUIRE((arrived.wait_for(std::chrono::seconds(20)) == std::future_status::ready));
    asio::post(f.ioc, [&sig] { sig.emit(asio::cancellation_type::terminal); });
    BOOST_TEST_REQUIRE((fut.wait_for(std::chrono::seconds(20)) == std::future_status::ready));
    auto [ec, r] = fut.get();
    BOOST_TEST((ec == asio::error::operation_aborted));
}

BOOST_AUTO_TEST_CASE(never_completes_inline) {
    send_fixture f;
    std::promise<boost::system::error_code> done;
    std::atomic<bool> completed{false}; // outlives the handler, which runs after the lambda returns
    bool inline_completion =
        asio::post(f.ioc, asio::use_future([&] {
                       f.emu.async_send_event_json("bad-url", "{}",
                                                   [&](boost::system::error_code ec, send_event_result) {
                                                       completed = true;
                                                       done.set_value(ec);
                                                   });
                       return completed.load();
                   }))
            .get();
    BOOST_TEST(!inline_completion);
    BOOST_TEST((done.get_future().get() == gchat::errc::invalid_url));
}

BOOST_AUTO_TEST_CASE(default_token_is_awaitable) {
    send_fixture f;
    auto status = asio::co_spawn(
                      f.ioc,
                      [&f]() -> asio::awaitable<unsigned> {
                          send_event_result r = co_await f.emu.async_send_event(f.app_url(), fixture_event());
                          co_return r.status;
                      },
                      asio::use_future)
                      .get();
    BOOST_TEST(status == 200u);
}

BOOST_AUTO_TEST_CASE(as_tuple_deferred_is_awaitable) {
    send_fixture f;
    auto [ec, status] = asio::co_spawn(
                            f.ioc,
                            [&f]() -> asio::awaitable<std::pair<boost::system::error_code, unsigned>> {
                                auto [e, r] = co_await f.emu.async_send_event_json(
                                    "http://127.0.0.1:1/", "{}", asio::as_tuple(asio::deferred));
                                co_return std::make_pair(e, r.status);
                            },
                            asio::use_future)
                            .get();
    BOOST_TEST((ec == asio::error::connection_refused));
    BOOST_TEST(status == 0u);
}

BOOST_AUTO_TEST_CASE(handler_runs_on_its_associated_executor) {
    send_fixture f;
    asio::io_context other;
    std::promise<bool> on_other;
    f.emu.async_send_event(f.app_url(), fixture_event(),
                           asio::bind_executor(other, [&](boost::system::error_code, send_event_result r) {
                               on_other.set_value(other.get_executor().running_in_this_thread() &&
                                                  r.status == 200);
                           }));
    other.run(); // returns only after the handler ran: the send keeps `other` busy until then
    auto fut = on_other.get_future();
    BOOST_TEST_REQUIRE((fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready));
    BOOST_TEST(fut.get());
}

BOOST_AUTO_TEST_CASE(https_app_is_reached_with_its_ca) {
    send_fixture f(true);
    send_event_options o;
    o.ca_pem = f.app_cert_pem;
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.message.has_value());
    BOOST_TEST(str_claim(f.received_token().claims, "aud") == f.app_url());
}

BOOST_AUTO_TEST_CASE(https_app_with_an_untrusted_certificate_is_an_error) {
    send_fixture f(true);
    auto [ec, r] = f.send(fixture_event());
    BOOST_TEST(!!ec);
    BOOST_TEST(f.app->requests.empty());
}

BOOST_AUTO_TEST_CASE(https_without_peer_verification_is_accepted) {
    send_fixture f(true);
    send_event_options o;
    o.verify_peer = false;
    auto [ec, r] = f.send(fixture_event(), o);
    BOOST_TEST(!ec);
    BOOST_TEST(r.status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
