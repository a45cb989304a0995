// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Credentials over loopback against gchat::testing::emulator: the service-account flow (JWT-bearer
// exchange and self-signed JWTs) with a key pair generated here, user refresh tokens, caching and early
// refresh on a controlled clock, one token request for many callers, refresh failures and recovery,
// 401 invalidation, and that no secret reaches a log, an error or an exception.
#include <gchat/auth/service_account.hpp>
#include <gchat/auth/static_token.hpp>
#include <gchat/auth/user_refresh.hpp>
#include <gchat/client.hpp>
#include <gchat/testing/emulator.hpp>
#include <gchat/with_diagnostics.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "client_fixture.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace auth = gchat::auth;
using namespace std::chrono_literals;
using boost::system::error_code;

namespace {

constexpr std::string_view sa_email = "chat-bot@test-project.iam.gserviceaccount.com";
const gchat::testing::principal sa_principal{"users/app-service-account", "Service Account App",
                                             gchat::user_type::bot};
const gchat::testing::oauth_user test_user{
    "client-1.apps.googleusercontent.com",
    "user-client-secret-XYZ",
    "1//user-refresh-token-ABC",
    {"users/100000000000000000777", "Test User", gchat::user_type::human}};

// One RSA key pair for every test, generated at run time (no key is committed to the repository).
const gchat::testing::chat_signing_key& test_key() {
    static const auto k = [] {
        auto r = gchat::testing::make_chat_signing_key();
        if (!r) throw std::runtime_error("cannot generate a test key");
        return *r;
    }();
    return k;
}

gchat::testing::emulator_options options(bool tls = false) {
    gchat::testing::emulator_options o;
    o.tls = tls;
    o.spaces = {"spaces/AAA"};
    o.accepted_tokens = {"only-issued-tokens-are-accepted"};
    o.service_accounts.push_back({std::string(sa_email), test_key().public_key_pem, sa_principal});
    o.users.push_back(test_user);
    return o;
}

std::string key_json(std::string_view token_uri) {
    boost::json::object o{{"type", "service_account"}, {"project_id", "test-project"},
                          {"private_key_id", "kid-1"}, {"private_key", test_key().private_key_pem},
                          {"client_email", sa_email},  {"client_id", "42"},
                          {"token_uri", token_uri}};
    return boost::json::serialize(o);
}

// A temporary key file, removed at the end of the test.
struct temp_file {
    std::string path;
    explicit temp_file(const std::string& text)
        : path((std::filesystem::temp_directory_path() /
                ("gchat-auth-test-" + std::to_string(::getpid()) + ".json"))
                   .string()) {
        std::ofstream(path, std::ios::binary) << text;
    }
    ~temp_file() { std::remove(path.c_str()); }
};

// An emulator on an io_context run by one background thread; test bodies are coroutines on that thread.
struct auth_fixture {
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    std::optional<gchat::testing::emulator> emu;
    std::optional<asio::ssl::context> tls;
    std::thread runner;

    explicit auth_fixture(gchat::testing::emulator_options o = options()) {
        bool use_tls = o.tls;
        emu.emplace(ioc.get_executor(), std::move(o));
        runner = std::thread([this] { ioc.run(); });
        emu->async_start(asio::use_future).get();
        if (use_tls) {
            tls.emplace(asio::ssl::context::tls_client);
            tls->add_certificate_authority(asio::buffer(emu->certificate_pem()));
        }
    }
    ~auth_fixture() {
        try {
            emu->async_stop(asio::use_future).get();
        } catch (...) {
        }
        work.reset();
        runner.join();
    }
    template <class F>
    void run(F f) {
        asio::co_spawn(ioc, f(), asio::use_future).get();
    }
    std::string token_uri() const { return emu->endpoint() + "token"; }
    auth::service_account_options sa_options() {
        auth::service_account_options o;
        o.tls_context = tls ? &*tls : nullptr;
        o.refresh.initial_backoff = 1ms;
        o.refresh.max_backoff = 4ms;
        return o;
    }
    auth::service_account service_account(auth::service_account_options o) {
        return auth::service_account(
            ioc.get_executor(), auth::parse_service_account_key(key_json(token_uri())).value(), std::move(o));
    }
    auth::service_account service_account() { return service_account(sa_options()); }
    gchat::client_params params(auth::any_token_source creds) {
        auto p = gchat::test::test_params();
        p.credentials = std::move(creds);
        p.endpoint = emu->endpoint();
        p.endpoint.pop_back();
        p.tls_context = tls ? &*tls : nullptr;
        return p;
    }
    // Token requests the emulator received (call on the io_context's thread).
    std::uint64_t token_requests() const {
        auto& by = emu->counters().by_route;
        auto it = by.find("token");
        return it == by.end() ? 0 : it->second;
    }
    std::size_t statuses(unsigned status) const {
        auto& by = emu->counters().by_status;
        auto it = by.find(status);
        return it == by.end() ? 0 : it->second;
    }
};

gchat::message text(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

asio::awaitable<void> sleep(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
}

// Everything the library said during a test, for the redaction checks.
struct said {
    std::vector<std::string> lines;
    void diag(const gchat::diagnostics& d) { lines.push_back(d.summary()); }
    void error(error_code ec) { lines.push_back(ec.message()); }
    bool contains(std::string_view secret) const {
        for (auto& l : lines)
            if (!secret.empty() && l.find(secret) != std::string::npos) return true;
        return false;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(auth_flow)

BOOST_AUTO_TEST_CASE(a_service_account_key_file_drives_the_jwt_bearer_exchange_and_the_call) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        temp_file file(key_json(f.token_uri()));
        auto creds = auth::service_account::from_file(f.ioc.get_executor(), file.path, f.sa_options());
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto hello = text("hello from a service account");
        auto m = co_await chat.async_create_message("spaces/AAA", hello);
        BOOST_TEST(m.sender.value().name.value_or("") == sa_principal.name);
        co_await chat.async_get_message(m.name.value());
        BOOST_TEST(f.token_requests() == 1u);
        BOOST_TEST(creds.token_requests() == 1u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(the_token_source_yields_the_token_and_its_expiry) {
    auto o = options();
    o.token_lifetime = 1800s;
    auth_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        auto before = std::chrono::system_clock::now();
        auth::access_token t = co_await creds.async_get_token();
        BOOST_TEST(t.value.substr(0, 9) == "ya29.emu-");
        BOOST_TEST((t.expires_at >= before + 1800s));
        BOOST_TEST((t.expires_at <= std::chrono::system_clock::now() + 1800s));
        auto again = co_await creds.async_get_token();
        BOOST_TEST(again.value == t.value);
        BOOST_TEST(f.token_requests() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(the_exchange_and_the_calls_work_over_tls) {
    auth_fixture f(options(true));
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto s = co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        BOOST_TEST(f.token_requests() == 1u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(a_thousand_concurrent_calls_cause_exactly_one_token_request) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        auto p = f.params(creds);
        p.default_deadline = 120s;
        gchat::client chat(f.ioc.get_executor(), p);
        constexpr int n = 1000;
        int done = 0, ok = 0;
        for (int i = 0; i < n; ++i)
            chat.async_get_space("spaces/AAA", [&](error_code ec, gchat::space) {
                ++done;
                if (!ec) ++ok;
            });
        BOOST_TEST(f.token_requests() == 0u); // nothing sent inline
        for (int i = 0; i < 120000 && done < n; ++i)
            co_await sleep(1ms);
        BOOST_TEST(done == n);
        BOOST_TEST(ok == n);
        BOOST_TEST(f.token_requests() == 1u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(the_token_is_refreshed_early_on_the_sources_clock) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto now = std::chrono::system_clock::now();
        auto o = f.sa_options();
        o.refresh.jitter = 0s;
        o.refresh.now = [&now] { return now; };
        auto creds = f.service_account(o);
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto t1 = co_await creds.async_get_token();
        co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(f.token_requests() == 1u);
        now += 54min; // 6 minutes before expiry: still fresh (margin 5 min)
        co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(f.token_requests() == 1u);
        now += 2min; // 4 minutes before expiry: the call goes with the old token, a refresh starts
        auto t2 = co_await creds.async_get_token();
        BOOST_TEST(t2.value == t1.value);
        co_await chat.async_get_space("spaces/AAA");
        for (int i = 0; i < 5000 && f.token_requests() < 2; ++i)
            co_await sleep(1ms);
        BOOST_TEST(f.token_requests() == 2u);
        co_await sleep(5ms);
        auto t3 = co_await creds.async_get_token();
        BOOST_TEST(t3.value != t1.value);
        BOOST_TEST((t3.expires_at == now + 3600s));
        co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(f.token_requests() == 2u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_replaced_before_the_call_is_sent) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto now = std::chrono::system_clock::now();
        auto o = f.sa_options();
        o.refresh.now = [&now] { return now; };
        auto creds = f.service_account(o);
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto t1 = co_await creds.async_get_token();
        now += 2h;
        co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(f.token_requests() == 2u);
        auto t2 = co_await creds.async_get_token();
        BOOST_TEST(t2.value != t1.value);
        BOOST_TEST(f.statuses(401) == 0u); // the stale token was never sent
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(a_failed_refresh_fails_every_waiting_call_and_the_next_call_recovers) {
    auth_fixture f;
    gchat::testing::fault_rule rule;
    rule.route = "token";
    rule.script = {gchat::testing::fault{gchat::testing::fault_kind::http_503}};
    f.emu->set_faults({rule});
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        constexpr int n = 5;
        int done = 0;
        std::vector<error_code> errors(n);
        std::vector<gchat::diagnostics> diags(n);
        for (int i = 0; i < n; ++i)
            chat.async_get_space("spaces/AAA", diags[i], [&, i](error_code ec, gchat::space) {
                errors[i] = ec;
                ++done;
            });
        for (int i = 0; i < 5000 && done < n; ++i)
            co_await sleep(1ms);
        BOOST_TEST_REQUIRE(done == n);
        for (int i = 0; i < n; ++i) {
            BOOST_TEST((errors[i] == gchat::errc::token_request_failed));
            BOOST_TEST(diags[i].http_status == 503u);
            BOOST_TEST(diags[i].api_status == "UNAVAILABLE");
        }
        BOOST_TEST(f.token_requests() == 1u);
        auto s = co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        BOOST_TEST(f.token_requests() == 2u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(an_oauth_error_reaches_the_call_as_its_error_code_and_description) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto o = f.sa_options();
        o.subject = "someone@example.com"; // domain-wide delegation the emulator does not grant
        auto creds = f.service_account(o);
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        gchat::diagnostics d;
        auto [ec, s] = co_await chat.async_get_space("spaces/AAA", d, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::unauthorized_client));
        BOOST_TEST(d.http_status == 401u);
        BOOST_TEST(d.api_status == "unauthorized_client");
        BOOST_TEST(d.server_message.find("Client is unauthorized") == 0u);
        BOOST_TEST(f.statuses(200) == 0u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(an_unknown_service_account_is_an_invalid_client) {
    auto o = options();
    o.service_accounts.clear();
    auth_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        gchat::diagnostics d;
        auto [ec, t] = co_await creds.async_get_token(d, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::invalid_client));
        BOOST_TEST(t.value.empty());
        BOOST_TEST(d.server_message == "The OAuth client was not found.");
    });
}

BOOST_AUTO_TEST_CASE(a_401_makes_the_source_forget_its_token_once_and_the_call_succeeds) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        std::vector<unsigned> statuses;
        auto p = f.params(creds);
        p.logger = [&](const gchat::client_log_record& r) { statuses.push_back(r.http_status); };
        gchat::client chat(f.ioc.get_executor(), p);
        co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(f.emu->state().revoke_tokens() == 1u);
        auto hello = text("after revocation");
        auto m = co_await chat.async_create_message("spaces/AAA", hello);
        BOOST_TEST(m.text.value_or("") == "after revocation");
        BOOST_TEST(f.token_requests() == 2u);
        BOOST_TEST((statuses == std::vector<unsigned>{200, 401, 200}));
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 1u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(a_token_refused_again_after_a_refresh_fails_the_call) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        gchat::client chat(f.ioc.get_executor(), f.params(auth::static_token("not-accepted")));
        auto [ec, s] = co_await chat.async_get_space("spaces/AAA", asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::unauthenticated));
        BOOST_TEST(f.statuses(401) == 2u); // sent once more, never more
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(a_user_refresh_token_is_exchanged_and_speaks_for_the_user) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        boost::json::object o{{"type", "authorized_user"},
                              {"client_id", test_user.client_id},
                              {"client_secret", test_user.client_secret},
                              {"refresh_token", test_user.refresh_token},
                              {"token_uri", f.token_uri()}};
        auto creds = auth::user_refresh::from_json(f.ioc.get_executor(), boost::json::serialize(o));
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto hello = text("hello from a user");
        auto m = co_await chat.async_create_message("spaces/AAA", hello);
        BOOST_TEST(m.sender.value().name.value_or("") == test_user.as.name);
        BOOST_TEST(f.token_requests() == 1u);
        chat.close();
    });
}

BOOST_AUTO_TEST_CASE(a_revoked_refresh_token_is_an_invalid_grant) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auth::user_refresh creds(f.ioc.get_executor(), {.client_id = test_user.client_id,
                                                        .client_secret = test_user.client_secret,
                                                        .refresh_token = "1//revoked",
                                                        .token_uri = f.token_uri()});
        gchat::diagnostics d;
        auto [ec, t] = co_await creds.async_get_token(d, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::invalid_grant));
        BOOST_TEST(d.server_message == "Token has been expired or revoked.");
        auth::user_refresh wrong_secret(f.ioc.get_executor(), {.client_id = test_user.client_id,
                                                               .client_secret = "wrong",
                                                               .refresh_token = test_user.refresh_token,
                                                               .token_uri = f.token_uri()});
        auto [ec2, t2] = co_await wrong_secret.async_get_token(asio::as_tuple(asio::deferred));
        BOOST_TEST((ec2 == gchat::errc::invalid_client));
    });
}

BOOST_AUTO_TEST_CASE(a_self_signed_jwt_is_accepted_with_no_token_request) {
    auth_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto o = f.sa_options();
        o.self_signed_jwt = true;
        auto creds = f.service_account(o);
        gchat::client chat(f.ioc.get_executor(), f.params(creds));
        auto hello = text("self-signed");
        auto m = co_await chat.async_create_message("spaces/AAA", hello);
        BOOST_TEST(m.sender.value().name.value_or("") == sa_principal.name);
        BOOST_TEST(f.token_requests() == 0u);
        // Signed by another key: refused.
        auto other = gchat::testing::make_chat_signing_key().value();
        auto key = auth::parse_service_account_key(key_json(f.token_uri())).value();
        key.private_key = other.private_key_pem;
        gchat::client forged(f.ioc.get_executor(),
                             f.params(auth::service_account(f.ioc.get_executor(), key, o)));
        auto [ec, s] = co_await forged.async_get_space("spaces/AAA", asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::unauthenticated));
        chat.close();
        forged.close();
    });
}

BOOST_AUTO_TEST_CASE(a_waiting_token_request_honours_cancellation) {
    auto o = options();
    gchat::testing::fault_rule slow;
    slow.route = "token";
    slow.script = {gchat::testing::fault{gchat::testing::fault_kind::delay, 300ms}};
    o.faults = {slow};
    auth_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        asio::cancellation_signal sig;
        bool done = false;
        error_code got;
        creds.async_get_token(
            asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, auth::access_token) {
                got = ec;
                done = true;
            }));
        co_await sleep(20ms);
        sig.emit(asio::cancellation_type::terminal);
        BOOST_TEST(!done); // never inline
        for (int i = 0; i < 1000 && !done; ++i)
            co_await sleep(1ms);
        BOOST_TEST((got == asio::error::operation_aborted));
        auto t = co_await creds.async_get_token(); // the refresh went on, and its token is cached
        BOOST_TEST(!t.value.empty());
        BOOST_TEST(f.token_requests() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(no_secret_reaches_a_log_an_error_or_an_exception) {
    auth_fixture f;
    said out;
    std::vector<std::string> secrets{test_user.client_secret, test_user.refresh_token};
    // The private key, line by line (its base64 body), and the header of any JWT (assertions, tokens).
    for (auto& line : gchat::testing::detail::split(test_key().private_key_pem, '\n'))
        if (line.size() > 20 && line.find("-----") == std::string_view::npos) secrets.emplace_back(line);
    secrets.emplace_back("eyJ");
    f.run([&]() -> asio::awaitable<void> {
        auto creds = f.service_account();
        auto p = f.params(creds);
        p.api_key = auth::api_key("AIzaSECRET-API-KEY");
        secrets.emplace_back("AIzaSECRET-API-KEY");
        p.logger = [&](const gchat::client_log_record& r) {
            out.lines.emplace_back(r.target);
            out.error(r.error);
        };
        gchat::client chat(f.ioc.get_executor(), p);
        secrets.push_back((co_await creds.async_get_token()).value);
        co_await chat.async_get_space("spaces/AAA");
        f.emu->state().revoke_tokens();
        co_await chat.async_get_space("spaces/AAA"); // a 401, then a new token
        secrets.push_back((co_await creds.async_get_token()).value);
        // Failures: a refused delegation, a revoked refresh token, a wrong client secret.
        auto o = f.sa_options();
        o.subject = "someone@example.com";
        gchat::client delegated(f.ioc.get_executor(), f.params(f.service_account(o)));
        gchat::diagnostics d;
        auto [ec, s] = co_await delegated.async_get_space("spaces/AAA", d, asio::as_tuple(asio::deferred));
        out.error(ec);
        out.diag(d);
        try {
            co_await delegated.async_get_space("spaces/AAA", gchat::with_diagnostics());
        } catch (const std::exception& e) {
            out.lines.emplace_back(e.what());
        }
        auth::user_refresh user(f.ioc.get_executor(), {.client_id = test_user.client_id,
                                                       .client_secret = test_user.client_secret,
                                                       .refresh_token = test_user.refresh_token + "-revoked",
                                                       .token_uri = f.token_uri()});
        secrets.push_back(test_user.refresh_token + "-revoked");
        auto [ec2, t2] = co_await user.async_get_token(d, asio::as_tuple(asio::deferred));
        out.error(ec2);
        out.diag(d);
        secrets.push_back(test_user.client_secret + "-wrong");
        auth::user_refresh bad_secret(f.ioc.get_executor(),
                                      {.client_id = test_user.client_id,
                                       .client_secret = test_user.client_secret + "-wrong",
                                       .refresh_token = test_user.refresh_token,
                                       .token_uri = f.token_uri()});
        gchat::client as_user(f.ioc.get_executor(), f.params(bad_secret));
        try {
            co_await as_user.async_get_space("spaces/AAA", gchat::with_diagnostics());
        } catch (const std::exception& e) {
            out.lines.emplace_back(e.what());
        }
        // A key with its private key in the wrong place: the parse error must not quote it.
        boost::json::object bad{{"type", "service_account"}, {"client_email", test_key().private_key_pem}};
        try {
            auth::service_account::from_json(f.ioc.get_executor(), boost::json::serialize(bad));
        } catch (const std::exception& e) {
            out.lines.emplace_back(e.what());
        }
        chat.close();
        delegated.close();
        as_user.close();
    });
    BOOST_TEST(out.lines.size() > 8u);
    for (auto& s : secrets)
        BOOST_TEST(!out.contains(s), "a secret was printed");
}

BOOST_AUTO_TEST_SUITE_END()
