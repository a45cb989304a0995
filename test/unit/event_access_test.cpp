// The event accessors on hand-built events (the fixtures are covered in event_parse_test.cpp), and
// gchat::secret.
#include <gchat/event/event.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <utility>

using gchat::event;

BOOST_AUTO_TEST_SUITE(event_access)

BOOST_AUTO_TEST_CASE(invoked_function_prefers_common_then_action_then_the_add_on_parameter) {
    event e;
    BOOST_TEST(gchat::invoked_function(e).empty());
    e.common.emplace().parameters["__action_method_name__"] = "legacyName";
    BOOST_TEST(gchat::invoked_function(e) == "legacyName");
    e.action.emplace().action_method_name = "fromAction";
    BOOST_TEST(gchat::invoked_function(e) == "fromAction");
    e.common->invoked_function = "fromCommon";
    BOOST_TEST(gchat::invoked_function(e) == "fromCommon");
}

BOOST_AUTO_TEST_CASE(parameter_prefers_common_over_the_legacy_action) {
    event e;
    e.action.emplace().parameters.push_back({"k", "legacy"});
    BOOST_TEST(*gchat::parameter(e, "k") == "legacy");
    e.common.emplace().parameters["k"] = "common";
    BOOST_TEST(*gchat::parameter(e, "k") == "common");
    BOOST_TEST(!gchat::parameter(e, "other").has_value());
}

BOOST_AUTO_TEST_CASE(command_id_prefers_the_slash_command_then_the_metadata_then_the_annotation) {
    event e;
    BOOST_TEST(!gchat::command_id(e).has_value());
    auto& a = e.message.emplace().annotations.emplace_back();
    a.type = gchat::annotation_type::slash_command;
    a.slash_command.emplace().command_id = 9;
    BOOST_TEST(*gchat::command_id(e) == 9);
    e.app_command_metadata.emplace().app_command_id = 8;
    BOOST_TEST(*gchat::command_id(e) == 8);
    e.message->slash_command.emplace().command_id = 7;
    BOOST_TEST(*gchat::command_id(e) == 7);
    BOOST_TEST(gchat::is_slash_command(e));
}

BOOST_AUTO_TEST_CASE(is_dialog_follows_the_flag_or_the_dialog_type) {
    event e;
    BOOST_TEST(!gchat::is_dialog(e));
    e.dialog_event_type = gchat::dialog_event_type::submit_dialog;
    BOOST_TEST(gchat::is_dialog(e));
    e.dialog_event_type.reset();
    e.is_dialog_event = true;
    BOOST_TEST(gchat::is_dialog(e));
}

BOOST_AUTO_TEST_CASE(app_mentioned_ignores_humans) {
    event e;
    auto& a = e.message.emplace().annotations.emplace_back();
    a.type = gchat::annotation_type::user_mention;
    a.user_mention.emplace().user.emplace().type = gchat::user_type::human;
    BOOST_TEST(!gchat::app_mentioned(e));
}

BOOST_AUTO_TEST_CASE(form_lookup_on_an_event_without_common) {
    const event e;
    BOOST_TEST(gchat::form_input(e, "x") == nullptr);
    BOOST_TEST(gchat::form_values(e, "x").empty());
    BOOST_TEST(!gchat::form_time(e, "x").has_value());
}

BOOST_AUTO_TEST_CASE(form_lookup_finds_keys_around_the_searched_one) {
    event e;
    auto& in = e.common.emplace().form_inputs;
    for (const char* k : {"a", "b", "c"})
        in[k].string_inputs.emplace().value.push_back(std::string("v") + k);
    BOOST_TEST(*gchat::form_value(e, "a") == "va");
    BOOST_TEST(*gchat::form_value(e, "c") == "vc");
    BOOST_TEST(!gchat::form_value(e, "bb").has_value());
}

BOOST_AUTO_TEST_CASE(secret_prints_redacted_and_reveals_on_request) {
    gchat::secret s("token-value");
    std::ostringstream os;
    os << s;
    BOOST_TEST(os.str() == "[redacted]");
    BOOST_TEST(s.reveal() == "token-value");
}

BOOST_AUTO_TEST_CASE(secret_copies_moves_and_clears) {
    gchat::secret a("one");
    gchat::secret b = a;
    BOOST_TEST((a == b));
    gchat::secret c = std::move(a);
    BOOST_TEST(a.empty());
    BOOST_TEST(c.reveal() == "one");
    c.clear();
    BOOST_TEST(c.empty());
    b = gchat::secret("two");
    BOOST_TEST(b.reveal() == "two");
}

BOOST_AUTO_TEST_CASE(events_with_add_on_context_copy_and_compare) {
    event a;
    a.envelope = gchat::event_envelope::workspace_add_on;
    a.add_on.user_oauth_token = gchat::secret("t");
    event b = a;
    BOOST_TEST((a == b));
    b.add_on.user_oauth_token.clear();
    BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_SUITE_END()
