// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Compile-time budget, TU (c), the reference: the flow of Beast's awaitable HTTPS client example
// (resolve, connect, TLS handshake with SNI and host-name verification, write, read, shutdown), with
// Beast and Asio header-only. Built by test/bench/compile_budget.sh; not part of the test suite.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include <chrono>
#include <iostream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

asio::awaitable<void> do_session(std::string host, std::string port, std::string target, ssl::context& ctx) {
    auto ex = co_await asio::this_coro::executor;
    tcp::resolver resolver(ex);
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
        throw beast::system_error(
            beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    stream.set_verify_callback(ssl::host_name_verification(host));

    auto results = co_await resolver.async_resolve(host, port, asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await beast::get_lowest_layer(stream).async_connect(results, asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);

    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, BOOST_BEAST_VERSION_STRING);
    req.set(http::field::authorization, "Bearer ya29.token");
    req.set(http::field::content_type, "application/json; charset=utf-8");
    req.body() = R"({"text":"Hello, world!"})";
    req.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await http::async_write(stream, req, asio::use_awaitable);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    std::cout << res.result_int() << ' ' << res.body() << '\n';

    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    beast::error_code ec;
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    if (ec && ec != asio::ssl::error::stream_truncated) throw beast::system_error(ec);
}

int main() {
    asio::io_context ioc;
    ssl::context ctx(ssl::context::tlsv12_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    asio::co_spawn(ioc, do_session("chat.googleapis.com", "443", "/v1/spaces/AAA/messages", ctx),
                   [](std::exception_ptr e) {
                       if (e) try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& x) {
                               std::cerr << "Error: " << x.what() << '\n';
                           }
                   });
    ioc.run();
}
