// gchat::server::event_server over loopback, with the emulator playing Google Chat: signed seed events in
// both envelopes and both audience modes, the refusals (401, 405, 413, 415, 503), slow clients, the reply
// deadline and its follow-up through the client, acknowledge_and_continue, TLS, keep-alive and shutdown.
#include <gchat/server/event_server.hpp>

#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/event/parse.hpp>
#include <gchat/testing/certificate.hpp>
#include <gchat/testing/emulator.hpp>

#include "http_test_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace std::chrono_literals;
using gchat::server::event_server;
using gchat::server::event_server_options;
using gchat::testing::send_event_options;
using gchat::testing::send_event_result;

namespace {

const std::string audience_url = "https://bot.example.com/chat";
const std::string project_number = "123456789012";

std::string read_seed(const std::string& name) {
    std::ifstream in(std::string(GCHAT_TEST_DATA_DIR) + "/events/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> seed_names() {
    std::vector<std::string> out;
    for (auto& e : std::filesystem::directory_iterator(std::string(GCHAT_TEST_DATA_DIR) + "/events"))
        if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The reply every seed gets from the test router's fallback.
gchat::reply answer_to(const gchat::event& e) {
    return gchat::reply::text("got " + std::string(gchat::server::event_type_name(gchat::type_of(e))));
}

// An emulator (Google Chat's side and the REST API), a client on it, and an event server, on one io_context
// run by one background thread.
struct server_fixture {
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    std::optional<gchat::testing::emulator> emu;
    std::optional<gchat::client> chat;
    std::optional<event_server> server;
    std::mutex log_mutex;
    std::vector<std::string> logs;
    std::thread runner;

    template <class F>
    auto on_io(F f) {
        auto task = std::make_shared<std::packaged_task<decltype(f())()>>(std::move(f));
        auto fut = task->get_future();
        asio::post(ioc, [task] { (*task)(); });
        return fut.get();
    }

    explicit server_fixture(gchat::router r, const std::function<void(event_server_options&)>& tweak = {}) {
        gchat::testing::emulator_options eo;
        eo.spaces = {"spaces/AAAAAAAAAAA", "spaces/DDDDDDDDDDD"};
        emu.emplace(ioc.get_executor(), eo);
        runner = std::thread([this] { ioc.run(); });
        emu->async_start(asio::use_future).get();
        gchat::client_params p;
        p.credentials = gchat::auth::static_token("test-token");
        p.endpoint = emu->endpoint();
        p.endpoint.pop_back();
        p.default_deadline = 10s;
        chat.emplace(ioc.get_executor(), std::move(p));
        event_server_options o;
        o.verification.mode = gchat::server::audience_mode::endpoint_url;
        o.verification.audience = audience_url;
        o.verification.key_base_url = emu->endpoint();
        o.logger = [this](std::string_view line) {
            std::lock_guard<std::mutex> l(log_mutex);
            logs.emplace_back(line);
        };
        if (tweak) tweak(o);
        server.emplace(ioc.get_executor(), std::move(r), std::move(o), &*chat);
    }
    ~server_fixture() {
        try {
            if (server) server->async_stop(asio::use_future).get();
            on_io([&] { chat->close(); });
            emu->async_stop(asio::use_future).get();
        } catch (...) {
        }
        server.reset();
        chat.reset();
        work.reset();
        runner.join();
    }
    void start() { server->async_start(asio::use_future).get(); }
    // async_start / async_stop's error code (as_tuple(use_future) does not work on Boost 1.81).
    boost::system::error_code start_ec() {
        std::promise<boost::system::error_code> p;
        server->async_start([&p](boost::system::error_code ec) { p.set_value(ec); });
        return p.get_future().get();
    }
    boost::system::error_code stop_ec() {
        std::promise<boost::system::error_code> p;
        server->async_stop([&p](boost::system::error_code ec) { p.set_value(ec); });
        return p.get_future().get();
    }

    send_event_result send(const std::string& body, send_event_options o = {}) {
        if (o.audience_url.empty()) o.audience_url = audience_url;
        return emu->async_send_event_json(server->url(), body, std::move(o), asio::use_future).get();
    }
    std::future<send_event_result> send_async(const std::string& body, send_event_options o = {}) {
        if (o.audience_url.empty()) o.audience_url = audience_url;
        return emu->async_send_event_json(server->url(), body, std::move(o), asio::use_future);
    }
    gchat::server::event_server_stats stats() {
        return on_io([&] { return server->stats(); });
    }
    std::string all_logs() {
        std::lock_guard<std::mutex> l(log_mutex);
        std::string out;
        for (auto& s : logs)
            out += s + "\n";
        return out;
    }
    gchat::test::http_test_client raw_client() {
        return gchat::test::http_test_client(
            "http://127.0.0.1:" + std::to_string(server->local_endpoint().port()) + "/");
    }
    // Waits (up to 10 s) until pred() holds on the io thread.
    template <class P>
    bool eventually(P pred) {
        for (int i = 0; i < 1000; ++i) {
            if (on_io(pred)) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }
};

gchat::router fallback_router() {
    gchat::router r;
    r.fallback(answer_to);
    return r;
}

// A handler that sleeps `d` (on its executor) then answers.
auto sleeping(std::chrono::milliseconds d, std::string text) {
    return [d, text](const gchat::event&) -> asio::awaitable<gchat::reply> {
        asio::steady_timer t(co_await asio::this_coro::executor, d);
        co_await t.async_wait(asio::use_awaitable);
        co_return gchat::reply::text(text);
    };
}

void check_every_seed(gchat::server::audience_mode mode) {
    server_fixture f(fallback_router(), [&](event_server_options& o) {
        o.verification.mode = mode;
        o.verification.audience =
            mode == gchat::server::audience_mode::project_number ? project_number : audience_url;
    });
    f.start();
    for (const auto& name : seed_names()) {
        BOOST_TEST_CONTEXT(name) {
            std::string body = read_seed(name);
            auto ev = gchat::parse_event(body).value();
            send_event_options o;
            if (mode == gchat::server::audience_mode::project_number) {
                o.audience = gchat::testing::token_audience::project_number;
                o.project_number = project_number;
            }
            auto res = f.send(body, o);
            BOOST_TEST(res.status == 200u);
            BOOST_TEST(res.body == gchat::serialize(answer_to(ev), ev.envelope).value());
        }
    }
    BOOST_TEST(f.stats().requests == seed_names().size());
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_server_loopback)

BOOST_AUTO_TEST_CASE(every_seed_event_gets_the_routers_reply_with_an_endpoint_url_audience) {
    check_every_seed(gchat::server::audience_mode::endpoint_url);
}

BOOST_AUTO_TEST_CASE(every_seed_event_gets_the_routers_reply_with_a_project_number_audience) {
    check_every_seed(gchat::server::audience_mode::project_number);
}

BOOST_AUTO_TEST_CASE(a_parsed_event_sent_by_the_emulator_gets_its_reply) {
    server_fixture f(fallback_router());
    f.start();
    auto ev = gchat::parse_event(read_seed("message_mention.json")).value();
    send_event_options o;
    o.audience_url = audience_url;
    auto res = f.emu->async_send_event(f.server->url(), ev, o, asio::use_future).get();
    BOOST_TEST(res.status == 200u);
    BOOST_TEST_REQUIRE(res.message.has_value());
    BOOST_TEST(res.message->text.value() == "got MESSAGE");
}

BOOST_AUTO_TEST_CASE(no_authorization_header_is_401) {
    server_fixture f(fallback_router());
    f.start();
    send_event_options o;
    o.bearer_override = "";
    auto res = f.send(read_seed("message_mention.json"), o);
    BOOST_TEST(res.status == 401u);
    BOOST_TEST(res.body.find("UNAUTHENTICATED") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_token_is_401_and_is_neither_echoed_nor_logged) {
    server_fixture f(fallback_router());
    f.start();
    send_event_options o;
    o.bearer_override = "eyJhbGciOiJSUzI1NiJ9.eyJTRUNSRVRfTUFSSyI6MX0.SECRETSIGNATURE";
    auto res = f.send(read_seed("message_mention.json"), o);
    BOOST_TEST(res.status == 401u);
    BOOST_TEST(res.body.find("SECRET") == std::string::npos);
    BOOST_TEST(res.body.find("eyJ") == std::string::npos);
    auto logs = f.all_logs();
    BOOST_TEST(logs.find("status=401") != std::string::npos);
    BOOST_TEST(logs.find("SECRET") == std::string::npos);
    BOOST_TEST(logs.find("eyJ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_for_another_audience_is_401) {
    server_fixture f(fallback_router());
    f.start();
    send_event_options o;
    o.audience_url = "https://someone-else.example.com/";
    BOOST_TEST(f.send(read_seed("message_mention.json"), o).status == 401u);
}

namespace {

// The add-on audience mode: the token checked is the body's authorizationEventObject.systemIdToken, an ID
// token for the add-on's service account, whatever the Authorization header holds.
const std::string add_on_account = "service-42@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";

void use_add_on_mode(event_server_options& o) {
    o.verification.mode = gchat::server::audience_mode::add_on;
    o.verification.add_on_service_account = add_on_account;
}

send_event_options add_on_delivery() {
    send_event_options o;
    o.audience = gchat::testing::token_audience::add_on;
    o.add_on_service_account = add_on_account;
    return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_add_on_seed_gets_the_routers_reply_with_an_add_on_audience) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    int sent = 0;
    for (const auto& name : seed_names()) {
        if (name.rfind("addon_", 0) != 0) continue;
        BOOST_TEST_CONTEXT(name) {
            std::string body = read_seed(name);
            auto ev = gchat::parse_event(body).value();
            auto res = f.send(body, add_on_delivery());
            BOOST_TEST(res.status == 200u);
            BOOST_TEST(res.body == gchat::serialize(answer_to(ev), ev.envelope).value());
            ++sent;
        }
    }
    BOOST_TEST(sent == 4);
}

BOOST_AUTO_TEST_CASE(an_add_on_event_verifies_by_its_system_id_token_without_an_authorization_header) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    auto o = add_on_delivery();
    o.bearer_override = ""; // the add-on is configured to send no Authorization header
    BOOST_TEST(f.send(read_seed("addon_message.json"), o).status == 200u);
}

BOOST_AUTO_TEST_CASE(an_add_on_event_with_a_forged_system_id_token_is_401_despite_a_valid_header) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    auto o = add_on_delivery();
    o.system_id_token_override =
        "eyJhbGciOiJSUzI1NiJ9.EXAMPLE-SYSTEM-ID-TOKEN.sig"; // the header stays signed
    auto res = f.send(read_seed("addon_message.json"), o);
    BOOST_TEST(res.status == 401u);
    BOOST_TEST(res.body.find("EXAMPLE-SYSTEM-ID-TOKEN") == std::string::npos);
    BOOST_TEST(f.all_logs().find("EXAMPLE-SYSTEM-ID-TOKEN") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_add_on_event_without_a_system_id_token_is_401) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    auto o = add_on_delivery();
    o.system_id_token_override = ""; // removes the field
    auto res = f.send(read_seed("addon_message.json"), o);
    BOOST_TEST(res.status == 401u);
    BOOST_TEST(res.body.find("systemIdToken") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_system_id_token_of_another_service_account_is_401) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    auto o = add_on_delivery();
    o.add_on_service_account = "service-7@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";
    BOOST_TEST(f.send(read_seed("addon_message.json"), o).status == 401u);
}

BOOST_AUTO_TEST_CASE(a_chat_app_event_in_the_add_on_mode_is_401) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    // Signed for the Chat service account, in the header: no systemIdToken in the body.
    BOOST_TEST(f.send(read_seed("message_mention.json")).status == 401u);
}

BOOST_AUTO_TEST_CASE(bad_json_in_the_add_on_mode_is_400_with_a_safe_message) {
    server_fixture f(fallback_router(), use_add_on_mode);
    f.start();
    auto res = f.send(R"({"authorizationEventObject": {"systemIdToken": "SECRETVALUE"}, "chat": [)");
    BOOST_TEST(res.status == 400u);
    BOOST_TEST(res.body.find("SECRETVALUE") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_json_is_400_with_a_safe_message) {
    server_fixture f(fallback_router());
    f.start();
    auto res = f.send(R"({"type": "MESSAGE", "token": "SECRETVALUE", "message": [)");
    BOOST_TEST(res.status == 400u);
    BOOST_TEST(res.body.find("INVALID_ARGUMENT") != std::string::npos);
    BOOST_TEST(res.body.find("SECRETVALUE") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_event_is_logged_once_with_type_space_and_status) {
    server_fixture f(fallback_router());
    f.start();
    f.send(read_seed("message_mention.json"));
    auto logs = f.all_logs();
    BOOST_TEST(logs.find("event MESSAGE space=spaces/AAAAAAAAAAA status=200 reply=new_message") !=
               std::string::npos);
    BOOST_TEST(logs.find("Bearer") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_method_other_than_post_is_405) {
    server_fixture f(fallback_router());
    f.start();
    auto c = f.raw_client();
    auto res = c.get("/");
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.header("allow") == "POST");
}

BOOST_AUTO_TEST_CASE(a_content_type_other_than_json_is_415) {
    server_fixture f(fallback_router());
    f.start();
    auto c = f.raw_client();
    auto res = c.request("POST", "/", "type=MESSAGE", {}, "application/x-www-form-urlencoded");
    BOOST_TEST(res.status == 415u);
}

BOOST_AUTO_TEST_CASE(another_path_is_404) {
    server_fixture f(fallback_router(), [](event_server_options& o) { o.path = "/chat"; });
    f.start();
    auto c = f.raw_client();
    BOOST_TEST(c.post("/other", "{}").status == 404u);
}

BOOST_AUTO_TEST_CASE(an_oversized_body_is_413) {
    server_fixture f(fallback_router(), [](event_server_options& o) { o.body_limit = 1024; });
    f.start();
    auto c = f.raw_client();
    auto res = c.post("/", "{\"type\":\"MESSAGE\",\"x\":\"" + std::string(4096, 'a') + "\"}");
    BOOST_TEST(res.status == 413u);
}

BOOST_AUTO_TEST_CASE(a_slow_client_is_disconnected_after_the_read_timeout) {
    server_fixture f(fallback_router(), [](event_server_options& o) { o.read_timeout = 200ms; });
    f.start();
    asio::io_context local;
    asio::ip::tcp::socket s(local);
    s.connect(f.server->local_endpoint());
    asio::write(s, asio::buffer(std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-")));
    char buf[64];
    boost::system::error_code ec;
    bool done = false;
    s.async_read_some(asio::buffer(buf), [&](boost::system::error_code e, std::size_t) {
        ec = e;
        done = true;
    });
    local.run_for(10s);
    BOOST_TEST(done);
    BOOST_TEST((ec == asio::error::eof || ec == asio::error::connection_reset));
    BOOST_TEST(f.stats().connections_open == 0u);
}

BOOST_AUTO_TEST_CASE(events_past_max_in_flight_get_503_with_retry_after) {
    gchat::router r;
    r.on_message(sleeping(1500ms, "slow"));
    server_fixture f(std::move(r), [](event_server_options& o) { o.max_in_flight = 1; });
    f.start();
    auto first = f.send_async(read_seed("message_mention.json"));
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().in_flight == 1; }));
    auto c = f.raw_client();
    auto res = c.post("/", read_seed("message_mention.json"));
    BOOST_TEST(res.status == 503u);
    BOOST_TEST(res.header("retry-after") == "1");
    BOOST_TEST(first.get().status == 200u);
    BOOST_TEST(f.stats().overloaded == 1u);
}

BOOST_AUTO_TEST_CASE(connections_past_max_connections_get_503) {
    server_fixture f(fallback_router(), [](event_server_options& o) { o.max_connections = 1; });
    f.start();
    asio::io_context local;
    asio::ip::tcp::socket held(local);
    held.connect(f.server->local_endpoint());
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().connections_open == 1; }));
    auto c = f.raw_client();
    auto res = c.post("/", "{}");
    BOOST_TEST(res.status == 503u);
    BOOST_TEST(res.header("retry-after") == "1");
    BOOST_TEST(f.stats().connections_rejected == 1u);
}

BOOST_AUTO_TEST_CASE(a_handler_past_the_budget_is_acknowledged_and_its_reply_follows_in_the_thread) {
    gchat::router r;
    r.on_message(sleeping(600ms, "the late answer"));
    server_fixture f(std::move(r), [](event_server_options& o) { o.reply_budget = 100ms; });
    f.start();
    // A thread that exists in the emulator, for the event to come from.
    gchat::message first;
    first.text = "question";
    first.thread = gchat::thread{.name = std::nullopt, .thread_key = "t1"};
    gchat::create_message_params params{
        .message_reply_option = gchat::message_reply_option::reply_message_fallback_to_new_thread};
    auto created = asio::co_spawn(
                       f.ioc,
                       [&]() -> asio::awaitable<gchat::message> {
                           co_return co_await f.chat->async_create_message("spaces/AAAAAAAAAAA", first,
                                                                           params, asio::use_awaitable);
                       },
                       asio::use_future)
                       .get();
    const std::string thread_name = created.thread.value().name.value();
    auto ev = gchat::parse_event(read_seed("message_mention.json")).value();
    ev.message->thread = gchat::thread{.name = thread_name, .thread_key = std::nullopt};
    ev.thread = ev.message->thread;
    send_event_options o;
    o.audience_url = audience_url;
    auto res = f.emu->async_send_event(f.server->url(), ev, o, asio::use_future).get();
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "{}");
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().follow_ups_posted == 1; }));
    auto list =
        asio::co_spawn(
            f.ioc,
            [&]() -> asio::awaitable<gchat::list_messages_response> {
                gchat::list_messages_params lp;
                co_return co_await f.chat->async_list_messages("spaces/AAAAAAAAAAA", lp, asio::use_awaitable);
            },
            asio::use_future)
            .get();
    BOOST_TEST_REQUIRE(list.messages.size() == 2u);
    const auto& late = list.messages.back();
    BOOST_TEST(late.text.value() == "the late answer");
    BOOST_TEST(late.thread.value().name.value() == thread_name);
    BOOST_TEST(f.stats().late_replies == 1u);
    BOOST_TEST(f.all_logs().find("reply=late") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(acknowledge_and_continue_answers_at_once_and_posts_the_result) {
    gchat::router r;
    r.on_message([](const gchat::event&) {
        return gchat::acknowledge_and_continue([]() -> asio::awaitable<gchat::reply> {
            asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
            co_await t.async_wait(asio::use_awaitable);
            co_return gchat::reply::text("done in the background");
        });
    });
    server_fixture f(std::move(r));
    f.start();
    auto res = f.send(read_seed("message_mention.json"));
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "{}");
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().follow_ups_posted == 1; }));
    BOOST_TEST(f.on_io([&] { return f.emu->state().message_count("spaces/AAAAAAAAAAA"); }) == 1u);
    BOOST_TEST(f.stats().late_replies == 0u);
}

BOOST_AUTO_TEST_CASE(two_events_on_one_keep_alive_connection) {
    server_fixture f(fallback_router(), [](event_server_options& o) {
        o.verify = [](std::string_view token) -> asio::awaitable<boost::system::error_code> {
            co_return token == "test-token" ? boost::system::error_code()
                                            : make_error_code(gchat::errc::invalid_token);
        };
    });
    f.start();
    auto c = f.raw_client();
    auto a = c.post("/", read_seed("message_mention.json"));
    auto b = c.post("/", read_seed("card_clicked_v1.json"));
    BOOST_TEST(a.status == 200u);
    BOOST_TEST(b.status == 200u);
    BOOST_TEST(b.body.find("got CARD_CLICKED") != std::string::npos);
    BOOST_TEST(f.stats().connections_accepted == 1u);
}

BOOST_AUTO_TEST_CASE(tls_mode_serves_events_over_https) {
    auto cert = gchat::testing::make_self_signed_certificate().value();
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.use_certificate_chain(asio::buffer(cert.certificate_pem));
    tls.use_private_key(asio::buffer(cert.private_key_pem), asio::ssl::context::pem);
    server_fixture f(fallback_router(), [&](event_server_options& o) { o.tls_context = &tls; });
    f.start();
    BOOST_TEST(f.server->url().substr(0, 8) == "https://");
    send_event_options o;
    o.ca_pem = cert.certificate_pem;
    auto res = f.send(read_seed("message_mention.json"), o);
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.message.value().text.value() == "got MESSAGE");
}

BOOST_AUTO_TEST_CASE(graceful_shutdown_answers_the_event_in_flight) {
    gchat::router r;
    r.on_message(sleeping(400ms, "finished"));
    server_fixture f(std::move(r));
    f.start();
    auto pending = f.send_async(read_seed("message_mention.json"));
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().in_flight == 1; }));
    auto stopped = f.server->async_stop(asio::use_future);
    auto res = pending.get();
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.message.value().text.value() == "finished");
    BOOST_CHECK_NO_THROW(stopped.get());
    BOOST_TEST(f.stats().connections_open == 0u);
    f.server.reset();
}

BOOST_AUTO_TEST_CASE(shutdown_cancels_handlers_past_the_grace_period) {
    gchat::router r;
    r.on_message(sleeping(60s, "never"));
    server_fixture f(std::move(r), [](event_server_options& o) { o.shutdown_grace = 100ms; });
    f.start();
    auto pending = f.send_async(read_seed("message_mention.json"));
    BOOST_TEST_REQUIRE(f.eventually([&] { return f.server->stats().in_flight == 1; }));
    auto ec = f.stop_ec();
    BOOST_TEST((ec == asio::error::timed_out));
    BOOST_TEST(pending.get().body == "{}");
    f.server.reset();
}

BOOST_AUTO_TEST_CASE(start_without_a_verifier_fails) {
    server_fixture f(fallback_router(), [](event_server_options& o) { o.verification.audience.clear(); });
    auto ec = f.start_ec();
    BOOST_TEST((ec == gchat::errc::invalid_argument));
    f.server.reset();
}

BOOST_AUTO_TEST_CASE(insecure_skip_verification_accepts_any_token_and_warns) {
    server_fixture f(fallback_router(), [](event_server_options& o) {
        o.verification.audience.clear();
        o.insecure_skip_verification = true;
    });
    f.start();
    BOOST_TEST(f.all_logs().find("WARNING: bearer-token verification is OFF") != std::string::npos);
    auto c = f.raw_client();
    BOOST_TEST(c.post("/", read_seed("message_mention.json")).status == 200u);
}

BOOST_AUTO_TEST_CASE(async_handle_serves_a_request_without_the_listener) {
    server_fixture f(fallback_router(), [](event_server_options& o) {
        o.verify = [](std::string_view token) -> asio::awaitable<boost::system::error_code> {
            co_return token == "ok" ? boost::system::error_code()
                                    : make_error_code(gchat::errc::invalid_token);
        };
    });
    http::request<http::string_body> req{http::verb::post, "/", 11};
    req.set(http::field::content_type, "application/json");
    req.set(http::field::authorization, "Bearer ok");
    req.body() = read_seed("dialog_request.json");
    req.prepare_payload();
    auto res = f.server->async_handle(req, asio::use_future).get();
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body().find("got CARD_CLICKED") != std::string::npos);
    req.set(http::field::authorization, "Bearer no");
    BOOST_TEST(f.server->async_handle(req, asio::use_future).get().result_int() == 401u);
    req.method(http::verb::put);
    BOOST_TEST(f.server->async_handle(req, asio::use_future).get().result_int() == 405u);
}

BOOST_AUTO_TEST_SUITE_END()
