// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Incoming-webhook URLs (sans-I/O): parsing and checks, redaction of the token, the request of a post.
#include <gchat/webhook.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace {

constexpr const char* good =
    "https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=s3cr3t-T0KEN%3D";
constexpr const char* secret = "s3cr3t-T0KEN";

// The error and the diagnostics of a rejected URL; checks the token is not in the message.
std::string rejection(std::string_view url) {
    gchat::diagnostics diag;
    auto r = gchat::parse_webhook_url(url, &diag);
    BOOST_TEST_REQUIRE(!r.has_value(), url);
    BOOST_TEST((r.error() == gchat::errc::invalid_url));
    BOOST_TEST(diag.client_message.find(secret) == std::string::npos, diag.client_message);
    return diag.client_message;
}

} // namespace

BOOST_AUTO_TEST_SUITE(webhook_url)

BOOST_AUTO_TEST_CASE(a_google_webhook_url_parses_into_endpoint_space_and_target) {
    auto r = gchat::parse_webhook_url(good);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->endpoint == "https://chat.googleapis.com");
    BOOST_TEST(r->space == "spaces/AAAA1234");
    BOOST_TEST(r->target == "/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=s3cr3t-T0KEN%3D");
}

BOOST_AUTO_TEST_CASE(an_http_url_with_a_port_and_extra_parameters_parses) {
    auto r = gchat::parse_webhook_url("http://127.0.0.1:8080/v1/spaces/X/messages?key=k&token=t&threadKey=a");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->endpoint == "http://127.0.0.1:8080");
    BOOST_TEST(r->space == "spaces/X");
    BOOST_TEST(r->target == "/v1/spaces/X/messages?key=k&token=t&threadKey=a");
}

BOOST_AUTO_TEST_CASE(display_redacts_the_token) {
    auto r = gchat::parse_webhook_url(good);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->display() ==
               "https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=REDACTED");
}

BOOST_AUTO_TEST_CASE(a_missing_or_empty_token_is_rejected) {
    BOOST_TEST(rejection("https://chat.googleapis.com/v1/spaces/A/messages?key=k").find("token") !=
               std::string::npos);
    BOOST_TEST(rejection("https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=").find("token") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_key_is_rejected) {
    auto msg = rejection("https://chat.googleapis.com/v1/spaces/A/messages?token=s3cr3t-T0KEN");
    BOOST_TEST(msg.find("key parameter") != std::string::npos, msg);
    BOOST_TEST(msg.find("token=REDACTED") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(a_url_without_query_is_rejected) {
    BOOST_TEST(rejection("https://chat.googleapis.com/v1/spaces/A/messages").find("missing") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_path_other_than_spaces_messages_is_rejected) {
    for (auto url : {"https://chat.googleapis.com/v1/spaces//messages?key=k&token=s3cr3t-T0KEN",
                     "https://chat.googleapis.com/v1/spaces/A/B/messages?key=k&token=s3cr3t-T0KEN",
                     "https://chat.googleapis.com/v2/spaces/A/messages?key=k&token=s3cr3t-T0KEN",
                     "https://chat.googleapis.com/v1/spaces/A/messages/?key=k&token=s3cr3t-T0KEN",
                     "https://chat.googleapis.com/v1/spaces/A?key=k&token=s3cr3t-T0KEN",
                     "https://chat.googleapis.com/?key=k&token=s3cr3t-T0KEN"}) {
        auto msg = rejection(url);
        BOOST_TEST(msg.find("/v1/spaces/{space}/messages") != std::string::npos, msg);
    }
}

BOOST_AUTO_TEST_CASE(a_scheme_other_than_http_or_https_is_rejected) {
    auto msg = rejection("ftp://chat.googleapis.com/v1/spaces/A/messages?key=k&token=s3cr3t-T0KEN");
    BOOST_TEST(msg.find("scheme") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(user_info_and_fragments_are_rejected) {
    BOOST_TEST(rejection("https://u:p@chat.googleapis.com/v1/spaces/A/messages?key=k&token=s3cr3t-T0KEN")
                   .find("user information") != std::string::npos);
    BOOST_TEST(rejection("https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=s3cr3t-T0KEN#f")
                   .find("fragment") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_a_url_is_rejected_without_the_token) {
    for (auto url : {"", "not a url", "chat.googleapis.com/v1/spaces/A/messages?key=k&token=s3cr3t-T0KEN",
                     "https:///v1/spaces/A/messages?key=k&token=s3cr3t-T0KEN"})
        rejection(url);
}

BOOST_AUTO_TEST_CASE(redaction_replaces_every_token_value_and_keeps_the_rest) {
    BOOST_TEST(gchat::redact_webhook_url("https://h/v1/spaces/A/messages?key=k&token=abc") ==
               "https://h/v1/spaces/A/messages?key=k&token=REDACTED");
    BOOST_TEST(gchat::redact_webhook_url("/v1/spaces/A/messages?token=abc&key=k") ==
               "/v1/spaces/A/messages?token=REDACTED&key=k");
    BOOST_TEST(gchat::redact_webhook_url("/p?token=a&token=b&x=1") == "/p?token=REDACTED&token=REDACTED&x=1");
    BOOST_TEST(gchat::redact_webhook_url("/p?Token=a#frag") == "/p?Token=REDACTED#frag");
    BOOST_TEST(gchat::redact_webhook_url("/p?token") == "/p?token=REDACTED");
    BOOST_TEST(gchat::redact_webhook_url("/p?mytoken=a&tokens=b") == "/p?mytoken=a&tokens=b");
}

BOOST_AUTO_TEST_CASE(redaction_leaves_text_without_a_query_unchanged) {
    BOOST_TEST(gchat::redact_webhook_url("https://h/v1/spaces/A/messages") ==
               "https://h/v1/spaces/A/messages");
    BOOST_TEST(gchat::redact_webhook_url("token=abc") == "token=abc");
    BOOST_TEST(gchat::redact_webhook_url("") == "");
}

BOOST_AUTO_TEST_CASE(a_post_is_a_create_on_the_space_with_the_urls_key_and_token) {
    auto url = gchat::parse_webhook_url(good).value();
    gchat::message m;
    m.text = "hi";
    gchat::webhook_send_params p;
    p.thread_key = "deploy-42";
    p.message_reply_option = gchat::message_reply_option::reply_message_fallback_to_new_thread;
    p.request_id = "rid";
    gchat::detail::api_request req;
    auto ec = gchat::detail::build_webhook_post(url, m, p, req, nullptr);
    BOOST_TEST_REQUIRE(!ec, ec.message());
    BOOST_TEST((req.method == boost::beast::http::verb::post));
    BOOST_TEST(req.target == "/v1/spaces/AAAA1234/messages?requestId=rid&messageReplyOption="
                             "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&key=AIzaKEY&token=s3cr3t-T0KEN%3D");
    BOOST_TEST(req.idempotent);
    BOOST_TEST(req.body.find(R"("thread":{"threadKey":"deploy-42"})") != std::string::npos, req.body);
    BOOST_TEST(req.body.find(R"("text":"hi")") != std::string::npos, req.body);
}

BOOST_AUTO_TEST_CASE(a_post_without_a_request_id_is_not_idempotent) {
    auto url = gchat::parse_webhook_url(good).value();
    gchat::message m;
    m.text = "hi";
    gchat::detail::api_request req;
    BOOST_TEST(!gchat::detail::build_webhook_post(url, m, {}, req, nullptr));
    BOOST_TEST(req.target == "/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=s3cr3t-T0KEN%3D");
    BOOST_TEST(!req.idempotent);
}

BOOST_AUTO_TEST_CASE(a_parameter_set_twice_by_url_and_params_is_a_local_error) {
    auto url =
        gchat::parse_webhook_url("https://h/v1/spaces/A/messages?key=k&token=t&messageReplyOption=X").value();
    gchat::message m;
    m.text = "hi";
    gchat::webhook_send_params p;
    p.message_reply_option = gchat::message_reply_option::reply_message_or_fail;
    gchat::detail::api_request req;
    gchat::diagnostics diag;
    BOOST_TEST((gchat::detail::build_webhook_post(url, m, p, req, &diag) == gchat::errc::invalid_argument));
    BOOST_TEST(diag.client_message.find("messageReplyOption") != std::string::npos, diag.client_message);
}

BOOST_AUTO_TEST_CASE(an_invalid_message_is_a_local_error) {
    auto url = gchat::parse_webhook_url(good).value();
    gchat::message m;
    m.text = std::string(40000, 'x');
    gchat::detail::api_request req;
    gchat::diagnostics diag;
    BOOST_TEST(!!gchat::detail::build_webhook_post(url, m, {}, req, &diag));
    BOOST_TEST(!diag.client_message.empty());
}

BOOST_AUTO_TEST_CASE(has_query_param_matches_whole_names_only) {
    BOOST_TEST(gchat::detail::has_query_param("/p?a=1&requestId=x", "requestId"));
    BOOST_TEST(!gchat::detail::has_query_param("/p?a=1&requestIds=x", "requestId"));
    BOOST_TEST(!gchat::detail::has_query_param("/p", "requestId"));
}

BOOST_AUTO_TEST_SUITE_END()
