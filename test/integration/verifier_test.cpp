// gchat::server::verifier against the emulator's key endpoints (Google's key sets, served locally).
#include <gchat/server/verifier.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>

namespace gchat {
// How Boost.Test prints an errc in a failure message (found by ADL).
static std::ostream& boost_test_print_type(std::ostream& os, errc e) {
    return os << make_error_code(e).message();
}
} // namespace gchat

namespace {

namespace asio = boost::asio;
namespace server = gchat::server;
using gchat::errc;
using namespace std::chrono_literals;

constexpr std::string_view project = "123456789012";
constexpr std::string_view endpoint = "https://bot.example.com/chat";

std::shared_ptr<const gchat::testing::chat_signing_key> shared_key() {
    static const auto k = [] {
        auto key = gchat::testing::make_chat_signing_key();
        if (!key) throw std::runtime_error("no RSA key");
        return std::make_shared<const gchat::testing::chat_signing_key>(std::move(*key));
    }();
    return k;
}

// An emulator (playing Google's key servers) and a verifier on one io_context run by one thread; the
// verifier's clock is the real one plus `offset`, which tests move forward.
struct verifier_fixture {
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    std::optional<gchat::testing::emulator> emu;
    std::optional<server::verifier> v;
    std::shared_ptr<std::atomic<std::int64_t>> offset = std::make_shared<std::atomic<std::int64_t>>(0);
    std::thread runner;

    explicit verifier_fixture(server::audience_mode mode = server::audience_mode::project_number,
                              std::chrono::seconds max_age = 3600s,
                              std::function<void(server::verifier_options&)> tweak = {}) {
        gchat::testing::emulator_options eo;
        eo.chat_key = shared_key();
        eo.key_cache_max_age = max_age;
        emu.emplace(ioc.get_executor(), eo);
        runner = std::thread([this] { ioc.run(); });
        emu->async_start(asio::use_future).get();
        server::verifier_options o;
        o.mode = mode;
        o.audience = std::string(mode == server::audience_mode::project_number ? project : endpoint);
        o.key_base_url = emu->endpoint();
        o.clock = [off = offset] {
            return std::chrono::system_clock::now() + std::chrono::seconds(off->load());
        };
        if (tweak) tweak(o);
        v.emplace(ioc.get_executor(), std::move(o));
    }
    ~verifier_fixture() {
        run([&]() -> asio::awaitable<void> {
            v->close();
            co_return;
        });
        try {
            emu->async_stop(asio::use_future).get();
        } catch (...) {
        }
        run([&]() -> asio::awaitable<void> {
            v.reset();
            co_return;
        });
        work.reset();
        runner.join();
    }

    template <class F>
    void run(F f) {
        asio::co_spawn(ioc, f(), asio::use_future).get();
    }

    void advance(std::chrono::seconds s) { *offset += s.count(); }

    std::uint64_t key_requests(const char* route = "keys.x509") const {
        auto it = emu->counters().by_route.find(route);
        return it == emu->counters().by_route.end() ? 0 : it->second;
    }

    std::string token(gchat::testing::token_audience a = gchat::testing::token_audience::project_number,
                      std::chrono::seconds lifetime = 3600s, std::chrono::seconds age = 0s) const {
        gchat::testing::chat_token_params p;
        p.audience = a;
        p.aud = std::string(a == gchat::testing::token_audience::project_number ? project : endpoint);
        p.issued_at = std::chrono::system_clock::now() - age;
        p.lifetime = lifetime;
        auto t = gchat::testing::sign_chat_token(*shared_key(), p);
        if (!t) throw std::runtime_error("cannot sign");
        return *t;
    }

    std::string token_with_kid(std::string_view kid) const {
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        boost::json::object c{
            {"iss", "chat@system.gserviceaccount.com"}, {"aud", project}, {"iat", now}, {"exp", now + 3600}};
        auto t = gchat::auth::jwt_sign_rs256(c, shared_key()->private_key_pem, kid);
        if (!t) throw std::runtime_error("cannot sign");
        return *t;
    }

    asio::awaitable<boost::system::error_code> verify(std::string_view tok) {
        boost::system::error_code ec;
        co_await v->async_verify(tok, asio::redirect_error(asio::use_awaitable, ec));
        co_return ec;
    }

    /// Lets the io_context run the handlers already posted (a completion that did not run inline).
    asio::awaitable<void> let_posted_handlers_run() {
        asio::steady_timer t(ioc);
        t.expires_after(20ms);
        co_await t.async_wait(asio::use_awaitable);
    }

    /// Waits (on the io_context) until no key fetch is in flight.
    asio::awaitable<void> settle() {
        asio::steady_timer t(ioc);
        for (int i = 0; i < 500 && v->stats().fetching; ++i) {
            t.expires_after(10ms);
            co_await t.async_wait(asio::use_awaitable);
        }
    }
};

std::vector<gchat::testing::fault_rule> failing_keys() {
    gchat::testing::fault_rule r;
    r.route = "keys.*";
    r.effect.kind = gchat::testing::fault_kind::http_503;
    r.effect.retry_after = 0s;
    r.probability = 1.0;
    return {r};
}

} // namespace

BOOST_AUTO_TEST_SUITE(verifier_io)

BOOST_AUTO_TEST_CASE(project_number_token_signed_by_the_emulator_verifies) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto t = co_await f.v->async_verify(f.token(), asio::use_awaitable);
        BOOST_TEST(t.issuer == "chat@system.gserviceaccount.com");
        BOOST_TEST(t.audience == project);
        BOOST_TEST(t.key_id == shared_key()->kid);
        BOOST_TEST(f.key_requests("keys.x509") == 1u);
        BOOST_TEST(f.key_requests("keys.jwks") == 0u);
    });
}

BOOST_AUTO_TEST_CASE(endpoint_url_token_signed_by_the_emulator_verifies_against_the_jwk_set) {
    verifier_fixture f(server::audience_mode::endpoint_url);
    f.run([&]() -> asio::awaitable<void> {
        auto t = co_await f.v->async_verify(f.token(gchat::testing::token_audience::endpoint_url),
                                            asio::use_awaitable);
        BOOST_TEST(t.email == "chat@system.gserviceaccount.com");
        BOOST_TEST(f.key_requests("keys.jwks") == 1u);
        BOOST_TEST(f.key_requests("keys.x509") == 0u);
    });
}

BOOST_AUTO_TEST_CASE(many_verifies_fetch_the_keys_once) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        for (int i = 0; i < 20; ++i) {
            auto tok =
                f.token(gchat::testing::token_audience::project_number, 3600s, std::chrono::seconds(i));
            BOOST_TEST(!(co_await f.verify(tok)));
        }
        BOOST_TEST(f.key_requests() == 1u);
        BOOST_TEST(f.v->stats().fetches == 1u);
    });
}

BOOST_AUTO_TEST_CASE(a_repeated_token_is_answered_from_the_verified_memory) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto tok = f.token();
        BOOST_TEST(!(co_await f.verify(tok)));
        BOOST_TEST(!(co_await f.verify(tok)));
        BOOST_TEST(!(co_await f.verify(tok)));
        BOOST_TEST(f.v->stats().cache_hits == 2u);
    });
}

BOOST_AUTO_TEST_CASE(async_check_completes_with_the_verdict_alone) {
    verifier_fixture f(server::audience_mode::project_number, 86400s);
    f.run([&]() -> asio::awaitable<void> {
        auto tok = f.token(gchat::testing::token_audience::project_number, 600s);
        auto [fresh] = co_await f.v->async_check(tok, asio::as_tuple(asio::use_awaitable));
        auto [remembered] = co_await f.v->async_check(tok, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(!fresh);
        BOOST_TEST(!remembered);
        BOOST_TEST(f.v->stats().cache_hits == 1u);
        f.advance(661s);
        auto [expired] = co_await f.v->async_check(tok, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(expired == errc::token_expired);
        gchat::diagnostics diag;
        auto [garbage] = co_await f.v->async_check("garbage", diag, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(garbage == errc::invalid_token);
    });
}

BOOST_AUTO_TEST_CASE(async_check_never_completes_inline) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto tok = f.token();
        BOOST_TEST(!(co_await f.verify(tok)));
        bool called = false;
        f.v->async_check(tok, [&](boost::system::error_code ec) { called = !ec; });
        BOOST_TEST(!called);
        co_await f.let_posted_handlers_run();
        BOOST_TEST(called);
    });
}

BOOST_AUTO_TEST_CASE(a_remembered_token_still_expires) {
    verifier_fixture f(server::audience_mode::project_number, 86400s);
    f.run([&]() -> asio::awaitable<void> {
        auto tok = f.token(gchat::testing::token_audience::project_number, 600s);
        BOOST_TEST(!(co_await f.verify(tok)));
        f.advance(661s);
        BOOST_TEST((co_await f.verify(tok)) == errc::token_expired);
    });
}

BOOST_AUTO_TEST_CASE(hundred_concurrent_verifies_with_a_cold_cache_make_one_fetch) {
    verifier_fixture f;
    auto tok = f.token();
    std::promise<void> all_done;
    int ok = 0, done = 0;
    asio::post(f.ioc, [&] {
        for (int i = 0; i < 100; ++i)
            f.v->async_verify(tok, [&](boost::system::error_code ec, server::verified_token) {
                if (!ec) ++ok;
                if (++done == 100) all_done.set_value();
            });
        BOOST_TEST(f.v->stats().waiting == 100u);
    });
    all_done.get_future().get();
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(ok == 100);
        BOOST_TEST(f.key_requests() == 1u);
        co_return;
    });
}

BOOST_AUTO_TEST_CASE(unknown_kid_refetches_once_then_is_rejected_and_is_rate_limited) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(!(co_await f.verify(f.token())));
        BOOST_TEST(f.key_requests() == 1u);
        f.advance(31s);
        BOOST_TEST((co_await f.verify(f.token_with_kid("rotated-key-1"))) == errc::no_matching_key);
        BOOST_TEST(f.key_requests() == 2u);
        BOOST_TEST((co_await f.verify(f.token_with_kid("rotated-key-2"))) == errc::no_matching_key);
        BOOST_TEST(f.key_requests() == 2u);
        f.advance(31s);
        BOOST_TEST((co_await f.verify(f.token_with_kid("rotated-key-3"))) == errc::no_matching_key);
        BOOST_TEST(f.key_requests() == 3u);
    });
}

BOOST_AUTO_TEST_CASE(fetch_failure_keeps_serving_the_cached_keys) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(!(co_await f.verify(f.token())));
        f.emu->set_faults(failing_keys());
        f.advance(31s);
        BOOST_TEST((co_await f.verify(f.token_with_kid("rotated-key"))) == errc::no_matching_key);
        BOOST_TEST(f.v->stats().fetch_failures == 1u);
        auto fresh = f.token(gchat::testing::token_audience::project_number, 3600s, 1s);
        BOOST_TEST(!(co_await f.verify(fresh)));
        BOOST_TEST(f.key_requests() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(fetch_failure_with_expired_keys_is_key_set_unavailable_with_diagnostics) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 7200s))));
        f.emu->set_faults(failing_keys());
        f.advance(3601s);
        auto tok = f.token(gchat::testing::token_audience::project_number, 7200s, 1s);
        gchat::diagnostics d;
        boost::system::error_code ec;
        co_await f.v->async_verify(tok, d, asio::redirect_error(asio::use_awaitable, ec));
        BOOST_TEST(ec == errc::key_set_unavailable);
        BOOST_TEST(d.client_message.find("HTTP 503") != std::string::npos);
        BOOST_TEST(d.client_message.find(tok.substr(0, 16)) == std::string::npos);
        BOOST_TEST(f.key_requests() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(cold_cache_with_a_failing_fetch_is_key_set_unavailable) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        f.emu->set_faults(failing_keys());
        BOOST_TEST((co_await f.verify(f.token())) == errc::key_set_unavailable);
        // Right after a failure, verifies fail at once instead of hammering the key server.
        BOOST_TEST((co_await f.verify(f.token())) == errc::key_set_unavailable);
        BOOST_TEST(f.key_requests() == 1u);
        f.emu->set_faults({});
        f.advance(3s);
        BOOST_TEST(!(co_await f.verify(f.token())));
        BOOST_TEST(f.key_requests() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(max_age_is_honoured) {
    verifier_fixture f(server::audience_mode::project_number, 120s,
                       [](server::verifier_options& o) { o.refresh_ahead = 0s; });
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(!(co_await f.verify(f.token())));
        f.advance(119s);
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 3600s, 1s))));
        BOOST_TEST(f.key_requests() == 1u);
        f.advance(2s);
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 3600s, 2s))));
        BOOST_TEST(f.key_requests() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(keys_are_refreshed_in_the_background_before_they_expire) {
    verifier_fixture f(server::audience_mode::project_number, 600s,
                       [](server::verifier_options& o) { o.refresh_ahead = 300s; });
    f.run([&]() -> asio::awaitable<void> {
        BOOST_TEST(!(co_await f.verify(f.token())));
        f.advance(200s);
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 3600s, 1s))));
        BOOST_TEST(f.v->stats().fetches == 1u);
        f.advance(200s); // 400 s: within 300 s of expiry
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 3600s, 2s))));
        BOOST_TEST(f.v->stats().fetches == 2u);
        co_await f.settle();
        f.advance(250s); // 650 s: past the first set's expiry, before the refreshed one's refresh window
        BOOST_TEST(!(co_await f.verify(f.token(gchat::testing::token_audience::project_number, 3600s, 3s))));
        BOOST_TEST(f.v->stats().fetches == 2u);
        BOOST_TEST(f.key_requests() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(cancelling_a_waiting_verify_leaves_the_others_alone) {
    verifier_fixture f;
    gchat::testing::fault_rule slow;
    slow.route = "keys.x509";
    slow.script = {gchat::testing::fault{gchat::testing::fault_kind::delay, 300ms}};
    f.run([&]() -> asio::awaitable<void> {
        f.emu->set_faults({slow});
        co_return;
    });
    auto tok = f.token();
    std::promise<boost::system::error_code> cancelled, other;
    asio::cancellation_signal sig;
    asio::post(f.ioc, [&] {
        f.v->async_verify(tok, asio::bind_cancellation_slot(
                                   sig.slot(), [&](boost::system::error_code ec, server::verified_token) {
                                       cancelled.set_value(ec);
                                   }));
        f.v->async_verify(tok,
                          [&](boost::system::error_code ec, server::verified_token) { other.set_value(ec); });
        sig.emit(asio::cancellation_type::terminal);
    });
    BOOST_TEST(cancelled.get_future().get() == asio::error::operation_aborted);
    BOOST_TEST(!other.get_future().get());
}

BOOST_AUTO_TEST_CASE(never_completes_inline_even_with_cached_keys) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto tok = f.token();
        BOOST_TEST(!(co_await f.verify(tok)));
        bool called = false;
        f.v->async_verify(tok, [&](boost::system::error_code, server::verified_token) { called = true; });
        BOOST_TEST(!called);
        bool bad = false;
        f.v->async_verify("garbage", [&](boost::system::error_code, server::verified_token) { bad = true; });
        BOOST_TEST(!bad);
        co_await f.let_posted_handlers_run();
        BOOST_TEST(called);
        BOOST_TEST(bad);
    });
}

BOOST_AUTO_TEST_CASE(close_fails_the_waiting_verifies) {
    verifier_fixture f;
    gchat::testing::fault_rule slow;
    slow.route = "keys.x509";
    slow.script = {gchat::testing::fault{gchat::testing::fault_kind::delay, 300ms}};
    f.run([&]() -> asio::awaitable<void> {
        f.emu->set_faults({slow});
        co_return;
    });
    std::promise<boost::system::error_code> p;
    auto tok = f.token();
    asio::post(f.ioc, [&] {
        f.v->async_verify(tok,
                          [&](boost::system::error_code ec, server::verified_token) { p.set_value(ec); });
        f.v->close();
    });
    BOOST_TEST(p.get_future().get() == asio::error::operation_aborted);
}

BOOST_AUTO_TEST_CASE(authorization_header_values_are_checked_first) {
    verifier_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        boost::system::error_code ec;
        co_await f.v->async_verify_authorization("", asio::redirect_error(asio::use_awaitable, ec));
        BOOST_TEST(ec == errc::missing_token);
        co_await f.v->async_verify_authorization("Basic dXNlcjpwYXNz",
                                                 asio::redirect_error(asio::use_awaitable, ec));
        BOOST_TEST(ec == errc::not_bearer);
        BOOST_TEST(f.key_requests() == 0u);
        auto t = co_await f.v->async_verify_authorization("Bearer " + f.token(), asio::use_awaitable);
        BOOST_TEST(t.audience == project);
    });
}

BOOST_AUTO_TEST_CASE(an_idle_verifier_lets_run_return) {
    verifier_fixture f; // only for the emulator and its key
    asio::io_context own;
    server::verifier_options o;
    o.audience = std::string(project);
    o.key_base_url = f.emu->endpoint();
    server::verifier v(own.get_executor(), o);
    boost::system::error_code result = errc::invalid_argument;
    v.async_verify(f.token(), [&](boost::system::error_code ec, server::verified_token) { result = ec; });
    own.run(); // returns once the verify is done: no standing timer, no idle connection
    BOOST_TEST(!result);
}

BOOST_AUTO_TEST_SUITE_END()
