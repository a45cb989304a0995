// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
//
// gchat_bench_event_server: an event server for wrk to load (test/bench/event_server_bench.sh): verified
// events per second end to end (HTTP POST with a signed bearer token -> verify -> parse -> route -> reply).
// Figures go in notes, never in tests.
//
//   gchat_bench_event_server EVENT.json [--verified-cache N] [--seconds S] [--executor any|io_context]
//
// One thread. An embedded emulator plays Google: it serves the key set and signs one bearer token (endpoint-
// URL audience, valid for an hour). The program prints three lines, `url=...`, `token=...` and
// `body=FILE` (EVENT.json), then serves until SIGINT/SIGTERM or S seconds, and prints
// `requests=... allocs_per_event=...` (heap allocations of this process per handled event, counted by
// replacing operator new; the emulator is idle after the first key fetch). --verified-cache 0 turns off
// the verifier's cache of verified tokens, so that every request pays for an RSA signature check.

#include "alloc_counter.hpp"

#include <gchat/event/router.hpp>
#include <gchat/server/event_server.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace asio = boost::asio;
using boost::system::error_code;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: gchat_bench_event_server EVENT.json [--verified-cache N] [--seconds S] "
                   "[--executor any|io_context]\n",
                   stderr);
        return 2;
    }
    const std::string body_file = argv[1];
    std::size_t verified_cache = 256;
    double seconds = 0;
    bool io_context_executor = false;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string_view a = argv[i];
        if (a == "--verified-cache")
            verified_cache = std::strtoul(argv[i + 1], nullptr, 10);
        else if (a == "--executor")
            io_context_executor = std::string_view(argv[i + 1]) == "io_context";
        else if (a == "--seconds")
            seconds = std::strtod(argv[i + 1], nullptr);
    }

    asio::io_context ioc(1);
    gchat::testing::emulator emu(ioc.get_executor());
    emu.async_start([](error_code ec) {
        if (ec) std::fprintf(stderr, "emulator: %s\n", ec.message().c_str());
    });
    ioc.run_one();

    const std::string audience = "https://bench.example/chat";
    gchat::router r;
    r.on_message([](const gchat::event&) { return gchat::reply::text("ack"); });
    gchat::server::event_server_options o;
    o.port = 0;
    o.max_connections = 1024;
    o.max_in_flight = 1024;
    o.verification.mode = gchat::server::audience_mode::endpoint_url;
    o.verification.audience = audience;
    o.verification.key_base_url = emu.endpoint();
    o.verification.verified_cache_size = verified_cache;
    // The default alias (any_io_executor) or, with --io-context-executor, basic_event_server on the
    // io_context's own executor type: its strand then wraps a concrete executor, and Asio 1.81's
    // any_io_executor (which heap-allocates the result of each property query) is out of the hot path.
    auto serve = [&](auto executor) -> int {
        gchat::server::basic_event_server<decltype(executor)> server(executor, std::move(r), o);
        bool started = false;
        server.async_start([&](error_code ec) {
            if (ec) std::fprintf(stderr, "server: %s\n", ec.message().c_str());
            started = !ec;
        });
        while (!started && ioc.run_one() > 0) {
        }
        if (!started) return 1;

        gchat::testing::chat_token_params tp;
        tp.audience = gchat::testing::token_audience::endpoint_url;
        tp.aud = audience;
        auto token = gchat::testing::sign_chat_token(*emu.chat_key(), tp);
        if (!token) return 1;
        std::printf("url=%s\ntoken=%s\nbody=%s\n", server.url().c_str(), token->c_str(), body_file.c_str());
        std::fflush(stdout);

        asio::signal_set signals(ioc, SIGINT, SIGTERM);
        asio::steady_timer timer(ioc);
        bool stopping = false;
        auto stop = [&] {
            if (stopping) return;
            stopping = true;
            signals.cancel();
            timer.cancel();
            server.async_stop([&](error_code) { emu.async_stop([](error_code) {}); });
        };
        signals.async_wait([&](error_code ec, int) {
            if (!ec) stop();
        });
        if (seconds > 0) {
            timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(seconds)));
            timer.async_wait([&](error_code ec) {
                if (!ec) stop();
            });
        }
        // Allocations are counted from the first request on: after the key fetch and the start-up.
        const auto allocs0 = gchat::bench::allocations.load();
        const auto requests0 = server.stats().requests;
        ioc.run();
        const auto requests = server.stats().requests - requests0;
        std::printf("requests=%zu allocs_per_event=%.1f\n", static_cast<std::size_t>(requests),
                    requests ? static_cast<double>(gchat::bench::allocations.load() - allocs0) /
                                   static_cast<double>(requests)
                             : 0.0);
        return 0;
    };
    if (io_context_executor) return serve(ioc.get_executor());
    return serve(asio::any_io_executor(ioc.get_executor()));
}
