// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TEST_INTEGRATION_EMULATOR_FIXTURE_HPP
#define GCHAT_TEST_INTEGRATION_EMULATOR_FIXTURE_HPP

// The emulator tests' fixture: an emulator on its own thread, driven over HTTP by http_test_client.

#include "http_test_client.hpp"

#include <gchat/testing/detail/text.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/value.hpp>

#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace gchat::test {

// An emulator on an io_context run by one background thread; the test thread talks HTTP to it.
struct emulator_fixture {
    boost::asio::io_context ioc;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{ioc.get_executor()};
    gchat::testing::emulator emu;
    std::thread runner;
    bool stopped = false;

    explicit emulator_fixture(gchat::testing::emulator_options opts = {})
        : emu(ioc.get_executor(), std::move(opts)) {
        runner = std::thread([this] { ioc.run(); });
        emu.async_start(boost::asio::use_future).get();
    }
    ~emulator_fixture() {
        try {
            stop();
        } catch (...) {
        }
        work.reset();
        ioc.stop();
        runner.join();
    }
    void stop() {
        if (stopped) return;
        stopped = true;
        emu.async_stop(boost::asio::use_future).get();
    }
    // Runs f on the emulator's thread (state, log and counters are only touched there).
    template <class F>
    auto on_server(F f) {
        auto task = std::make_shared<std::packaged_task<decltype(f())()>>(std::move(f));
        auto fut = task->get_future();
        boost::asio::post(ioc, [task] { (*task)(); });
        return fut.get();
    }
    http_test_client client(std::string token = "test-token") {
        http_test_client c(emu.endpoint(), emu.certificate_pem());
        c.token = std::move(token);
        return c;
    }
};

// The string at a dotted path ("thread.name"), or "" if there is none.
inline std::string str(const boost::json::value& v, std::string_view path) {
    const boost::json::value* cur = &v;
    for (auto part : gchat::testing::detail::split(path, '.')) {
        if (!cur->is_object()) return {};
        cur = cur->as_object().if_contains(part);
        if (!cur) return {};
    }
    return cur->is_string() ? std::string(cur->as_string()) : std::string();
}

} // namespace gchat::test

#endif
