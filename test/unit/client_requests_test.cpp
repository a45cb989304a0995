// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The client's request builders and parameter checks (sans-I/O).
#include <gchat/detail/requests.hpp>

#include <boost/test/unit_test.hpp>

#include "printing.hpp"

#include <random>
#include <set>

namespace http = boost::beast::http;
using gchat::diagnostics;
using gchat::detail::api_request;

BOOST_AUTO_TEST_SUITE(client_requests)

BOOST_AUTO_TEST_CASE(create_message_posts_json_with_query_parameters_named_as_in_discovery) {
    api_request r;
    gchat::message m;
    m.text = "Hello, world!";
    gchat::create_message_params p{.message_id = "client-greeting",
                                   .request_id = "req-1",
                                   .thread_key = "key 1",
                                   .message_reply_option =
                                       gchat::message_reply_option::reply_message_fallback_to_new_thread};
    BOOST_TEST(!gchat::detail::build_create_message("spaces/AAA", m, p, r, nullptr));
    BOOST_TEST((r.method == http::verb::post));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages?threadKey=key%201&requestId=req-1&messageReplyOption="
                           "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&messageId=client-greeting");
    BOOST_TEST(r.body == R"({"text":"Hello, world!"})");
    BOOST_TEST(r.content_type == "application/json; charset=utf-8");
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(create_message_without_request_id_is_not_idempotent) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_create_message("spaces/AAA", {}, {}, r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages");
    BOOST_TEST(!r.idempotent);
}

BOOST_AUTO_TEST_CASE(bad_client_message_ids_are_local_errors_with_a_reason) {
    api_request r;
    diagnostics d;
    for (const char* id : {"greeting", "client-", "client-Greeting", "client-hello_world", "client-é"}) {
        d.clear();
        auto ec = gchat::detail::build_create_message("spaces/AAA", {}, {.message_id = id}, r, &d);
        BOOST_TEST((ec == gchat::errc::invalid_message_id), id);
        BOOST_TEST(!d.client_message.empty());
        BOOST_TEST(d.http_status == 0u);
    }
    std::string longest = "client-" + std::string(56, 'a');
    BOOST_TEST(!gchat::detail::check_message_id(longest, nullptr));
    BOOST_TEST((gchat::detail::check_message_id(longest + "a", &d) == gchat::errc::invalid_message_id));
    BOOST_TEST(d.client_message.find("63") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(resource_names_must_have_the_method_shape) {
    diagnostics d;
    using gchat::detail::check_resource_name;
    BOOST_TEST(!check_resource_name("spaces/AAA/messages/BBB.CCC", {"spaces", "messages"}, "name", &d));
    for (const char* bad : {"", "spaces/", "spaces/AAA", "spaces/AAA/messages/", "spaces/AAA/messages/B/x",
                            "rooms/AAA/messages/BBB", "spaces//messages/BBB", "spaces/AAA/messages/B\n"}) {
        auto ec = check_resource_name(bad, {"spaces", "messages"}, "message name", &d);
        BOOST_TEST((ec == gchat::errc::invalid_resource_name), bad);
    }
    BOOST_TEST(d.client_message.find("spaces/{id}/messages/{id}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(path_segments_and_query_values_are_percent_encoded) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_get_message("spaces/A A/messages/B?C#D", r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/A%20A/messages/B%3FC%23D");
    gchat::list_messages_params p;
    p.filter = "createTime > \"2023-04-21T11:30:00+04:00\" AND thread.name = spaces/AAA/threads/x&y";
    BOOST_TEST(!gchat::detail::build_list_messages("spaces/AAA", p, r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages?filter=createTime%20%3E%20%222023-04-21T11%3A30%3A00%2B04"
                           "%3A00%22%20AND%20thread.name%20%3D%20spaces%2FAAA%2Fthreads%2Fx%26y");
}

BOOST_AUTO_TEST_CASE(get_message_is_an_idempotent_get_without_body) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_get_message("spaces/AAA/messages/BBB", r, nullptr));
    BOOST_TEST((r.method == http::verb::get));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB");
    BOOST_TEST(r.body.empty());
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(update_message_patches_with_update_mask_and_allow_missing) {
    api_request r;
    gchat::message m;
    m.name = "spaces/AAA/messages/client-x";
    m.text = "Updated";
    BOOST_TEST(!gchat::detail::build_update_message(m, "text,cardsV2", {.allow_missing = true}, r, nullptr));
    BOOST_TEST((r.method == http::verb::patch));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/client-x?updateMask=text%2CcardsV2&allowMissing=true");
    BOOST_TEST(r.body.find("\"text\":\"Updated\"") != std::string::npos);
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(update_message_needs_a_name_and_a_mask) {
    api_request r;
    diagnostics d;
    gchat::message m;
    BOOST_TEST(
        (gchat::detail::build_update_message(m, "text", {}, r, &d) == gchat::errc::invalid_resource_name));
    m.name = "spaces/AAA/messages/BBB";
    BOOST_TEST((gchat::detail::build_update_message(m, "", {}, r, &d) == gchat::errc::invalid_argument));
    BOOST_TEST(d.client_message.find("update_mask") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(delete_message_sends_force_only_when_set) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_delete_message("spaces/AAA/messages/BBB", {}, r, nullptr));
    BOOST_TEST((r.method == http::verb::delete_));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB");
    BOOST_TEST(!gchat::detail::build_delete_message("spaces/AAA/messages/BBB", {.force = true}, r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB?force=true");
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(list_messages_names_every_query_parameter) {
    api_request r;
    gchat::list_messages_params p{.page_size = 50,
                                  .page_token = "tok/en=",
                                  .filter = "",
                                  .order_by = "createTime desc",
                                  .show_deleted = true};
    BOOST_TEST(!gchat::detail::build_list_messages("spaces/AAA", p, r, nullptr));
    BOOST_TEST(r.target ==
               "/v1/spaces/AAA/"
               "messages?pageSize=50&pageToken=tok%2Fen%3D&orderBy=createTime%20desc&showDeleted=true");
}

BOOST_AUTO_TEST_CASE(page_sizes_outside_the_api_limits_are_local_errors) {
    api_request r;
    diagnostics d;
    BOOST_TEST((gchat::detail::build_list_messages("spaces/AAA", {.page_size = 1001}, r, &d) ==
                gchat::errc::invalid_page_size));
    BOOST_TEST((gchat::detail::build_list_messages("spaces/AAA", {.page_size = -1}, r, &d) ==
                gchat::errc::invalid_page_size));
    BOOST_TEST((gchat::detail::build_list_reactions("spaces/AAA/messages/B", {.page_size = 201}, r, &d) ==
                gchat::errc::invalid_page_size));
    BOOST_TEST(!gchat::detail::build_list_spaces({.page_size = 1000}, r, &d));
}

BOOST_AUTO_TEST_CASE(a_message_over_32000_bytes_is_a_local_error) {
    api_request r;
    diagnostics d;
    gchat::message m;
    m.text = std::string(32'001, 'x');
    BOOST_TEST(
        (gchat::detail::build_create_message("spaces/AAA", m, {}, r, &d) == gchat::errc::message_too_large));
    BOOST_TEST(!d.client_message.empty());
}

BOOST_AUTO_TEST_CASE(a_card_with_too_many_widgets_is_a_local_error) {
    api_request r;
    diagnostics d;
    gchat::message m;
    gchat::card_with_id c;
    c.card.emplace();
    c.card->sections.emplace_back();
    c.card->sections[0].widgets.resize(101);
    for (auto& w : c.card->sections[0].widgets)
        w.text_paragraph = gchat::text_paragraph{.text = "x"};
    m.cards_v2.push_back(c);
    BOOST_TEST(
        (gchat::detail::build_create_message("spaces/AAA", m, {}, r, &d) == gchat::errc::too_many_widgets));
}

BOOST_AUTO_TEST_CASE(spaces_requests) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_get_space("spaces/AAA", r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA");
    BOOST_TEST(!gchat::detail::build_list_spaces(
        {.page_size = 10, .page_token = "t", .filter = "spaceType = \"SPACE\""}, r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces?pageSize=10&pageToken=t&filter=spaceType%20%3D%20%22SPACE%22");
    BOOST_TEST(!gchat::detail::build_find_direct_message("users/someone@example.com", r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces:findDirectMessage?name=users%2Fsomeone%40example.com");
    BOOST_TEST((gchat::detail::build_find_direct_message("someone", r, nullptr) ==
                gchat::errc::invalid_resource_name));
}

BOOST_AUTO_TEST_CASE(members_requests) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_get_member("spaces/AAA/members/123", r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/members/123");
    BOOST_TEST(!gchat::detail::build_list_members(
        "spaces/AAA", {.page_size = 5, .show_groups = true, .show_invited = true}, r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/members?pageSize=5&showGroups=true&showInvited=true");
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(reactions_requests) {
    api_request r;
    gchat::reaction re;
    re.emoji.emplace();
    re.emoji->unicode = "🙂";
    BOOST_TEST(!gchat::detail::build_create_reaction("spaces/AAA/messages/BBB", re, r, nullptr));
    BOOST_TEST((r.method == http::verb::post));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB/reactions");
    BOOST_TEST(r.body == R"({"emoji":{"unicode":"🙂"}})");
    BOOST_TEST(!r.idempotent);
    BOOST_TEST((gchat::detail::build_create_reaction("spaces/AAA/messages/BBB", {}, r, nullptr) ==
                gchat::errc::invalid_argument));
    BOOST_TEST(!gchat::detail::build_list_reactions("spaces/AAA/messages/BBB",
                                                    {.filter = "emoji.unicode = \"🙂\""}, r, nullptr));
    BOOST_TEST(r.target.rfind("/v1/spaces/AAA/messages/BBB/reactions?filter=emoji.unicode%20%3D%20%22%F0%9F",
                              0) == 0);
    BOOST_TEST(!gchat::detail::build_delete_reaction("spaces/AAA/messages/BBB/reactions/CCC", r, nullptr));
    BOOST_TEST((r.method == http::verb::delete_));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB/reactions/CCC");
}

BOOST_AUTO_TEST_CASE(attachment_and_media_requests) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_get_attachment("spaces/AAA/messages/BBB/attachments/CCC", r, nullptr));
    BOOST_TEST(r.target == "/v1/spaces/AAA/messages/BBB/attachments/CCC");
    BOOST_TEST(!gchat::detail::build_download("uploads/AAA/xyz", r, nullptr));
    BOOST_TEST(r.target == "/v1/media/uploads/AAA/xyz?alt=media");
    BOOST_TEST(r.idempotent);
}

BOOST_AUTO_TEST_CASE(upload_builds_a_multipart_related_body) {
    api_request r;
    BOOST_TEST(!gchat::detail::build_upload("spaces/AAA",
                                            {.filename = "a \"b\".txt", .content_type = "text/plain"},
                                            "hello", "BOUND", r, nullptr));
    BOOST_TEST((r.method == http::verb::post));
    BOOST_TEST(r.target == "/upload/v1/spaces/AAA/attachments:upload?uploadType=multipart");
    BOOST_TEST(r.content_type == "multipart/related; boundary=BOUND");
    BOOST_TEST(r.body == "--BOUND\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                         "{\"filename\":\"a \\\"b\\\".txt\"}\r\n--BOUND\r\nContent-Type: text/plain\r\n\r\n"
                         "hello\r\n--BOUND--\r\n");
    BOOST_TEST(!r.idempotent);
}

BOOST_AUTO_TEST_CASE(upload_refuses_a_boundary_found_in_the_data_and_a_missing_filename) {
    api_request r;
    BOOST_TEST((gchat::detail::build_upload("spaces/AAA", {.filename = "f"}, "xxBOUNDxx", "BOUND", r,
                                            nullptr) == gchat::errc::invalid_argument));
    BOOST_TEST((gchat::detail::build_upload("spaces/AAA", {}, "x", "BOUND", r, nullptr) ==
                gchat::errc::invalid_argument));
}

BOOST_AUTO_TEST_CASE(uuid_v4_has_version_and_variant_bits_and_does_not_repeat) {
    std::mt19937_64 rng(42);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto u = gchat::detail::make_uuid_v4(rng);
        BOOST_TEST_REQUIRE(u.size() == 36u);
        BOOST_TEST(u[8] == '-');
        BOOST_TEST(u[13] == '-');
        BOOST_TEST(u[14] == '4');
        BOOST_TEST(u[18] == '-');
        BOOST_TEST((u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b'));
        BOOST_TEST(u[23] == '-');
        seen.insert(u);
    }
    BOOST_TEST(seen.size() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
