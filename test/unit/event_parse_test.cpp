// gchat::parse_event: the seed payloads field for field, the other Chat app events, the Workspace
// add-on envelope, the accessors, and the bad-input errors.
#include <gchat/event/parse.hpp>

#include "printing.hpp"
#include "test_data.hpp"

#include <gchat/json/serialize.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using gchat::event;
using gchat::event_type;

namespace {

event load(const std::string& name) {
    gchat::diagnostics diag;
    auto r = gchat::parse_event(gchat::test::read_data("events/" + name), diag);
    BOOST_TEST_REQUIRE(r.has_value(), name << ": " << diag.client_message);
    return std::move(*r);
}

// The error and the diagnostics message of a body that must not parse.
std::pair<boost::system::error_code, std::string> parse_error(std::string_view body) {
    gchat::diagnostics diag;
    auto r = gchat::parse_event(body, diag);
    BOOST_TEST_REQUIRE(r.has_error());
    return {r.error(), diag.client_message};
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_parse)

// ---------------------------------------------------------------- seed: MESSAGE with an @mention

BOOST_AUTO_TEST_CASE(message_seed_type_time_and_envelope) {
    const event e = load("message_mention.json");
    BOOST_TEST((e.type == event_type::message));
    BOOST_TEST(e.event_time->seconds == 1691187414);
    BOOST_TEST(e.event_time->nanos == 93489000);
    BOOST_TEST((e.envelope == gchat::event_envelope::chat_app));
}

BOOST_AUTO_TEST_CASE(message_seed_space) {
    const event e = load("message_mention.json");
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
    BOOST_TEST(*e.space->display_name == "Customer Support Superstars");
    BOOST_TEST((e.space->space_type == gchat::space_type::space));
}

BOOST_AUTO_TEST_CASE(message_seed_message_text_sender_and_thread) {
    const event e = load("message_mention.json");
    const gchat::message& m = *e.message;
    BOOST_TEST(*m.name == "spaces/AAAAAAAAAAA/messages/CCCCCCCCCCC");
    BOOST_TEST(*m.sender->name == "users/12345678901234567890");
    BOOST_TEST(*m.sender->display_name == "Izumi");
    BOOST_TEST(m.create_time->seconds == 1691187386);
    BOOST_TEST(m.create_time->nanos == 954319000);
    BOOST_TEST(*m.text == "@TestBot Create ticket.");
    BOOST_TEST(*m.argument_text == " Create ticket.");
    BOOST_TEST(*m.thread->name == "spaces/AAAAAAAAAAA/threads/BBBBBBBBBBB");
    BOOST_TEST(*m.thread->thread_key == "custom-thread-ID");
}

BOOST_AUTO_TEST_CASE(message_seed_user_mention_annotation) {
    const event e = load("message_mention.json");
    BOOST_TEST_REQUIRE(e.message->annotations.size() == 1u);
    const gchat::annotation& a = e.message->annotations[0];
    BOOST_TEST((a.type == gchat::annotation_type::user_mention));
    BOOST_TEST(*a.start_index == 0);
    BOOST_TEST(*a.length == 8);
    BOOST_TEST((a.user_mention->type == gchat::user_mention_type::mention));
    BOOST_TEST(*a.user_mention->user->name == "users/1234567890987654321");
    BOOST_TEST(*a.user_mention->user->display_name == "TestBot");
    BOOST_TEST((a.user_mention->user->type == gchat::user_type::bot));
}

BOOST_AUTO_TEST_CASE(message_seed_drive_attachment_with_snake_case_keys) {
    const event e = load("message_mention.json");
    BOOST_TEST_REQUIRE(e.message->attachment.size() == 1u);
    const gchat::attachment& a = e.message->attachment[0];
    BOOST_TEST(
        *a.name ==
        "spaces/5o6pDgAAAAE/messages/Ohu1LlUVcS8.Ohu1LlUVcS8/attachments/AATUf-Iz7d8kySEdRRZd-dznqBk3");
    BOOST_TEST(*a.content_name == "solar.png");
    BOOST_TEST(*a.content_type == "image/png");
    BOOST_TEST(*a.drive_data_ref->drive_file_id == "H1HqaqRuH2Pfd_TOa1fF2_ltwDlV_yKRrr");
    BOOST_TEST((a.source == gchat::attachment_source::drive_file));
}

BOOST_AUTO_TEST_CASE(message_seed_user) {
    const event e = load("message_mention.json");
    BOOST_TEST(*e.user->name == "users/12345678901234567890");
    BOOST_TEST(*e.user->display_name == "Izumi");
    BOOST_TEST(!e.user->type.has_value());
}

BOOST_AUTO_TEST_CASE(message_seed_accessors) {
    const event e = load("message_mention.json");
    BOOST_TEST(gchat::app_mentioned(e));
    BOOST_TEST(gchat::app_mentioned(e, "users/1234567890987654321"));
    BOOST_TEST(!gchat::app_mentioned(e, "users/someone-else"));
    BOOST_TEST(gchat::argument_text(e) == " Create ticket.");
    BOOST_TEST(!gchat::command_id(e).has_value());
    BOOST_TEST(gchat::invoked_function(e).empty());
    BOOST_TEST(!gchat::is_dialog(e));
}

// ---------------------------------------------------------------- seeds: ADDED / REMOVED

BOOST_AUTO_TEST_CASE(added_by_admin_reads_admin_installed_string_true) {
    const event e = load("added_to_space_by_admin.json");
    BOOST_TEST((e.type == event_type::added_to_space));
    BOOST_TEST(e.event_time->seconds == 1691187414);
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
    BOOST_TEST(*e.space->display_name == "Customer Support Superstars");
    BOOST_TEST((e.space->space_type == gchat::space_type::direct_message));
    BOOST_TEST(*e.space->admin_installed == true);
    BOOST_TEST(*e.user->name == "users/12345678901234567890");
    BOOST_TEST(*e.user->display_name == "Izumi");
    BOOST_TEST(!e.message.has_value());
}

BOOST_AUTO_TEST_CASE(added_by_user_reads_admin_installed_string_false) {
    const event e = load("added_to_space_by_user.json");
    BOOST_TEST((e.type == event_type::added_to_space));
    BOOST_TEST((e.space->space_type == gchat::space_type::space));
    BOOST_TEST(*e.space->admin_installed == false);
}

BOOST_AUTO_TEST_CASE(removed_by_admin) {
    const event e = load("removed_from_space_by_admin.json");
    BOOST_TEST((e.type == event_type::removed_from_space));
    BOOST_TEST(e.event_time->nanos == 93489000);
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
    BOOST_TEST((e.space->space_type == gchat::space_type::direct_message));
    BOOST_TEST(*e.space->admin_installed == true);
    BOOST_TEST(!e.space->display_name.has_value());
    BOOST_TEST(*e.user->display_name == "Izumi");
}

BOOST_AUTO_TEST_CASE(removed_by_user) {
    const event e = load("removed_from_space_by_user.json");
    BOOST_TEST((e.type == event_type::removed_from_space));
    BOOST_TEST((e.space->space_type == gchat::space_type::space));
    BOOST_TEST(*e.space->admin_installed == false);
}

// ---------------------------------------------------------------- seed: CARD_CLICKED on a legacy card

BOOST_AUTO_TEST_CASE(card_clicked_seed_common) {
    const event e = load("card_clicked_v1.json");
    BOOST_TEST((e.type == event_type::card_clicked));
    BOOST_TEST(*e.common->user_locale == "en");
    BOOST_TEST((e.common->host_app == gchat::host_app::chat));
    BOOST_TEST(*e.common->invoked_function == "doAssignTicket");
    BOOST_TEST(*e.common->time_zone->offset == -25200000);
    BOOST_TEST(*e.common->time_zone->id == "America/Los_Angeles");
}

BOOST_AUTO_TEST_CASE(card_clicked_seed_action_and_invoked_function) {
    const event e = load("card_clicked_v1.json");
    BOOST_TEST(*e.action->action_method_name == "doAssignTicket");
    BOOST_TEST(gchat::invoked_function(e) == "doAssignTicket");
}

BOOST_AUTO_TEST_CASE(card_clicked_seed_legacy_card) {
    const event e = load("card_clicked_v1.json");
    BOOST_TEST_REQUIRE(e.message->cards.size() == 1u);
    const gchat::legacy_card& c = e.message->cards[0];
    BOOST_TEST(*c.header->title == "Incoming support ticket.");
    BOOST_TEST(*c.sections.at(0).widgets.at(0).text_paragraph->text ==
               "Incoming support ticket #12345 is unassigned and needs your attention.");
    const gchat::text_button& b = *c.sections.at(0).widgets.at(1).buttons.at(0).text_button;
    BOOST_TEST(*b.text == "Assign to me");
    BOOST_TEST(*b.on_click->action->action_method_name == "doAssignTicket");
}

BOOST_AUTO_TEST_CASE(card_clicked_seed_message_metadata) {
    const event e = load("card_clicked_v1.json");
    const gchat::message& m = *e.message;
    BOOST_TEST(*m.name == "spaces/AAAAAAAAAAA/messages/CCCCCCCCCCC");
    BOOST_TEST(*m.sender->name == "users/98765432109876543210");
    BOOST_TEST(*m.sender->display_name == "Support Chat app");
    BOOST_TEST((m.sender->type == gchat::user_type::bot));
    BOOST_TEST(m.create_time->seconds == 1691187386);
    BOOST_TEST(m.create_time->nanos == 954319000);
    BOOST_TEST(*m.thread->name == "spaces/AAAAAAAAAAA/threads/BBBBBBBBBBB");
}

BOOST_AUTO_TEST_CASE(card_clicked_seed_spaces) {
    const event e = load("card_clicked_v1.json");
    for (const gchat::space* s : {&*e.space, &*e.message->space}) {
        BOOST_TEST(*s->name == "spaces/AAAAAAAAAAA");
        BOOST_TEST(*s->display_name == "Customer Support Superstars");
        BOOST_TEST((s->space_threading_state == gchat::space_threading_state::grouped_messages));
        BOOST_TEST((s->space_type == gchat::space_type::space));
        BOOST_TEST((s->space_history_state == gchat::history_state::history_on));
        BOOST_TEST((s->type == gchat::legacy_space_type::room));
        BOOST_TEST(*s->threaded == true);
    }
}

BOOST_AUTO_TEST_CASE(card_clicked_seed_user) {
    const event e = load("card_clicked_v1.json");
    BOOST_TEST(*e.user->name == "users/12345678901234567890");
    BOOST_TEST((e.user->type == gchat::user_type::human));
    BOOST_TEST(*e.user->domain_id == "ABCDEFG");
}

// ---------------------------------------------------------------- other Chat app events

BOOST_AUTO_TEST_CASE(dm_slash_command) {
    const event e = load("message_dm_slash_command.json");
    BOOST_TEST((e.type == event_type::message));
    BOOST_TEST(e.event_time->seconds == 1710236467);
    BOOST_TEST(e.event_time->nanos == 512000000);
    BOOST_TEST(*e.message->slash_command->command_id == 1);
    BOOST_TEST(*gchat::command_id(e) == 1);
    BOOST_TEST(gchat::is_slash_command(e));
    BOOST_TEST(gchat::argument_text(e) == " Printer on floor 3 is jammed");
    BOOST_TEST((e.space->space_type == gchat::space_type::direct_message));
    BOOST_TEST(*e.space->single_user_bot_dm == true);
    BOOST_TEST(*e.config_complete_redirect_url ==
               "https://chat.google.com/api/bot_config_complete?token=REDACTED-EXAMPLE");
}

BOOST_AUTO_TEST_CASE(dm_slash_command_annotation) {
    const event e = load("message_dm_slash_command.json");
    const gchat::annotation& a = e.message->annotations.at(0);
    BOOST_TEST((a.type == gchat::annotation_type::slash_command));
    BOOST_TEST(*a.length == 7);
    BOOST_TEST((a.slash_command->type == gchat::slash_command_type::invoke));
    BOOST_TEST(*a.slash_command->command_name == "/create");
    BOOST_TEST(*a.slash_command->command_id == 1);
    BOOST_TEST(*a.slash_command->triggers_dialog == false);
    BOOST_TEST((a.slash_command->bot->type == gchat::user_type::bot));
    BOOST_TEST(!gchat::app_mentioned(e)); // a command is not a mention
}

BOOST_AUTO_TEST_CASE(app_command_quick_command) {
    const event e = load("app_command_quick.json");
    BOOST_TEST((e.type == event_type::app_command));
    BOOST_TEST(*e.app_command_metadata->app_command_id == 2);
    BOOST_TEST((e.app_command_metadata->app_command_type == gchat::app_command_type::quick_command));
    BOOST_TEST(*gchat::command_id(e) == 2);
    BOOST_TEST(!gchat::is_slash_command(e));
    BOOST_TEST(*e.is_dialog_event == false);
    BOOST_TEST(e.event_time->seconds == 1710236700);
}

BOOST_AUTO_TEST_CASE(card_clicked_v2_parameters) {
    const event e = load("card_clicked_v2_form.json");
    BOOST_TEST(gchat::invoked_function(e) == "assignTicket");
    BOOST_TEST(*gchat::parameter(e, "ticketId") == "12345");
    BOOST_TEST(*gchat::parameter(e, "priority") == "P1");
    BOOST_TEST(!gchat::parameter(e, "missing").has_value());
    BOOST_TEST((e.common->platform == gchat::platform::web));
}

BOOST_AUTO_TEST_CASE(card_clicked_v2_legacy_parameters_are_found_too) {
    event e = load("card_clicked_v2_form.json");
    e.common->parameters.clear();
    BOOST_TEST(*gchat::parameter(e, "ticketId") == "12345");
    BOOST_TEST(e.action->parameters.size() == 2u);
}

BOOST_AUTO_TEST_CASE(card_clicked_v2_string_inputs) {
    const event e = load("card_clicked_v2_form.json");
    BOOST_TEST(*gchat::form_value(e, "assignee") == "charlie@example.com");
    auto labels = gchat::form_values(e, "labels");
    BOOST_TEST_REQUIRE(labels.size() == 2u);
    BOOST_TEST(labels[0] == "printer");
    BOOST_TEST(labels[1] == "urgent");
    BOOST_TEST(!gchat::form_value(e, "nothing").has_value());
    BOOST_TEST(gchat::form_values(e, "dueDate").empty()); // a date input has no string value
}

BOOST_AUTO_TEST_CASE(card_clicked_v2_date_time_inputs) {
    const event e = load("card_clicked_v2_form.json");
    BOOST_TEST(*gchat::form_date(e, "dueDate") == 1708905600000);
    auto t = gchat::form_time(e, "reminderTime");
    BOOST_TEST(*t->hours == 14);
    BOOST_TEST(*t->minutes == 30);
    auto dt = gchat::form_date_time(e, "followUp");
    BOOST_TEST(*dt->ms_since_epoch == 1709137800000);
    BOOST_TEST(*dt->has_date == true);
    BOOST_TEST(*dt->has_time == true);
    BOOST_TEST(!gchat::form_date(e, "followUp").has_value());
}

BOOST_AUTO_TEST_CASE(card_clicked_v2_card_of_the_message) {
    const event e = load("card_clicked_v2_form.json");
    const gchat::card_with_id& c = e.message->cards_v2.at(0);
    BOOST_TEST(*c.card_id == "ticket-12345");
    const auto& widgets = c.card->sections.at(0).widgets;
    BOOST_TEST(*widgets.at(0).text_input->name == "assignee");
    BOOST_TEST((widgets.at(1).selection_input->type == gchat::selection_type::multi_select));
    BOOST_TEST(*widgets.at(2).button_list->buttons.at(0).on_click->action->function == "assignTicket");
    BOOST_TEST(e.event_time->seconds == 1708337730);
    BOOST_TEST(e.event_time->nanos == 123456000);
}

BOOST_AUTO_TEST_CASE(dialog_request_submit_cancel) {
    const event req = load("dialog_request.json");
    const event sub = load("dialog_submit.json");
    const event can = load("dialog_cancel.json");
    for (const event* e : {&req, &sub, &can}) {
        BOOST_TEST((e->type == event_type::card_clicked));
        BOOST_TEST(*e->is_dialog_event == true);
        BOOST_TEST(gchat::is_dialog(*e));
    }
    BOOST_TEST((gchat::dialog_kind(req) == gchat::dialog_event_type::request_dialog));
    BOOST_TEST((gchat::dialog_kind(sub) == gchat::dialog_event_type::submit_dialog));
    BOOST_TEST((gchat::dialog_kind(can) == gchat::dialog_event_type::cancel_dialog));
    BOOST_TEST(gchat::invoked_function(req) == "openContactDialog");
    BOOST_TEST(gchat::invoked_function(sub) == "submitContact");
    BOOST_TEST(gchat::invoked_function(can).empty());
}

BOOST_AUTO_TEST_CASE(dialog_submit_form_inputs) {
    const event e = load("dialog_submit.json");
    BOOST_TEST(*gchat::form_value(e, "contactName") == "Kai O");
    BOOST_TEST(*gchat::form_value(e, "contactType") == "Personal");
    BOOST_TEST(*gchat::form_date(e, "contactBirthdate") == 631152000000);
    BOOST_TEST(e.event_time->seconds == 1712070072);
    BOOST_TEST(e.event_time->nanos == 900000000);
}

BOOST_AUTO_TEST_CASE(widget_updated_autocomplete) {
    const event e = load("widget_updated_autocomplete.json");
    BOOST_TEST((e.type == event_type::widget_updated));
    BOOST_TEST(gchat::invoked_function(e) == "getContacts");
    BOOST_TEST(*gchat::parameter(e, "autocomplete_widget_query") == "ka");
}

BOOST_AUTO_TEST_CASE(rfc3339_event_time_with_an_offset) {
    const event e = load("message_mention_rfc3339.json");
    BOOST_TEST(e.event_time->seconds == 1691187414);
    BOOST_TEST(e.event_time->nanos == 93489000);
    BOOST_TEST(e.message->create_time->seconds == 1691187386);
    BOOST_TEST(e.message->create_time->nanos == 954319000);
}

BOOST_AUTO_TEST_CASE(rfc3339_and_object_timestamps_read_the_same) {
    const event a = load("message_mention.json");
    const event b = load("message_mention_rfc3339.json");
    BOOST_TEST(*a.event_time == *b.event_time);
    BOOST_TEST(*a.message->create_time == *b.message->create_time);
}

BOOST_AUTO_TEST_CASE(unknown_type_and_keys_are_tolerated) {
    const event e = load("unknown_future.json");
    BOOST_TEST((e.type == event_type::unrecognized));
    BOOST_TEST((e.dialog_event_type == gchat::dialog_event_type::unrecognized));
    BOOST_TEST((e.space->space_type == gchat::space_type::unrecognized));
    BOOST_TEST((e.user->type == gchat::user_type::unrecognized));
    BOOST_TEST((e.common->host_app == gchat::host_app::unrecognized));
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
    BOOST_TEST(e.event_time->seconds == 1924992000);
    BOOST_TEST(!gchat::is_dialog(e));
}

BOOST_AUTO_TEST_CASE(chat_app_event_round_trips_through_the_json_writer) {
    // What parse_event reads is what gchat::json reads: the event is the Chat event, member for member.
    const std::string text = gchat::test::read_data("events/card_clicked_v1.json");
    const event a = gchat::parse_event(text).value();
    const event b = gchat::json::parse<event>(text).value();
    BOOST_TEST(gchat::json::serialize(a) == gchat::json::serialize(b));
    const event c = gchat::parse_event(gchat::json::serialize(a)).value();
    BOOST_TEST((c == a));
}

BOOST_AUTO_TEST_CASE(reused_reader_parses_one_event_after_another) {
    gchat::json::reader reader;
    const std::string one = gchat::test::read_data("events/message_mention.json");
    const std::string two = gchat::test::read_data("events/addon_message.json");
    for (int i = 0; i < 3; ++i) {
        auto a = gchat::parse_event(one, reader);
        auto b = gchat::parse_event(two, reader);
        BOOST_TEST_REQUIRE(a.has_value());
        BOOST_TEST_REQUIRE(b.has_value());
        BOOST_TEST((a->envelope == gchat::event_envelope::chat_app));
        BOOST_TEST((b->envelope == gchat::event_envelope::workspace_add_on));
    }
}

// ---------------------------------------------------------------- the Workspace add-on envelope

BOOST_AUTO_TEST_CASE(add_on_message_is_mapped) {
    const event e = load("addon_message.json");
    BOOST_TEST((e.envelope == gchat::event_envelope::workspace_add_on));
    BOOST_TEST((e.type == event_type::message));
    BOOST_TEST(e.event_time->seconds == 1736965800);
    BOOST_TEST(e.event_time->nanos == 123000000);
    BOOST_TEST(*e.user->name == "users/12345678901234567890");
    BOOST_TEST(*e.space->display_name == "Customer Support Superstars");
    BOOST_TEST(*e.message->text == "@TestBot status of ticket 12345?");
    BOOST_TEST(gchat::argument_text(e) == " status of ticket 12345?");
    BOOST_TEST(gchat::app_mentioned(e));
    BOOST_TEST(*e.thread->name == "spaces/AAAAAAAAAAA/threads/HHHHHHHHHHH");
    BOOST_TEST(*e.thread_key == "ticket-12345");
    BOOST_TEST(*e.config_complete_redirect_url ==
               "https://chat.google.com/api/bot_config_complete?token=REDACTED-EXAMPLE");
}

BOOST_AUTO_TEST_CASE(add_on_common_event_object_becomes_common) {
    const event e = load("addon_message.json");
    BOOST_TEST((e.common->host_app == gchat::host_app::chat));
    BOOST_TEST((e.common->platform == gchat::platform::web));
    BOOST_TEST(*e.common->time_zone->offset == -25200000);
}

BOOST_AUTO_TEST_CASE(add_on_tokens_are_kept_as_secrets) {
    const event e = load("addon_message.json");
    BOOST_TEST(e.add_on.user_oauth_token.reveal() == "ya29.EXAMPLE-USER-OAUTH-TOKEN");
    BOOST_TEST(e.add_on.system_id_token.reveal() == "eyJhbGciOiJSUzI1NiJ9.EXAMPLE-SYSTEM-ID-TOKEN.sig");
    BOOST_TEST(e.add_on.user_id_token.reveal() == "eyJhbGciOiJSUzI1NiJ9.EXAMPLE-USER-ID-TOKEN.sig");
    BOOST_TEST(e.add_on.authorized_scopes.at(0) == "https://www.googleapis.com/auth/chat.messages.readonly");
}

BOOST_AUTO_TEST_CASE(add_on_tokens_never_print_or_serialize) {
    const event e = load("addon_message.json");
    std::ostringstream os;
    os << e.add_on.user_oauth_token << ' ' << e.add_on.system_id_token << ' ' << gchat::secret();
    BOOST_TEST(os.str() == "[redacted] [redacted] [empty]");
    const std::string json = gchat::json::serialize(e);
    BOOST_TEST(json.find("EXAMPLE-USER-OAUTH-TOKEN") == std::string::npos);
    BOOST_TEST(json.find("EXAMPLE-SYSTEM-ID-TOKEN") == std::string::npos);
    BOOST_TEST(json.find("EXAMPLE-USER-ID-TOKEN") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(add_on_parse_errors_do_not_quote_tokens) {
    gchat::diagnostics diag;
    auto r = gchat::parse_event(
        R"({"authorizationEventObject":{"userOAuthToken":"ya29.SECRET"},"chat":{"user":7}})", diag);
    BOOST_TEST_REQUIRE(r.has_error());
    BOOST_TEST(diag.client_message.find("SECRET") == std::string::npos);
    BOOST_TEST(diag.client_message.find("chat.user") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(add_on_added_to_space) {
    const event e = load("addon_added_to_space.json");
    BOOST_TEST((e.type == event_type::added_to_space));
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
    BOOST_TEST(*e.space->admin_installed == false);
    BOOST_TEST(*e.add_on.interaction_add == true);
    BOOST_TEST(*e.config_complete_redirect_url ==
               "https://chat.google.com/api/bot_config_complete?token=REDACTED-EXAMPLE");
    BOOST_TEST(e.add_on.user_oauth_token.empty());
    BOOST_TEST(!e.add_on.system_id_token.empty());
}

BOOST_AUTO_TEST_CASE(add_on_button_clicked_dialog_submit) {
    const event e = load("addon_button_clicked.json");
    BOOST_TEST((e.type == event_type::card_clicked));
    BOOST_TEST(*e.is_dialog_event == true); // "true", a string, on the wire
    BOOST_TEST((gchat::dialog_kind(e) == gchat::dialog_event_type::submit_dialog));
    BOOST_TEST(*gchat::form_value(e, "contactName") == "Kai O");
    BOOST_TEST(*gchat::form_date(e, "contactBirthdate") == 631152000000);
    BOOST_TEST(*e.message->name == "spaces/AAAAAAAAAAA/messages/JJJJJJJJJJJ.JJJJJJJJJJJ");
    BOOST_TEST(*e.thread->name == "spaces/AAAAAAAAAAA/threads/JJJJJJJJJJJ");
    BOOST_TEST(*e.space->name == "spaces/AAAAAAAAAAA");
}

BOOST_AUTO_TEST_CASE(add_on_button_clicked_function_and_parameters) {
    const event e = load("addon_button_clicked.json");
    BOOST_TEST(gchat::invoked_function(e) == "submitContact"); // from __action_method_name__
    BOOST_TEST(*gchat::parameter(e, "contactId") == "c-7");
    BOOST_TEST(*e.action->action_method_name == "submitContact");
    BOOST_TEST(e.action->parameters.size() == 2u);
}

BOOST_AUTO_TEST_CASE(add_on_app_command) {
    const event e = load("addon_app_command.json");
    BOOST_TEST((e.type == event_type::app_command));
    BOOST_TEST(*gchat::command_id(e) == 1);
    BOOST_TEST(gchat::is_slash_command(e));
    BOOST_TEST(gchat::argument_text(e) == " Projector in room 2 flickers");
    BOOST_TEST(*e.thread_key == "room-2");
    BOOST_TEST(*e.is_dialog_event == false);
    BOOST_TEST((e.space->space_type == gchat::space_type::direct_message));
}

BOOST_AUTO_TEST_CASE(add_on_removed_and_widget_updated_payloads) {
    auto r =
        gchat::parse_event(R"({"chat":{"removedFromSpacePayload":{"space":{"name":"spaces/X"}}}})").value();
    BOOST_TEST((r.type == event_type::removed_from_space));
    BOOST_TEST(*r.space->name == "spaces/X");
    auto w =
        gchat::parse_event(R"({"commonEventObject":{"parameters":{"__action_method_name__":"getContacts"}},)"
                           R"("chat":{"widgetUpdatedPayload":{"space":{"name":"spaces/Y"}}}})")
            .value();
    BOOST_TEST((w.type == event_type::widget_updated));
    BOOST_TEST(gchat::invoked_function(w) == "getContacts");
}

BOOST_AUTO_TEST_CASE(add_on_detected_by_common_event_object_alone) {
    auto e =
        gchat::parse_event(R"({"commonEventObject":{"hostApp":"CHAT","invokedFunction":"home"}})").value();
    BOOST_TEST((e.envelope == gchat::event_envelope::workspace_add_on));
    BOOST_TEST(*e.common->invoked_function == "home");
    // ...but a Chat app event that merely has such a key stays a Chat app event.
    auto c = gchat::parse_event(R"({"type":"MESSAGE","commonEventObject":{}})").value();
    BOOST_TEST((c.envelope == gchat::event_envelope::chat_app));
}

// ---------------------------------------------------------------- bad input

// An event server reads every request into one event: nothing of the previous event may remain,
// whichever envelope either arrived in.
BOOST_AUTO_TEST_CASE(parse_event_into_leaves_nothing_of_the_previous_event) {
    gchat::json::reader reader;
    event ev;
    BOOST_TEST_REQUIRE(!gchat::parse_event_into(gchat::test::read_data("events/addon_button_clicked.json"),
                                                reader, ev, nullptr));
    BOOST_TEST_REQUIRE((ev.envelope == gchat::event_envelope::workspace_add_on));
    BOOST_TEST_REQUIRE(ev.common.has_value());
    BOOST_TEST_REQUIRE(!ev.add_on.system_id_token.empty());

    BOOST_TEST_REQUIRE(!gchat::parse_event_into(gchat::test::read_data("events/added_to_space_by_user.json"),
                                                reader, ev, nullptr));
    const event fresh = load("added_to_space_by_user.json");
    BOOST_TEST((ev.envelope == gchat::event_envelope::chat_app));
    BOOST_TEST(!ev.common.has_value());
    BOOST_TEST(!ev.action.has_value());
    BOOST_TEST(ev.add_on.system_id_token.empty());
    BOOST_TEST(gchat::json::serialize(ev) == gchat::json::serialize(fresh));
}

BOOST_AUTO_TEST_CASE(empty_body) {
    auto [ec, msg] = parse_error("  \n");
    BOOST_TEST(ec == gchat::errc::json_empty_input);
    BOOST_TEST(!msg.empty());
}

BOOST_AUTO_TEST_CASE(truncated_body) {
    std::string text = gchat::test::read_data("events/message_mention.json");
    text.resize(text.size() / 2);
    auto [ec, msg] = parse_error(text);
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg.find("offset") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_type_names_the_json_path) {
    auto [ec, msg] = parse_error(R"({"type":"MESSAGE","message":{"annotations":[{"startIndex":"zero"}]}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("message.annotations[0].startIndex") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(wrong_type_in_the_add_on_envelope_names_its_path) {
    auto [ec, msg] =
        parse_error(R"({"chat":{"messagePayload":{"message":{"annotations":[{"length":[]}]}}}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("chat.messagePayload.message.annotations[0].length") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(invalid_utf8) {
    auto [ec, msg] = parse_error("{\"type\":\"MESSAGE\",\"message\":{\"text\":\"\xC3\x28\"}}");
    BOOST_TEST(ec == gchat::errc::invalid_utf8);
    BOOST_TEST(!msg.empty());
}

BOOST_AUTO_TEST_CASE(too_deep) {
    std::string text = R"({"pollVote":)";
    for (int i = 0; i < 100; ++i)
        text += '[';
    for (int i = 0; i < 100; ++i)
        text += ']';
    text += '}';
    auto [ec, msg] = parse_error(text);
    BOOST_TEST(ec == gchat::errc::json_too_deep);
    BOOST_TEST(!msg.empty());
}

BOOST_AUTO_TEST_CASE(not_an_object) {
    auto [ec, msg] = parse_error(R"(["MESSAGE"])");
    BOOST_TEST(ec == gchat::errc::json_not_an_object);
    BOOST_TEST(!msg.empty());
}

BOOST_AUTO_TEST_CASE(bad_timestamp) {
    auto [ec, msg] = parse_error(R"({"type":"MESSAGE","eventTime":"yesterday"})");
    BOOST_TEST(ec == gchat::errc::invalid_timestamp);
    BOOST_TEST(msg.find("eventTime") != std::string::npos, msg);
}

// ---------------------------------------------------------------- one reader for many events

// Event kinds share key names ("name", "type", "displayName") between structs of different types, in
// different orders: a reader reused for every event (as the event server does) reads each one as a
// fresh reader does, whatever came before it.
BOOST_AUTO_TEST_CASE(one_reader_reads_every_event_as_a_fresh_reader_does_in_any_order) {
    std::vector<std::string> names;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(GCHAT_TEST_DATA_DIR) + "/events"))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    BOOST_TEST_REQUIRE(names.size() >= 10u);
    std::vector<std::string> expected;
    for (const auto& name : names)
        expected.push_back(gchat::json::serialize(load(name)));

    gchat::json::reader reader;
    for (int round = 0; round < 2; ++round) {
        for (std::size_t k = 0; k < names.size(); ++k) {
            const std::size_t i = round == 0 ? k : names.size() - 1 - k;
            auto r = gchat::parse_event(gchat::test::read_data("events/" + names[i]), reader);
            BOOST_TEST_REQUIRE(r.has_value(), names[i]);
            BOOST_TEST(gchat::json::serialize(*r) == expected[i], names[i]);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
