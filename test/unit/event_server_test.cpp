// The event server's sans-I/O rules: request checks, bearer parsing, error bodies, log lines, the
// follow-up a late reply becomes, and the acknowledge_and_continue reply.
#include <gchat/server/request_rules.hpp>

#include <gchat/event/parse.hpp>
#include <gchat/event/router.hpp>

#include "test_data.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace gchat::server;

namespace {
gchat::event load(const std::string& name) {
    return gchat::parse_event(gchat::test::read_data("events/" + name)).value();
}
constexpr std::size_t mib = 1024 * 1024;
} // namespace

BOOST_AUTO_TEST_SUITE(event_server_rules)

BOOST_AUTO_TEST_CASE(a_json_post_on_the_path_is_accepted) {
    auto r = check_request("POST", "/", "application/json", 10, "/", mib);
    BOOST_TEST(r.status == 0u);
    BOOST_TEST(!r);
}

BOOST_AUTO_TEST_CASE(the_query_string_is_ignored_for_the_path) {
    BOOST_TEST(check_request("POST", "/chat?x=1", "application/json", 10, "/chat", mib).status == 0u);
}

BOOST_AUTO_TEST_CASE(another_path_is_404) {
    BOOST_TEST(check_request("POST", "/other", "application/json", 10, "/", mib).status == 404u);
}

BOOST_AUTO_TEST_CASE(a_method_other_than_post_is_405) {
    BOOST_TEST(check_request("GET", "/", "application/json", 0, "/", mib).status == 405u);
    BOOST_TEST(check_request("PUT", "/", "application/json", 0, "/", mib).status == 405u);
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_413) {
    BOOST_TEST(check_request("POST", "/", "application/json", mib + 1, "/", mib).status == 413u);
    BOOST_TEST(check_request("POST", "/", "application/json", mib, "/", mib).status == 0u);
}

BOOST_AUTO_TEST_CASE(a_content_type_other_than_json_is_415) {
    BOOST_TEST(check_request("POST", "/", "text/plain", 10, "/", mib).status == 415u);
    BOOST_TEST(check_request("POST", "/", "", 10, "/", mib).status == 415u);
}

BOOST_AUTO_TEST_CASE(json_content_types_with_parameters_and_any_case_are_json) {
    BOOST_TEST(is_json_content_type("application/json"));
    BOOST_TEST(is_json_content_type("Application/JSON; charset=UTF-8"));
    BOOST_TEST(is_json_content_type(" application/json ;charset=utf-8"));
    BOOST_TEST(!is_json_content_type("application/jsonx"));
    BOOST_TEST(!is_json_content_type("text/json"));
}

BOOST_AUTO_TEST_CASE(error_bodies_are_google_rpc_status_shaped) {
    BOOST_TEST(error_body(401, "no \"token\"") ==
               R"({"error":{"code":401,"message":"no \"token\"","status":"UNAUTHENTICATED"}})");
    BOOST_TEST(error_body(503, "busy") ==
               R"({"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}})");
}

BOOST_AUTO_TEST_CASE(the_log_line_names_type_space_status_reply_and_latency) {
    event_log_record r;
    r.type = "MESSAGE";
    r.space = "spaces/AAA";
    r.envelope = "chat_app";
    r.reply = "new_message";
    r.status = 200;
    r.latency = std::chrono::microseconds(1234);
    BOOST_TEST(format_log_line(r) ==
               "gchat::server: event MESSAGE space=spaces/AAA status=200 reply=new_message latency=1.234ms "
               "envelope=chat_app");
}

BOOST_AUTO_TEST_CASE(a_rejected_request_logs_its_reason) {
    event_log_record r;
    r.status = 401;
    r.reason = "no bearer token";
    BOOST_TEST(format_log_line(r) ==
               "gchat::server: rejected status=401 latency=0.000ms reason=\"no bearer token\"");
}

BOOST_AUTO_TEST_CASE(event_type_names_are_the_wire_names) {
    BOOST_TEST(event_type_name(gchat::event_type::card_clicked) == "CARD_CLICKED");
    BOOST_TEST(event_type_name(gchat::event_type::unspecified) == "UNSPECIFIED");
}

BOOST_AUTO_TEST_CASE(a_late_text_reply_follows_up_in_the_events_space_and_thread) {
    auto ev = load("message_mention.json");
    auto f = make_follow_up(gchat::reply::text("later"), ev);
    BOOST_TEST_REQUIRE(f.has_value());
    BOOST_TEST(f->space == ev.space->name.value());
    BOOST_TEST(f->message.text.value() == "later");
    BOOST_TEST_REQUIRE(f->message.thread.has_value());
    BOOST_TEST(f->message.thread->name.value() == ev.message->thread->name.value());
    BOOST_TEST((f->params.message_reply_option ==
                gchat::message_reply_option::reply_message_fallback_to_new_thread));
}

BOOST_AUTO_TEST_CASE(a_late_reply_keeps_the_thread_it_names) {
    auto ev = load("message_mention.json");
    gchat::message m;
    m.text = "x";
    m.thread = gchat::thread{.name = std::nullopt, .thread_key = "mine"};
    auto f = make_follow_up(gchat::reply::new_message(m), ev);
    BOOST_TEST_REQUIRE(f.has_value());
    BOOST_TEST(f->message.thread->thread_key.value() == "mine");
    BOOST_TEST(!f->message.thread->name.has_value());
}

BOOST_AUTO_TEST_CASE(a_late_reply_of_another_kind_has_no_follow_up) {
    auto ev = load("dialog_submit.json");
    BOOST_TEST(!make_follow_up(gchat::reply::close_dialog(), ev).has_value());
    BOOST_TEST(!make_follow_up(gchat::reply::ack(), ev).has_value());
}

BOOST_AUTO_TEST_CASE(an_event_without_a_space_has_no_follow_up) {
    gchat::event ev;
    BOOST_TEST(!make_follow_up(gchat::reply::text("x"), ev).has_value());
}

BOOST_AUTO_TEST_CASE(acknowledge_and_continue_is_written_as_an_empty_acknowledgement) {
    auto r = gchat::acknowledge_and_continue(
        []() -> boost::asio::awaitable<gchat::reply> { co_return gchat::reply::text("done"); });
    BOOST_TEST((r.type() == gchat::reply::kind::acknowledge_and_continue));
    BOOST_TEST(r.continuation() != nullptr);
    BOOST_TEST(gchat::serialize(r, gchat::event_envelope::chat_app).value() == "{}");
    BOOST_TEST(gchat::serialize(r, gchat::event_envelope::workspace_add_on).value() == "{}");
    BOOST_TEST(std::string(gchat::to_string(r.type())) == "acknowledge_and_continue");
}

BOOST_AUTO_TEST_SUITE_END()
