// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Test helper: gchat::client against gchat::testing::emulator over loopback (plain or TLS), on one
// io_context run by one background thread.
#ifndef GCHAT_TEST_INTEGRATION_CLIENT_FIXTURE_HPP
#define GCHAT_TEST_INTEGRATION_CLIENT_FIXTURE_HPP

#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <thread>

namespace gchat::test {

/// Client parameters for tests: the bearer "test-token", short backoffs, a 10 s deadline. The fixture fills
/// in the endpoint (and the TLS context).
inline gchat::client_params test_params() {
    using namespace std::chrono_literals;
    gchat::client_params p;
    p.credentials = gchat::auth::static_token("test-token");
    p.retry.initial_backoff = 5ms;
    p.retry.max_backoff = 50ms;
    p.default_deadline = 10s;
    return p;
}

// An emulator and a client on one io_context, run by one background thread; each test body is a coroutine
// on that thread (the client is not thread-safe; the emulator's accessors are for its thread).
struct client_fixture {
    boost::asio::io_context ioc;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{ioc.get_executor()};
    std::optional<gchat::testing::emulator> emu;
    std::optional<boost::asio::ssl::context> tls;
    std::optional<gchat::client> chat;
    std::thread runner;

    explicit client_fixture(gchat::testing::emulator_options opts = {},
                            gchat::client_params p = test_params()) {
        if (opts.spaces.empty()) opts.spaces = {"spaces/AAA"};
        emu.emplace(ioc.get_executor(), opts);
        runner = std::thread([this] { ioc.run(); });
        emu->async_start(boost::asio::use_future).get();
        p.endpoint = emu->endpoint();
        if (p.endpoint.back() == '/') p.endpoint.pop_back();
        if (opts.tls) {
            tls.emplace(boost::asio::ssl::context::tls_client);
            tls->add_certificate_authority(boost::asio::buffer(emu->certificate_pem()));
            p.tls_context = &*tls;
        }
        chat.emplace(ioc.get_executor(), std::move(p));
    }
    ~client_fixture() {
        run([&]() -> boost::asio::awaitable<void> {
            chat->close();
            co_return;
        });
        try {
            emu->async_stop(boost::asio::use_future).get();
        } catch (...) {
        }
        chat.reset();
        work.reset();
        runner.join();
    }

    /// Runs the coroutine `f()` on the io_context's thread and waits for it (rethrowing its exception).
    template <class F>
    void run(F f) {
        boost::asio::co_spawn(ioc, f(), boost::asio::use_future).get();
    }

    /// Requests the emulator received for `route` (call on the io_context's thread).
    std::size_t requests_to(std::string_view route) {
        std::size_t n = 0;
        for (auto& r : emu->requests())
            if (r.route == route) ++n;
        return n;
    }
};

} // namespace gchat::test

#endif
