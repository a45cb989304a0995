// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The client's response parsing: results, google.rpc.Status errors, Retry-After (sans-I/O).
#include <gchat/detail/responses.hpp>
#include <gchat/model/list_responses.hpp>

#include <boost/test/unit_test.hpp>

#include "printing.hpp"
#include "test_data.hpp"

using gchat::diagnostics;
using gchat::detail::api_response;

BOOST_AUTO_TEST_SUITE(client_responses)

BOOST_AUTO_TEST_CASE(a_2xx_body_parses_into_the_result_type) {
    api_response r{200, R"({"name":"spaces/AAA/messages/BBB","text":"hi","unknownField":1})",
                   "application/json", ""};
    gchat::message m;
    diagnostics d;
    BOOST_TEST(!gchat::detail::parse_response(r, m, d));
    BOOST_TEST(m.name.value() == "spaces/AAA/messages/BBB");
    BOOST_TEST(m.text.value() == "hi");
}

BOOST_AUTO_TEST_CASE(a_list_page_carries_its_next_page_token) {
    api_response r{
        200,
        R"({"messages":[{"name":"spaces/A/messages/1"},{"name":"spaces/A/messages/2"}],"nextPageToken":"n"})",
        "application/json", ""};
    gchat::list_messages_response page;
    diagnostics d;
    BOOST_TEST(!gchat::detail::parse_response(r, page, d));
    BOOST_TEST(page.messages.size() == 2u);
    BOOST_TEST(page.next_page_token.value() == "n");
}

BOOST_AUTO_TEST_CASE(an_empty_response_accepts_any_2xx_body) {
    gchat::detail::empty_response e;
    diagnostics d;
    BOOST_TEST(!gchat::detail::parse_response(api_response{200, "{}", "", ""}, e, d));
    BOOST_TEST(!gchat::detail::parse_response(api_response{204, "", "", ""}, e, d));
}

BOOST_AUTO_TEST_CASE(a_malformed_2xx_body_is_a_json_error_with_its_path) {
    api_response r{200, R"({"name":"x","createTime":"yesterday"})", "application/json", ""};
    gchat::message m;
    diagnostics d;
    auto ec = gchat::detail::parse_response(r, m, d);
    BOOST_TEST(!!ec);
    BOOST_TEST(d.client_message.find("createTime") != std::string::npos);
    BOOST_TEST(d.http_status == 200u);
}

BOOST_AUTO_TEST_CASE(a_status_body_becomes_its_api_code_with_the_server_message) {
    api_response r{404, gchat::test::read_data("client/not_found.json"), "application/json; charset=UTF-8",
                   ""};
    diagnostics d;
    auto ec = gchat::detail::parse_error_response(r, d);
    BOOST_TEST((ec == gchat::api_code::not_found));
    BOOST_TEST(d.http_status == 404u);
    BOOST_TEST(d.api_status == "NOT_FOUND");
    BOOST_TEST(d.server_message == "Message spaces/AAA/messages/BBB not found.");
    BOOST_TEST(!d.error_info);
    BOOST_TEST(d.summary() == "HTTP 404 NOT_FOUND: Message spaces/AAA/messages/BBB not found.");
}

BOOST_AUTO_TEST_CASE(error_info_is_found_among_the_details_with_its_metadata) {
    api_response r{429, gchat::test::read_data("client/rate_limited.json"), "application/json", "7"};
    diagnostics d;
    auto ec = gchat::detail::parse_error_response(r, d);
    BOOST_TEST((ec == gchat::api_code::resource_exhausted));
    BOOST_TEST_REQUIRE(d.error_info.has_value());
    BOOST_TEST(d.error_info->reason == "RATE_LIMIT_EXCEEDED");
    BOOST_TEST(d.error_info->domain == "googleapis.com");
    BOOST_TEST(d.error_info->metadata.at("quota_limit") == "WriteRequestsPerMinutePerSpace");
    BOOST_TEST(d.retry_after.value().count() == 7000);
}

BOOST_AUTO_TEST_CASE(a_status_body_without_a_status_name_maps_its_code) {
    api_response r{403, gchat::test::read_data("client/code_only.json"), "application/json", ""};
    diagnostics d;
    BOOST_TEST((gchat::detail::parse_error_response(r, d) == gchat::api_code::permission_denied));
    BOOST_TEST(d.api_status == "PERMISSION_DENIED");
    BOOST_TEST(d.server_message == "The caller does not have permission");
}

BOOST_AUTO_TEST_CASE(a_non_json_error_body_maps_the_http_status) {
    api_response r{502, gchat::test::read_data("client/bad_gateway.html"), "text/html", ""};
    diagnostics d;
    BOOST_TEST((gchat::detail::parse_error_response(r, d) == gchat::api_code::internal));
    BOOST_TEST(d.http_status == 502u);
    BOOST_TEST(d.server_message.empty());
    BOOST_TEST(d.client_message.find("google.rpc.Status") != std::string::npos);
    api_response empty503{503, "", "", "120"};
    BOOST_TEST((gchat::detail::parse_error_response(empty503, d) == gchat::api_code::unavailable));
    BOOST_TEST(d.retry_after.value().count() == 120'000);
}

BOOST_AUTO_TEST_CASE(a_redirect_is_an_unexpected_http_status) {
    diagnostics d;
    BOOST_TEST((gchat::detail::parse_error_response(api_response{302, "", "", ""}, d) ==
                gchat::errc::unexpected_http_status));
    BOOST_TEST(d.http_status == 302u);
}

BOOST_AUTO_TEST_SUITE_END()
