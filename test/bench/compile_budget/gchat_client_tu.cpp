// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Compile-time budget, TU (a): a user's program that includes <gchat.hpp> and makes one
// `co_await chat.async_create_message(...)` over TLS, header-only (no separate compilation).
// Built by test/bench/compile_budget.sh; not part of the test suite.
#if __has_include(<gchat.hpp>)
#include <gchat.hpp>
#else // the umbrella header is not there yet: what it would bring for this program
#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstdio>
#include <utility>

namespace asio = boost::asio;

asio::awaitable<void> post_one(gchat::client& chat) {
    gchat::message hello;
    hello.text = "Hello, world!";
    gchat::create_message_params params;
    gchat::message m = co_await chat.async_create_message("spaces/AAA", hello, params);
    std::printf("%s\n", m.name.value_or("").c_str());
    chat.close();
}

int main() {
    asio::io_context ioc;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    gchat::client_params p;
    p.endpoint = "https://chat.googleapis.com";
    p.credentials = gchat::auth::static_token("ya29.token");
    p.tls_context = &tls;
    gchat::client chat(ioc, std::move(p));
    asio::co_spawn(ioc, post_one(chat), asio::detached);
    ioc.run();
}
