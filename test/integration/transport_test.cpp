// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// gchat::detail::basic_transport over loopback: against the emulator (plain and TLS) and against tiny
// servers written here (header checks, a server that never answers). The io_context runs on the test
// thread, so the transport (not thread-safe) and the servers share it.

#include <gchat/detail/transport.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::detail::api_request;
using gchat::detail::api_response;
using gchat::detail::transport;
using gchat::detail::transport_options;
using gchat::testing::fault;
using gchat::testing::fault_kind;
using gchat::testing::fault_rule;
using clock_type = std::chrono::steady_clock;

namespace {

const auto far_deadline = clock_type::now() + 1h;

/// Runs `ioc` on this thread until `done()` or `limit` passes; false on timeout.
template <class Pred>
bool run_until(asio::io_context& ioc, Pred done, std::chrono::milliseconds limit = 20s) {
    auto end = clock_type::now() + limit;
    while (!done()) {
        if (clock_type::now() >= end) return false;
        if (ioc.stopped()) ioc.restart();
        ioc.run_one_for(10ms);
    }
    return true;
}

/// Runs `ioc` for `d`, whatever happens.
void run_for(asio::io_context& ioc, std::chrono::milliseconds d) {
    auto end = clock_type::now() + d;
    while (clock_type::now() < end) {
        if (ioc.stopped()) ioc.restart();
        ioc.run_one_until(end);
    }
}

struct outcome {
    error_code ec;
    api_response res;
};

api_request get(std::string target) {
    api_request r;
    r.method = http::verb::get;
    r.target = std::move(target);
    r.idempotent = true;
    return r;
}

api_request post(std::string target, std::string body, bool idempotent = false) {
    api_request r;
    r.method = http::verb::post;
    r.target = std::move(target);
    r.body = std::move(body);
    r.content_type = "application/json; charset=utf-8";
    r.idempotent = idempotent;
    return r;
}

/// Sends and runs the io_context until the operation completes.
outcome send(asio::io_context& ioc, transport& t, const api_request& req,
             clock_type::time_point deadline = far_deadline, std::string_view bearer = "test-token") {
    std::optional<outcome> out;
    t.async_send(req, bearer, deadline, [&](error_code ec, api_response res) {
        out = outcome{ec, std::move(res)};
    });
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return out.has_value(); }));
    return *out;
}

/// The emulator on the test thread's io_context.
struct emulator_env {
    asio::io_context ioc;
    std::optional<gchat::testing::emulator> emu;

    explicit emulator_env(gchat::testing::emulator_options o = {}) {
        emu.emplace(ioc.get_executor(), std::move(o));
        std::optional<error_code> started;
        emu->async_start([&](error_code ec) { started = ec; });
        BOOST_TEST_REQUIRE(run_until(ioc, [&] { return started.has_value(); }));
        BOOST_TEST_REQUIRE(!*started);
    }
    ~emulator_env() {
        bool stopped = false;
        emu->async_stop([&](error_code) { stopped = true; });
        run_until(
            ioc, [&] { return stopped; }, 5s);
    }

    transport_options options() const {
        transport_options o;
        o.endpoint = emu->endpoint();
        return o;
    }
};

/// A tiny HTTP/1.1 server for what the emulator cannot show: it records every request whole and answers
/// as `on_request` says (answer with the response it filled in, stall: never answer, close: drop).
struct tiny_server {
    enum class action { answer, stall, close };
    struct record {
        std::string method, target, body;
        std::map<std::string, std::string> headers; // lower-case names
    };
    struct state {
        std::vector<record> requests;
        int connections = 0;
        std::function<action(const record&, http::response<http::string_body>&)> on_request =
            [](const record&, http::response<http::string_body>& res) {
                res.body() = "ok";
                return action::answer;
            };
    };

    asio::ip::tcp::acceptor acceptor;
    std::shared_ptr<state> st = std::make_shared<state>();

    explicit tiny_server(asio::io_context& ioc)
        : acceptor(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        asio::co_spawn(ioc, accept_loop(st, acceptor), asio::detached);
    }

    std::string endpoint() const {
        return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
    }

    static asio::awaitable<void> accept_loop(std::shared_ptr<state> st, asio::ip::tcp::acceptor& acceptor) {
        for (;;) {
            auto [ec, sock] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            ++st->connections;
            asio::co_spawn(acceptor.get_executor(), session(st, std::move(sock)), asio::detached);
        }
    }

    static asio::awaitable<void> session(std::shared_ptr<state> st, asio::ip::tcp::socket sock) {
        beast::flat_buffer buf;
        bool stalled = false;
        for (;;) {
            http::request<http::string_body> req;
            auto [ec, n] = co_await http::async_read(sock, buf, req, asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            if (stalled) continue; // never answers on this connection again
            record rec;
            rec.method = std::string(req.method_string());
            rec.target = std::string(req.target());
            rec.body = req.body();
            for (const auto& f : req) {
                std::string name(f.name_string());
                for (auto& ch : name)
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                rec.headers[name] = std::string(f.value());
            }
            st->requests.push_back(rec);
            http::response<http::string_body> res{http::status::ok, 11};
            res.set(http::field::content_type, "text/plain");
            auto what = st->on_request(rec, res);
            if (what == action::close) co_return;
            if (what == action::stall) {
                stalled = true;
                continue;
            }
            res.prepare_payload();
            auto [wec, wn] = co_await http::async_write(sock, res, asio::as_tuple(asio::use_awaitable));
            if (wec || !res.keep_alive()) co_return;
        }
    }
};

bool is_tls_error(const error_code& ec) {
    return ec.category() == asio::error::get_ssl_category();
}

std::string json_string(const std::string& body, std::string_view key) {
    auto v = boost::json::parse(body);
    return std::string(v.at(key).as_string());
}

} // namespace

BOOST_AUTO_TEST_SUITE(transport_suite)

BOOST_AUTO_TEST_CASE(post_then_get_round_trip_plain) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    auto created = send(env.ioc, t, post("/v1/spaces/AAA/messages", R"({"text":"hello"})"));
    BOOST_TEST_REQUIRE(!created.ec);
    BOOST_TEST(created.res.status == 200u);
    BOOST_TEST(created.res.content_type.find("application/json") == 0u);
    BOOST_TEST(json_string(created.res.body, "text") == "hello");
    auto got = send(env.ioc, t, get("/v1/" + json_string(created.res.body, "name")));
    BOOST_TEST_REQUIRE(!got.ec);
    BOOST_TEST(got.res.status == 200u);
    BOOST_TEST(json_string(got.res.body, "text") == "hello");
}

BOOST_AUTO_TEST_CASE(http_error_status_is_success_at_this_layer) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    auto r = send(env.ioc, t, get("/v1/spaces/AAA/messages/nope"));
    BOOST_TEST(!r.ec);
    BOOST_TEST(r.res.status == 404u);
    BOOST_TEST(r.res.body.find("NOT_FOUND") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(retry_after_header_is_returned) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"*", {fault{fault_kind::http_429, 0ms, 7s}}}};
    emulator_env env(o);
    transport t(env.ioc.get_executor(), env.options());
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(!r.ec);
    BOOST_TEST(r.res.status == 429u);
    BOOST_TEST(r.res.retry_after == "7");
}

BOOST_AUTO_TEST_CASE(tls_round_trip_with_custom_ca) {
    gchat::testing::emulator_options o;
    o.tls = true;
    emulator_env env(o);
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(env.emu->certificate_pem()));
    auto opts = env.options();
    opts.tls_context = &ctx;
    transport t(env.ioc.get_executor(), opts);
    auto created = send(env.ioc, t, post("/v1/spaces/AAA/messages", R"({"text":"over TLS"})"));
    BOOST_TEST_REQUIRE(!created.ec);
    BOOST_TEST(created.res.status == 200u);
    BOOST_TEST(json_string(created.res.body, "text") == "over TLS");
    auto again = send(env.ioc, t, get("/v1/" + json_string(created.res.body, "name")));
    BOOST_TEST(!again.ec);
    BOOST_TEST(again.res.status == 200u);
    BOOST_TEST(t.stats().opened == 1u); // kept alive over TLS
    BOOST_TEST(t.stats().reused == 1u);
}

BOOST_AUTO_TEST_CASE(tls_wrong_host_name_fails_verification) {
    gchat::testing::emulator_options o;
    o.tls = true;
    o.address = "127.0.0.2"; // the certificate names 127.0.0.1, ::1 and localhost only
    emulator_env env(o);
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(env.emu->certificate_pem()));
    auto opts = env.options();
    opts.tls_context = &ctx;
    transport t(env.ioc.get_executor(), opts);
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(is_tls_error(r.ec), r.ec.message());
    BOOST_TEST(env.emu->counters().requests == 0u);
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(tls_untrusted_certificate_fails) {
    gchat::testing::emulator_options o;
    o.tls = true;
    emulator_env env(o);
    asio::ssl::context other(asio::ssl::context::tls_client);
    other.add_certificate_authority(
        asio::buffer(gchat::testing::make_self_signed_certificate()->certificate_pem));
    auto opts = env.options();
    opts.tls_context = &other;
    transport t(env.ioc.get_executor(), opts);
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(is_tls_error(r.ec), r.ec.message());
    // The default context (system CAs) does not trust it either.
    transport by_default(env.ioc.get_executor(), env.options());
    auto d = send(env.ioc, by_default, get("/v1/spaces/AAA"));
    BOOST_TEST(is_tls_error(d.ec), d.ec.message());
    BOOST_TEST(env.emu->counters().requests == 0u);
}

BOOST_AUTO_TEST_CASE(headers_sent_and_base_path_prefixed) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint() + "/base/";
    transport t(ioc.get_executor(), opts);
    auto r = send(ioc, t, post("/v1/spaces/AAA/messages?x=1", R"({"a":1})"), far_deadline, "s3cret");
    BOOST_TEST_REQUIRE(!r.ec);
    BOOST_TEST(r.res.status == 200u);
    BOOST_TEST(r.res.body == "ok");
    BOOST_TEST_REQUIRE(server.st->requests.size() == 1u);
    auto& rec = server.st->requests[0];
    BOOST_TEST(rec.method == "POST");
    BOOST_TEST(rec.target == "/base/v1/spaces/AAA/messages?x=1");
    BOOST_TEST(rec.body == R"({"a":1})");
    BOOST_TEST(rec.headers["authorization"] == "Bearer s3cret");
    BOOST_TEST(rec.headers["user-agent"] == "gchat/" GCHAT_VERSION_STRING);
    BOOST_TEST(rec.headers["host"] == "127.0.0.1:" + std::to_string(server.acceptor.local_endpoint().port()));
    BOOST_TEST(rec.headers["content-type"] == "application/json; charset=utf-8");
    BOOST_TEST(rec.headers["content-length"] == "7");
}

BOOST_AUTO_TEST_CASE(empty_bearer_sends_no_authorization) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    transport t(ioc.get_executor(), opts);
    auto r = send(ioc, t, get("/v1/spaces"), far_deadline, "");
    BOOST_TEST_REQUIRE(!r.ec);
    BOOST_TEST_REQUIRE(server.st->requests.size() == 1u);
    BOOST_TEST(server.st->requests[0].headers.count("authorization") == 0u);
    BOOST_TEST(server.st->requests[0].headers.count("content-length") == 0u); // a GET with no body
    BOOST_TEST(server.st->requests[0].target == "/v1/spaces");
}

BOOST_AUTO_TEST_CASE(keep_alive_reuses_one_connection) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    for (int i = 0; i < 5; ++i) {
        auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
        BOOST_TEST_REQUIRE(!r.ec);
        BOOST_TEST(r.res.status == 200u);
    }
    BOOST_TEST(env.emu->counters().connections == 1u);
    BOOST_TEST(t.stats().opened == 1u);
    BOOST_TEST(t.stats().reused == 4u);
    BOOST_TEST(t.stats().open == 1u);
    BOOST_TEST(t.stats().idle == 1u);
}

BOOST_AUTO_TEST_CASE(connection_close_response_is_not_reused) {
    asio::io_context ioc;
    tiny_server server(ioc);
    server.st->on_request = [](const tiny_server::record&, http::response<http::string_body>& res) {
        res.keep_alive(false);
        return tiny_server::action::answer;
    };
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    transport t(ioc.get_executor(), opts);
    BOOST_TEST(!send(ioc, t, get("/a")).ec);
    BOOST_TEST(!send(ioc, t, get("/b")).ec);
    BOOST_TEST(server.st->connections == 2);
    BOOST_TEST(t.stats().reused == 0u);
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(max_connections_bounds_200_concurrent_sends) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"*", {}, fault{fault_kind::delay, 2ms}, 1.0}};
    emulator_env env(o);
    auto opts = env.options();
    opts.max_connections = 4;
    transport t(env.ioc.get_executor(), opts);
    int ok = 0, done = 0;
    for (int i = 0; i < 200; ++i) {
        t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline, [&](error_code ec, api_response res) {
            ++done;
            if (!ec && res.status == 200) ++ok;
        });
    }
    BOOST_TEST(t.stats().open == 4u);
    BOOST_TEST(t.stats().queued == 196u);
    BOOST_TEST_REQUIRE(run_until(
        env.ioc, [&] { return done == 200; }, 60s));
    BOOST_TEST(ok == 200);
    BOOST_TEST(env.emu->counters().connections <= 4u);
    BOOST_TEST(env.emu->counters().requests == 200u);
    BOOST_TEST(t.stats().opened <= 4u);
    BOOST_TEST(t.stats().reused == 200u - t.stats().opened);
    BOOST_TEST(t.stats().queued == 0u);
}

BOOST_AUTO_TEST_CASE(max_connections_bounds_concurrent_tls_sends) {
    gchat::testing::emulator_options o;
    o.tls = true;
    emulator_env env(o);
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(env.emu->certificate_pem()));
    auto opts = env.options();
    opts.tls_context = &ctx;
    opts.max_connections = 3;
    transport t(env.ioc.get_executor(), opts);
    int ok = 0, done = 0;
    for (int i = 0; i < 60; ++i) {
        t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline, [&](error_code ec, api_response res) {
            ++done;
            if (!ec && res.status == 200) ++ok;
        });
    }
    BOOST_TEST_REQUIRE(run_until(
        env.ioc, [&] { return done == 60; }, 60s));
    BOOST_TEST(ok == 60);
    BOOST_TEST(env.emu->counters().connections <= 3u);
    BOOST_TEST(t.stats().opened <= 3u);
}

BOOST_AUTO_TEST_CASE(total_cancellation_of_a_queued_request) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    opts.max_connections = 1;
    transport t(ioc.get_executor(), opts);
    asio::cancellation_signal sig;
    std::optional<error_code> a, b;
    t.async_send(get("/a"), "tok", far_deadline, [&](error_code ec, api_response) { a = ec; });
    t.async_send(get("/b"), "tok", far_deadline,
                 asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, api_response) { b = ec; }));
    sig.emit(asio::cancellation_type::total);
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return a && b; }));
    BOOST_TEST(*b == make_error_code(asio::error::operation_aborted));
    BOOST_TEST(!*a);
    BOOST_TEST(server.st->requests.size() == 1u); // never sent
}

BOOST_AUTO_TEST_CASE(queued_requests_are_served_in_fifo_order) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    opts.max_connections = 1;
    transport t(ioc.get_executor(), opts);
    std::vector<int> order;
    for (int i = 0; i < 5; ++i)
        t.async_send(get("/" + std::to_string(i)), "tok", far_deadline,
                     [&order, i](error_code ec, api_response) {
                         if (!ec) order.push_back(i);
                     });
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return order.size() == 5u; }));
    BOOST_TEST(order == (std::vector<int>{0, 1, 2, 3, 4}), boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(server.st->requests.size() == 5u);
    BOOST_TEST(server.st->requests[4].target == "/4");
}

BOOST_AUTO_TEST_CASE(queue_full_past_max_queued) {
    emulator_env env;
    auto opts = env.options();
    opts.max_connections = 1;
    opts.max_queued = 2;
    transport t(env.ioc.get_executor(), opts);
    std::vector<std::optional<error_code>> results(4);
    bool initiated = false;
    bool completed_inline = false;
    for (std::size_t i = 0; i < 4; ++i)
        t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline, [&, i](error_code ec, api_response) {
            if (!initiated) completed_inline = true;
            results[i] = ec;
        });
    initiated = true;
    BOOST_TEST(t.stats().queued == 2u);
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] {
        for (auto& r : results)
            if (!r) return false;
        return true;
    }));
    BOOST_TEST(!completed_inline);
    BOOST_TEST(!*results[0]);
    BOOST_TEST(!*results[1]);
    BOOST_TEST(!*results[2]);
    BOOST_TEST(*results[3] == make_error_code(gchat::errc::queue_full));
}

BOOST_AUTO_TEST_CASE(deadline_against_stalled_server) {
    asio::io_context ioc;
    tiny_server server(ioc);
    int n = 0;
    server.st->on_request = [&n](const tiny_server::record&, http::response<http::string_body>& res) {
        res.body() = "late";
        return n++ == 0 ? tiny_server::action::stall : tiny_server::action::answer;
    };
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    transport t(ioc.get_executor(), opts);
    auto start = clock_type::now();
    auto r = send(ioc, t, get("/stall"), clock_type::now() + 200ms);
    auto took = clock_type::now() - start;
    BOOST_TEST(r.ec == make_error_code(gchat::errc::deadline_exceeded));
    BOOST_TEST(took >= 190ms);
    BOOST_TEST(took < 2s);
    BOOST_TEST(t.stats().open == 0u); // the connection in use was closed
    auto after = send(ioc, t, get("/fine"));
    BOOST_TEST(!after.ec);
    BOOST_TEST(after.res.body == "late");
}

BOOST_AUTO_TEST_CASE(deadline_against_silent_acceptor) {
    asio::io_context ioc;
    // Accepts (the kernel completes the handshake) and never reads nor answers.
    asio::ip::tcp::acceptor raw(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::vector<asio::ip::tcp::socket> held;
    std::function<void()> accept = [&] {
        raw.async_accept([&](error_code ec, asio::ip::tcp::socket s) {
            if (ec) return;
            held.push_back(std::move(s));
            accept();
        });
    };
    accept();
    transport_options opts;
    opts.endpoint = "http://127.0.0.1:" + std::to_string(raw.local_endpoint().port());
    transport t(ioc.get_executor(), opts);
    auto start = clock_type::now();
    auto r = send(ioc, t, get("/"), clock_type::now() + 150ms);
    BOOST_TEST(r.ec == make_error_code(gchat::errc::deadline_exceeded));
    BOOST_TEST((clock_type::now() - start < 2s));
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(connect_timeout_bounds_a_stalled_tls_handshake) {
    asio::io_context ioc;
    // Accepts and never answers the TLS ClientHello.
    asio::ip::tcp::acceptor raw(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::vector<asio::ip::tcp::socket> held;
    raw.async_accept([&](error_code ec, asio::ip::tcp::socket s) {
        if (!ec) held.push_back(std::move(s));
    });
    transport_options opts;
    opts.endpoint = "https://127.0.0.1:" + std::to_string(raw.local_endpoint().port());
    opts.connect_timeout = 150ms;
    transport t(ioc.get_executor(), opts);
    auto start = clock_type::now();
    auto r = send(ioc, t, get("/"));
    BOOST_TEST(r.ec == make_error_code(asio::error::timed_out));
    BOOST_TEST((clock_type::now() - start < 2s));
    BOOST_TEST(held.size() == 1u);
    BOOST_TEST(t.stats().open == 0u);
    BOOST_TEST(t.stats().opened == 0u);
}

BOOST_AUTO_TEST_CASE(deadline_while_queued) {
    asio::io_context ioc;
    tiny_server server(ioc);
    server.st->on_request = [](const tiny_server::record& rec, http::response<http::string_body>&) {
        return rec.target == "/stall" ? tiny_server::action::stall : tiny_server::action::answer;
    };
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    opts.max_connections = 1;
    transport t(ioc.get_executor(), opts);
    std::optional<error_code> first, second;
    t.async_send(get("/stall"), "tok", clock_type::now() + 2s,
                 [&](error_code ec, api_response) { first = ec; });
    t.async_send(get("/queued"), "tok", clock_type::now() + 100ms,
                 [&](error_code ec, api_response) { second = ec; });
    BOOST_TEST(t.stats().queued == 1u);
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return second.has_value(); }));
    BOOST_TEST(*second == make_error_code(gchat::errc::deadline_exceeded));
    BOOST_TEST(!first.has_value()); // still waiting for its own deadline
    BOOST_TEST(t.stats().queued == 0u);
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return first.has_value(); }));
    BOOST_TEST(*first == make_error_code(gchat::errc::deadline_exceeded));
}

BOOST_AUTO_TEST_CASE(deadline_in_the_past_fails_without_sending) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"), clock_type::now() - 1s);
    BOOST_TEST(r.ec == make_error_code(gchat::errc::deadline_exceeded));
    BOOST_TEST(env.emu->counters().connections == 0u);
}

// The request is written by hand: a CR or LF in a field value would end the field and start another.
BOOST_AUTO_TEST_CASE(field_values_with_cr_or_lf_are_refused_without_sending) {
    emulator_env env;
    auto opts = env.options();
    opts.user_agent = "bot\r\nX-Injected: 1";
    transport by_agent(env.ioc.get_executor(), opts);
    BOOST_TEST(send(env.ioc, by_agent, get("/v1/spaces/AAA")).ec ==
               make_error_code(gchat::errc::invalid_argument));

    transport by_token(env.ioc.get_executor(), env.options());
    auto r = send(env.ioc, by_token, get("/v1/spaces/AAA"), far_deadline, "ya29.x\nX-Injected: 1");
    BOOST_TEST(r.ec == make_error_code(gchat::errc::invalid_argument));
    BOOST_TEST(env.emu->counters().connections == 0u);
}

BOOST_AUTO_TEST_CASE(cancellation_mid_request_aborts_and_pool_stays_usable) {
    asio::io_context ioc;
    tiny_server server(ioc);
    server.st->on_request = [](const tiny_server::record& rec, http::response<http::string_body>&) {
        return rec.target == "/stall" ? tiny_server::action::stall : tiny_server::action::answer;
    };
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    transport t(ioc.get_executor(), opts);
    asio::cancellation_signal sig;
    std::optional<error_code> result;
    t.async_send(get("/stall"), "tok", far_deadline,
                 asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, api_response) { result = ec; }));
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return server.st->requests.size() == 1u; }));
    BOOST_TEST(!result.has_value());
    sig.emit(asio::cancellation_type::terminal);
    BOOST_TEST(!result.has_value()); // not inside emit()
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return result.has_value(); }));
    BOOST_TEST(*result == make_error_code(asio::error::operation_aborted));
    BOOST_TEST(t.stats().open == 0u);
    auto after = send(ioc, t, get("/fine"));
    BOOST_TEST(!after.ec);
    BOOST_TEST(after.res.status == 200u);
}

BOOST_AUTO_TEST_CASE(cancellation_while_queued_leaves_the_others) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    opts.max_connections = 1;
    transport t(ioc.get_executor(), opts);
    asio::cancellation_signal sig;
    std::optional<error_code> a, b, c;
    t.async_send(get("/a"), "tok", far_deadline, [&](error_code ec, api_response) { a = ec; });
    t.async_send(get("/b"), "tok", far_deadline,
                 asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, api_response) { b = ec; }));
    t.async_send(get("/c"), "tok", far_deadline, [&](error_code ec, api_response) { c = ec; });
    BOOST_TEST(t.stats().queued == 2u);
    sig.emit(asio::cancellation_type::partial);
    BOOST_TEST(t.stats().queued == 1u);
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return a && b && c; }));
    BOOST_TEST(*b == make_error_code(asio::error::operation_aborted));
    BOOST_TEST(!*a);
    BOOST_TEST(!*c);
    BOOST_TEST(server.st->requests.size() == 2u);
    BOOST_TEST(server.st->connections == 1);
}

BOOST_AUTO_TEST_CASE(dropped_connection_fault_fails_a_fresh_connection) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"*", {fault{fault_kind::drop_before}}}};
    emulator_env env(o);
    transport t(env.ioc.get_executor(), env.options());
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(r.ec == make_error_code(http::error::end_of_stream)); // not retried: the connection was new
    BOOST_TEST(env.emu->counters().dropped == 1u);
    BOOST_TEST(t.stats().open == 0u);
    auto after = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(!after.ec);
    BOOST_TEST(after.res.status == 200u);
}

BOOST_AUTO_TEST_CASE(drop_on_reused_connection_is_retried_once_for_idempotent) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"*", {fault{}, fault{fault_kind::drop_before}}}};
    emulator_env env(o);
    transport t(env.ioc.get_executor(), env.options());
    BOOST_TEST(!send(env.ioc, t, get("/v1/spaces/AAA")).ec);
    auto r = send(env.ioc, t, get("/v1/spaces/AAA")); // dropped on the reused connection, sent again
    BOOST_TEST(!r.ec);
    BOOST_TEST(r.res.status == 200u);
    BOOST_TEST(env.emu->counters().requests == 3u);
    BOOST_TEST(env.emu->counters().connections == 2u);
    BOOST_TEST(t.stats().opened == 2u);
}

BOOST_AUTO_TEST_CASE(drop_after_write_is_not_retried_for_non_idempotent) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"*", {fault{}, fault{fault_kind::drop_after}}}};
    emulator_env env(o);
    transport t(env.ioc.get_executor(), env.options());
    BOOST_TEST(!send(env.ioc, t, get("/v1/spaces/AAA")).ec);
    auto r = send(env.ioc, t, post("/v1/spaces/AAA/messages", R"({"text":"once"})"));
    BOOST_TEST(r.ec == make_error_code(http::error::end_of_stream));
    BOOST_TEST(env.emu->counters().requests == 2u); // created once, not twice
}

BOOST_AUTO_TEST_CASE(idle_connection_closed_after_idle_timeout) {
    emulator_env env;
    auto opts = env.options();
    opts.idle_timeout = 100ms;
    transport t(env.ioc.get_executor(), opts);
    BOOST_TEST(!send(env.ioc, t, get("/v1/spaces/AAA")).ec);
    BOOST_TEST(t.stats().idle == 1u);
    BOOST_TEST(run_until(
        env.ioc, [&] { return t.stats().open == 0u; }, 2s));
    BOOST_TEST(t.stats().idle == 0u);
    BOOST_TEST(!send(env.ioc, t, get("/v1/spaces/AAA")).ec);
    BOOST_TEST(t.stats().opened == 2u);
    BOOST_TEST(env.emu->counters().connections == 2u);
}

BOOST_AUTO_TEST_CASE(server_closing_idle_connection_is_handled) {
    gchat::testing::emulator_options o;
    o.idle_timeout = 1s;
    emulator_env env(o);
    transport t(env.ioc.get_executor(), env.options());
    BOOST_TEST(!send(env.ioc, t, get("/v1/spaces/AAA")).ec);
    run_for(env.ioc, 1500ms);         // the emulator closes the idle connection
    BOOST_TEST(t.stats().open == 0u); // noticed while idle
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(!r.ec);
    BOOST_TEST(r.res.status == 200u);
    BOOST_TEST(t.stats().opened == 2u);
}

BOOST_AUTO_TEST_CASE(download_streams_chunks_to_the_sink) {
    emulator_env env;
    auto opts = env.options();
    opts.max_response_body = 1024; // streamed bodies are not bounded by it
    transport t(env.ioc.get_executor(), opts);
    std::string data(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>('a' + (i * 7) % 26);
    auto up_req = post("/upload/v1/spaces/AAA/attachments:upload?uploadType=media&filename=a.bin", data);
    up_req.content_type = "application/octet-stream";
    auto up = send(env.ioc, t, up_req);
    BOOST_TEST_REQUIRE(up.res.status == 200u);
    auto resource =
        std::string(boost::json::parse(up.res.body).at("attachmentDataRef").at("resourceName").as_string());
    std::string received;
    std::size_t chunks = 0, largest = 0;
    std::optional<outcome> out;
    t.async_download(
        get("/v1/media/" + resource + "?alt=media"), "tok", far_deadline,
        [&](std::string_view chunk) {
            ++chunks;
            largest = std::max(largest, chunk.size());
            received.append(chunk);
            return error_code();
        },
        [&](error_code ec, api_response res) {
            out = outcome{ec, std::move(res)};
        });
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return out.has_value(); }));
    BOOST_TEST(!out->ec);
    BOOST_TEST(out->res.status == 200u);
    BOOST_TEST(out->res.content_type == "application/octet-stream");
    BOOST_TEST(out->res.body.empty());
    BOOST_TEST(received.size() == data.size());
    BOOST_TEST((received == data));
    BOOST_TEST(chunks > 1u);
    BOOST_TEST(largest <= 16u * 1024u);
    BOOST_TEST(t.stats().idle == 1u); // kept alive after a streamed body
}

BOOST_AUTO_TEST_CASE(download_of_error_reads_body_whole) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    bool sink_called = false;
    std::optional<outcome> out;
    t.async_download(
        get("/v1/media/nothing?alt=media"), "tok", far_deadline,
        [&](std::string_view) {
            sink_called = true;
            return error_code();
        },
        [&](error_code ec, api_response res) {
            out = outcome{ec, std::move(res)};
        });
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return out.has_value(); }));
    BOOST_TEST(!out->ec);
    BOOST_TEST(out->res.status == 404u);
    BOOST_TEST(out->res.body.find("NOT_FOUND") != std::string::npos);
    BOOST_TEST(!sink_called);
}

BOOST_AUTO_TEST_CASE(download_sink_error_aborts_and_closes) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    auto up_req = post("/upload/v1/spaces/AAA/attachments:upload?uploadType=media&filename=b.bin",
                       std::string(200000, 'x'));
    up_req.content_type = "application/octet-stream";
    auto up = send(env.ioc, t, up_req);
    BOOST_TEST_REQUIRE(up.res.status == 200u);
    auto resource =
        std::string(boost::json::parse(up.res.body).at("attachmentDataRef").at("resourceName").as_string());
    std::optional<outcome> out;
    int calls = 0;
    t.async_download(
        get("/v1/media/" + resource + "?alt=media"), "tok", far_deadline,
        [&](std::string_view) {
            ++calls;
            return make_error_code(boost::system::errc::no_space_on_device);
        },
        [&](error_code ec, api_response res) {
            out = outcome{ec, std::move(res)};
        });
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return out.has_value(); }));
    BOOST_TEST(out->ec == make_error_code(boost::system::errc::no_space_on_device));
    BOOST_TEST(calls == 1);
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(body_larger_than_limit_is_body_too_large) {
    emulator_env env;
    auto opts = env.options();
    opts.max_response_body = 10;
    transport t(env.ioc.get_executor(), opts);
    auto r = send(env.ioc, t, get("/v1/spaces/AAA"));
    BOOST_TEST(r.ec == make_error_code(gchat::errc::body_too_large));
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(invalid_endpoint_is_invalid_url_on_send) {
    asio::io_context ioc;
    for (const char* bad : {"ftp://example.com", "https://", "not a url", "https://user@host/",
                            "http://host:99999", "https://host/?q=1"}) {
        BOOST_TEST_CONTEXT(bad) {
            transport_options opts;
            opts.endpoint = bad;
            transport t(ioc.get_executor(), opts);
            BOOST_TEST(t.endpoint_error() == make_error_code(gchat::errc::invalid_url));
            auto r = send(ioc, t, get("/v1/spaces"));
            BOOST_TEST(r.ec == make_error_code(gchat::errc::invalid_url));
        }
    }
}

BOOST_AUTO_TEST_CASE(endpoint_parsing) {
    auto e = gchat::detail::parse_endpoint("https://chat.googleapis.com");
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->tls);
    BOOST_TEST(e->host == "chat.googleapis.com");
    BOOST_TEST(e->port == "443");
    BOOST_TEST(e->host_header == "chat.googleapis.com");
    BOOST_TEST(e->base_path == "");
    auto v6 = gchat::detail::parse_endpoint("http://[::1]:8080/api/");
    BOOST_TEST_REQUIRE(v6.has_value());
    BOOST_TEST(!v6->tls);
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(v6->host_is_address);
    BOOST_TEST(v6->port == "8080");
    BOOST_TEST(v6->host_header == "[::1]:8080");
    BOOST_TEST(v6->base_path == "/api");
}

BOOST_AUTO_TEST_CASE(retry_rule) {
    using gchat::detail::should_retry;
    auto eos = make_error_code(http::error::end_of_stream);
    auto reset = make_error_code(asio::error::connection_reset);
    // reused, already_retried, write_failed, idempotent, got_response_bytes, ec
    BOOST_TEST(should_retry(true, false, true, false, false, reset));  // write failed: any request
    BOOST_TEST(should_retry(true, false, false, true, false, eos));    // idempotent, nothing received
    BOOST_TEST(!should_retry(true, false, false, false, false, eos));  // not idempotent
    BOOST_TEST(!should_retry(true, false, false, true, true, eos));    // part of a response arrived
    BOOST_TEST(!should_retry(false, false, true, true, false, reset)); // a fresh connection
    BOOST_TEST(!should_retry(true, true, true, true, false, reset));   // only once
    BOOST_TEST(
        !should_retry(true, false, false, true, false, make_error_code(gchat::errc::bad_http_response)));
}

BOOST_AUTO_TEST_CASE(read_errors_mapping) {
    using gchat::detail::map_read_error;
    BOOST_TEST(map_read_error(make_error_code(http::error::body_limit)) ==
               make_error_code(gchat::errc::body_too_large));
    BOOST_TEST(map_read_error(make_error_code(http::error::bad_version)) ==
               make_error_code(gchat::errc::bad_http_response));
    BOOST_TEST(map_read_error(make_error_code(http::error::header_limit)) ==
               make_error_code(gchat::errc::bad_http_response));
    BOOST_TEST(map_read_error(make_error_code(http::error::end_of_stream)) ==
               make_error_code(http::error::end_of_stream));
    BOOST_TEST(map_read_error(make_error_code(asio::error::connection_reset)) ==
               make_error_code(asio::error::connection_reset));
}

BOOST_AUTO_TEST_CASE(garbage_response_is_bad_http_response) {
    asio::io_context ioc;
    asio::ip::tcp::acceptor raw(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::vector<asio::ip::tcp::socket> held;
    static const std::string garbage = "SMTP ready\r\n\r\n";
    raw.async_accept([&](error_code ec, asio::ip::tcp::socket s) {
        if (ec) return;
        held.push_back(std::move(s));
        asio::async_write(held.back(), asio::buffer(garbage), [](error_code, std::size_t) {});
    });
    transport_options opts;
    opts.endpoint = "http://127.0.0.1:" + std::to_string(raw.local_endpoint().port());
    transport t(ioc.get_executor(), opts);
    auto r = send(ioc, t, get("/"));
    BOOST_TEST(r.ec == make_error_code(gchat::errc::bad_http_response));
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(never_completes_inline) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    bool initiated = false;
    std::optional<bool> inline_ok, inline_past;
    t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline,
                 [&](error_code, api_response) { inline_ok = !initiated; });
    t.async_send(get("/v1/spaces/AAA"), "tok", clock_type::now() - 1s,
                 [&](error_code, api_response) { inline_past = !initiated; });
    initiated = true;
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return inline_ok && inline_past; }));
    BOOST_TEST(!*inline_ok);
    BOOST_TEST(!*inline_past);
}

BOOST_AUTO_TEST_CASE(default_token_is_deferred_and_awaitable) {
    emulator_env env;
    transport t(env.ioc.get_executor(), env.options());
    std::optional<unsigned> status;
    asio::co_spawn(
        env.ioc,
        [&]() -> asio::awaitable<void> {
            auto res = co_await t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline);
            status = res.status;
        },
        asio::detached);
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return status.has_value(); }));
    BOOST_TEST(*status == 200u);
}

BOOST_AUTO_TEST_CASE(works_on_a_strand_executor) {
    emulator_env env;
    auto strand = asio::make_strand(env.ioc.get_executor());
    gchat::detail::basic_transport<decltype(strand)> t(strand, env.options());
    std::optional<outcome> out;
    t.async_send(get("/v1/spaces/AAA"), "tok", far_deadline, [&](error_code ec, api_response res) {
        BOOST_TEST(strand.running_in_this_thread());
        out = outcome{ec, std::move(res)};
    });
    BOOST_TEST_REQUIRE(run_until(env.ioc, [&] { return out.has_value(); }));
    BOOST_TEST(!out->ec);
    BOOST_TEST(out->res.status == 200u);
}

BOOST_AUTO_TEST_CASE(close_fails_queued_and_closes_idle) {
    asio::io_context ioc;
    tiny_server server(ioc);
    auto opts = transport_options{};
    opts.endpoint = server.endpoint();
    opts.max_connections = 1;
    transport t(ioc.get_executor(), opts);
    BOOST_TEST(!send(ioc, t, get("/warm")).ec);
    BOOST_TEST(t.stats().idle == 1u);
    t.close();
    BOOST_TEST(t.stats().open == 0u);
    std::optional<error_code> a, b;
    t.async_send(get("/a"), "tok", far_deadline, [&](error_code ec, api_response) { a = ec; });
    t.async_send(get("/b"), "tok", far_deadline, [&](error_code ec, api_response) { b = ec; });
    t.close();
    BOOST_TEST_REQUIRE(run_until(ioc, [&] { return a && b; }));
    BOOST_TEST(!*a); // in progress: finishes, then its connection is closed
    BOOST_TEST(*b == make_error_code(asio::error::operation_aborted));
    BOOST_TEST(t.stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(bearer_never_in_error_messages) {
    asio::io_context ioc;
    transport_options opts;
    opts.endpoint = "http://127.0.0.1:1"; // nothing listens there
    transport t(ioc.get_executor(), opts);
    auto r = send(ioc, t, get("/"), far_deadline, "top-secret-token");
    BOOST_TEST(r.ec.failed());
    BOOST_TEST(r.ec.message().find("top-secret-token") == std::string::npos);
    BOOST_TEST(r.ec.what().find("top-secret-token") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
