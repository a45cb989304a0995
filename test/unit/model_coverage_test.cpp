// The models agree with the Chat API discovery document (test/data/chat-v1-discovery.json):
// every schema reachable from the resources is modelled, every property is a member of the right type
// (and no member is not a property), and every enum lists exactly the discovery's values.
#include <gchat/json/detail/traits.hpp>
#include <gchat/json/keys.hpp>
#include <gchat/model.hpp>

#include "test_data.hpp"

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

// Every modelled schema: X(discovery schema, header under include/gchat/model/, gchat type).
// `python3 test/tools/gen_models.py --table` prints it.
// clang-format off
#define GCHAT_MODEL_SCHEMAS(X) \
    X("User", user, user) \
    X("Thread", thread, thread) \
    X("Space", space, space) \
    X("SpaceDetails", space, space_details) \
    X("MembershipCount", space, membership_count) \
    X("AccessSettings", space, access_settings) \
    X("PermissionSettings", space, permission_settings) \
    X("PermissionSetting", space, permission_setting) \
    X("Membership", membership, membership) \
    X("Group", membership, group) \
    X("Reaction", reaction, reaction) \
    X("Emoji", reaction, emoji) \
    X("CustomEmoji", reaction, custom_emoji) \
    X("EmojiReactionSummary", reaction, emoji_reaction_summary) \
    X("CustomEmojiMetadata", reaction, custom_emoji_metadata) \
    X("CustomEmojiPayload", reaction, custom_emoji_payload) \
    X("Attachment", attachment, attachment) \
    X("AttachmentDataRef", attachment, attachment_data_ref) \
    X("DriveDataRef", attachment, drive_data_ref) \
    X("Annotation", annotation, annotation) \
    X("UserMentionMetadata", annotation, user_mention_metadata) \
    X("SlashCommandMetadata", annotation, slash_command_metadata) \
    X("RichLinkMetadata", annotation, rich_link_metadata) \
    X("DriveLinkData", annotation, drive_link_data) \
    X("ChatSpaceLinkData", annotation, chat_space_link_data) \
    X("MeetSpaceLinkData", annotation, meet_space_link_data) \
    X("CalendarEventLinkData", annotation, calendar_event_link_data) \
    X("GoogleAppsCardV1Action", card, action) \
    X("GoogleAppsCardV1ActionParameter", card, action_parameter) \
    X("GoogleAppsCardV1BorderStyle", card, border_style) \
    X("GoogleAppsCardV1Button", card, button) \
    X("GoogleAppsCardV1ButtonList", card, button_list) \
    X("GoogleAppsCardV1Card", card, card) \
    X("GoogleAppsCardV1CardAction", card, card_action) \
    X("GoogleAppsCardV1CardFixedFooter", card, card_fixed_footer) \
    X("GoogleAppsCardV1CardHeader", card, card_header) \
    X("GoogleAppsCardV1Carousel", card, carousel) \
    X("GoogleAppsCardV1CarouselCard", card, carousel_card) \
    X("GoogleAppsCardV1Chip", card, chip) \
    X("GoogleAppsCardV1ChipList", card, chip_list) \
    X("GoogleAppsCardV1CollapseControl", card, collapse_control) \
    X("GoogleAppsCardV1Column", card, column) \
    X("GoogleAppsCardV1Columns", card, columns) \
    X("GoogleAppsCardV1CommonWidgetAction", card, common_widget_action) \
    X("GoogleAppsCardV1Condition", card, condition) \
    X("GoogleAppsCardV1DataSourceConfig", card, data_source_config) \
    X("GoogleAppsCardV1DateTimePicker", card, date_time_picker) \
    X("GoogleAppsCardV1DecoratedText", card, decorated_text) \
    X("GoogleAppsCardV1Divider", card, divider) \
    X("GoogleAppsCardV1EventAction", card, event_action) \
    X("GoogleAppsCardV1ExpressionData", card, expression_data) \
    X("GoogleAppsCardV1ExpressionDataCondition", card, expression_data_condition) \
    X("GoogleAppsCardV1Grid", card, grid) \
    X("GoogleAppsCardV1GridItem", card, grid_item) \
    X("GoogleAppsCardV1Icon", card, icon) \
    X("GoogleAppsCardV1Image", card, image) \
    X("GoogleAppsCardV1ImageComponent", card, image_component) \
    X("GoogleAppsCardV1ImageCropStyle", card, image_crop_style) \
    X("GoogleAppsCardV1MaterialIcon", card, material_icon) \
    X("GoogleAppsCardV1NestedWidget", card, nested_widget) \
    X("GoogleAppsCardV1OnClick", card, on_click) \
    X("GoogleAppsCardV1OpenLink", card, open_link) \
    X("GoogleAppsCardV1OverflowMenu", card, overflow_menu) \
    X("GoogleAppsCardV1OverflowMenuItem", card, overflow_menu_item) \
    X("GoogleAppsCardV1PlatformDataSource", card, platform_data_source) \
    X("GoogleAppsCardV1Section", card, section) \
    X("GoogleAppsCardV1SelectionInput", card, selection_input) \
    X("GoogleAppsCardV1SelectionItem", card, selection_item) \
    X("GoogleAppsCardV1SuggestionItem", card, suggestion_item) \
    X("GoogleAppsCardV1Suggestions", card, suggestions) \
    X("GoogleAppsCardV1SwitchControl", card, switch_control) \
    X("GoogleAppsCardV1TextInput", card, text_input) \
    X("GoogleAppsCardV1TextParagraph", card, text_paragraph) \
    X("GoogleAppsCardV1Trigger", card, trigger) \
    X("GoogleAppsCardV1UpdateVisibilityAction", card, update_visibility_action) \
    X("GoogleAppsCardV1Validation", card, validation) \
    X("GoogleAppsCardV1Widget", card, widget) \
    X("GoogleAppsCardV1Widgets", card, column_widget) \
    X("Color", card, color) \
    X("HostAppDataSourceMarkup", card, host_app_data_source_markup) \
    X("ChatClientDataSourceMarkup", card, chat_client_data_source_markup) \
    X("SpaceDataSource", card, space_data_source) \
    X("WorkflowDataSourceMarkup", card, workflow_data_source_markup) \
    X("Card", card_v1, legacy_card) \
    X("CardHeader", card_v1, legacy_card_header) \
    X("Section", card_v1, legacy_section) \
    X("WidgetMarkup", card_v1, legacy_widget) \
    X("Button", card_v1, legacy_button) \
    X("TextButton", card_v1, text_button) \
    X("ImageButton", card_v1, image_button) \
    X("KeyValue", card_v1, key_value) \
    X("OnClick", card_v1, legacy_on_click) \
    X("OpenLink", card_v1, legacy_open_link) \
    X("Image", card_v1, legacy_image) \
    X("CardAction", card_v1, legacy_card_action) \
    X("TextParagraph", card_v1, legacy_text_paragraph) \
    X("FormAction", card_v1, form_action) \
    X("ActionParameter", card_v1, legacy_action_parameter) \
    X("ActionResponse", action_response, action_response) \
    X("DialogAction", action_response, dialog_action) \
    X("Dialog", action_response, dialog) \
    X("ActionStatus", action_response, action_status) \
    X("UpdatedWidget", action_response, updated_widget) \
    X("SelectionItems", action_response, selection_items) \
    X("Message", message, message) \
    X("SlashCommand", message, slash_command) \
    X("MatchedUrl", message, matched_url) \
    X("AccessoryWidget", message, accessory_widget) \
    X("QuotedMessageMetadata", message, quoted_message_metadata) \
    X("QuotedMessageSnapshot", message, quoted_message_snapshot) \
    X("DeletionMetadata", message, deletion_metadata) \
    X("CardWithId", message, card_with_id) \
    X("AttachedGif", message, attached_gif) \
    X("ForwardedMetadata", message, forwarded_metadata) \
    X("ListMessagesResponse", list_responses, list_messages_response) \
    X("ListSpacesResponse", list_responses, list_spaces_response) \
    X("ListMembershipsResponse", list_responses, list_memberships_response) \
    X("ListReactionsResponse", list_responses, list_reactions_response) \
    X("CommonEventObject", common_event, common_event_object) \
    X("Inputs", common_event, inputs) \
    X("StringInputs", common_event, string_inputs) \
    X("DateInput", common_event, date_input) \
    X("DateTimeInput", common_event, date_time_input) \
    X("TimeInput", common_event, time_input) \
    X("TimeZone", common_event, time_zone) \
    X("AppCommandMetadata", common_event, app_command_metadata)
// clang-format on

// The schemas the models start from; everything they reference is modelled too. DeprecatedEvent
// (the interaction event) is gchat::event, outside the models, but its parts are models.
const char* const roots[] = {
    "Message",
    "Space",
    "Membership",
    "Reaction",
    "CustomEmoji",
    "Group",
    "ActionResponse",
    "ListMessagesResponse",
    "ListSpacesResponse",
    "ListMembershipsResponse",
    "ListReactionsResponse",
    "Attachment",
    "DeprecatedEvent",
};
constexpr std::string_view not_modelled = "DeprecatedEvent";

template <class T>
inline constexpr std::string_view schema_of{};
#define GCHAT_SCHEMA_OF(schema, header, type)                                                                \
    template <>                                                                                              \
    inline constexpr std::string_view schema_of<gchat::type> = schema;
GCHAT_MODEL_SCHEMAS(GCHAT_SCHEMA_OF)
#undef GCHAT_SCHEMA_OF

const boost::json::object& discovery() {
    static const boost::json::value doc =
        boost::json::parse(gchat::test::read_data("chat-v1-discovery.json"));
    return doc.as_object();
}

const boost::json::object& schemas() {
    return discovery().at("schemas").as_object();
}

std::string str(boost::json::string_view s) {
    return std::string(s.data(), s.size());
}

// ---- types: the C++ type of a member and the discovery type of a property, in one vocabulary ----

// The JSON layer's own classification of member types, so that the test sees types as the parser does.
using gchat::json::detail::is_boxed;
using gchat::json::detail::is_optional;
using gchat::json::detail::is_vector;
template <class T>
using is_map = gchat::json::detail::is_string_map<T>;
template <class T>
inline constexpr bool is_described_enum = gchat::json::detail::is_enum_v<T>;
template <class T>
inline constexpr bool is_described_struct = gchat::json::detail::is_struct_v<T>;

// "string", "int32", "google-datetime", "enum", "$ref:Card", "array<$ref:Section>", "map<string>", "any"...
template <class T>
std::string cpp_type() {
    if constexpr (is_optional<T>::value || is_boxed<T>::value)
        return cpp_type<typename T::value_type>();
    else if constexpr (is_vector<T>::value)
        return "array<" + cpp_type<typename T::value_type>() + ">";
    else if constexpr (is_map<T>::value)
        return "map<" + cpp_type<typename T::mapped_type>() + ">";
    else if constexpr (std::is_same_v<T, std::string>)
        return "string";
    else if constexpr (std::is_same_v<T, bool>)
        return "boolean";
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return "int32";
    else if constexpr (std::is_same_v<T, std::uint32_t>)
        return "uint32";
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return "int64";
    else if constexpr (std::is_same_v<T, std::uint64_t>)
        return "uint64";
    else if constexpr (std::is_same_v<T, float>)
        return "float";
    else if constexpr (std::is_same_v<T, double>)
        return "double";
    else if constexpr (std::is_same_v<T, gchat::timestamp>)
        return "google-datetime";
    else if constexpr (std::is_same_v<T, boost::json::value>)
        return "any";
    else if constexpr (is_described_enum<T>)
        return "enum";
    else if constexpr (is_described_struct<T>)
        return "$ref:" +
               (schema_of<T>.empty() ? std::string("(a type not in the table)") : std::string(schema_of<T>));
    else
        return "(a type gchat::json does not read)";
}

std::string spec_type(const boost::json::object& p) {
    if (auto r = p.if_contains("$ref")) return "$ref:" + str(r->as_string());
    if (p.contains("enum")) return "enum";
    const auto* t = p.if_contains("type");
    std::string type = t ? str(t->as_string()) : "any";
    std::string format = p.contains("format") ? str(p.at("format").as_string()) : "";
    if (type == "array") return "array<" + spec_type(p.at("items").as_object()) + ">";
    if (type == "object" && p.contains("additionalProperties"))
        return "map<" + spec_type(p.at("additionalProperties").as_object()) + ">";
    if (type == "object" || type == "any") return "any";
    if (type == "string") {
        if (format == "google-datetime" || format == "int64" || format == "uint64") return format;
        return "string"; // plain, byte (base64 text), google-duration, google-fieldmask
    }
    if (type == "integer") return format.empty() ? "int32" : format;
    if (type == "number") return format.empty() ? "double" : format;
    return type; // boolean
}

// A member of a message type is optional, boxed, repeated, a map, or free-form: never a bare scalar.
template <class T>
inline constexpr bool absent_by_default =
    is_optional<T>::value || is_boxed<T>::value || is_vector<T>::value || is_map<T>::value ||
    std::is_same_v<T, boost::json::value>;

// The enum type of a member (through optional and vector), or void.
template <class T>
struct enum_of {
    using type = void;
};
template <class T>
requires is_described_enum<T>
struct enum_of<T> {
    using type = T;
};
template <class T>
struct enum_of<std::optional<T>> : enum_of<T> {};
template <class T>
struct enum_of<std::vector<T>> : enum_of<T> {};

// The JSON names of E's enumerators in declaration order, without `unrecognized`; and whether
// `unrecognized` is there, last.
template <class E>
std::vector<std::string> enum_names(bool& unrecognized_last) {
    std::vector<std::string> names;
    unrecognized_last = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (std::string_view(d.name) == "unrecognized") {
            unrecognized_last = true;
            return;
        }
        unrecognized_last = false;
        names.emplace_back(gchat::json::enum_to_string(d.value));
    });
    return names;
}

std::vector<std::string> spec_enum(const boost::json::object& p) {
    const boost::json::value* e = p.if_contains("enum");
    if (!e && p.contains("items")) e = p.at("items").as_object().if_contains("enum");
    std::vector<std::string> out;
    if (e)
        for (const auto& v : e->as_array())
            out.push_back(str(v.as_string()));
    return out;
}

// Reports the values of `spec` missing from `model` and the reverse, then a difference in order.
void compare_enum(const std::string& where, const std::vector<std::string>& spec,
                  const std::vector<std::string>& model) {
    std::set<std::string> s(spec.begin(), spec.end()), m(model.begin(), model.end());
    for (const auto& v : s)
        if (!m.count(v)) BOOST_ERROR(where << ": discovery value " << v << " has no enumerator");
    for (const auto& v : m)
        if (!s.count(v)) BOOST_ERROR(where << ": enumerator " << v << " is not a discovery value");
    if (s == m && spec != model) BOOST_ERROR(where << ": enumerators are not in the discovery's order");
    if (model.size() != m.size()) BOOST_ERROR(where << ": two enumerators have the same JSON name");
}

// ---- one schema ----

template <class T>
void check_schema(std::string_view schema_name, std::string_view type_name) {
    const std::string schema(schema_name);
    BOOST_TEST(schema_of<T> == schema_name);
    const auto* sp = schemas().if_contains(schema);
    BOOST_TEST_REQUIRE(sp != nullptr, schema << " is not a schema of the discovery document");
    const auto* props_v = sp->as_object().if_contains("properties");
    const boost::json::object no_props;
    const boost::json::object& props = props_v ? props_v->as_object() : no_props;

    // Keys: the same set, each reported by name.
    const auto keys = gchat::json::member_keys<T>();
    std::set<std::string> model_keys;
    for (auto k : keys) {
        if (!model_keys.insert(std::string(k)).second)
            BOOST_ERROR(schema << ": two members have the JSON key " << k);
    }
    for (const auto& kv : props)
        if (!model_keys.count(str(kv.key())))
            BOOST_ERROR(schema << ": property " << str(kv.key()) << " has no member in gchat::" << type_name);
    for (const auto& k : model_keys)
        if (!props.contains(k)) BOOST_ERROR(schema << ": member key " << k << " is not a discovery property");

    // Per member: its type, and for enums their values.
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
        using D = decltype(d);
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;
        const std::string key(gchat::json::key_of<T, D>);
        const std::string where = schema + "." + key;
        if (!absent_by_default<M>)
            BOOST_ERROR(where << ": a member must be optional, boxed, a vector or a map");
        const auto* p = props.if_contains(key);
        if (!p) return; // reported above
        const auto& po = p->as_object();
        BOOST_TEST(cpp_type<M>() == spec_type(po),
                   where << ": member type " << cpp_type<M>() << " for discovery type " << spec_type(po));
        using E = typename enum_of<M>::type;
        if constexpr (!std::is_void_v<E>) {
            bool unrecognized_last = false;
            auto names = enum_names<E>(unrecognized_last);
            if (!unrecognized_last) BOOST_ERROR(where << ": the enum does not end with `unrecognized`");
            compare_enum(where, spec_enum(po), names);
        }
    });
}

struct entry {
    const char* schema;
    const char* header;
    const char* type;
    void (*check)(std::string_view, std::string_view);
};

const entry table[] = {
#define GCHAT_ENTRY(schema, header, type) {schema, #header, #type, &check_schema<gchat::type>},
    GCHAT_MODEL_SCHEMAS(GCHAT_ENTRY)
#undef GCHAT_ENTRY
};

void check_header(std::string_view header) {
    int n = 0;
    for (const auto& e : table) {
        if (header != e.header) continue;
        BOOST_TEST_CONTEXT(e.schema << " (gchat::" << e.type << ")") {
            e.check(e.schema, e.type);
        }
        ++n;
    }
    BOOST_TEST(n > 0, "no schema in " << header << ".hpp");
}

void collect_refs(const boost::json::value& v, std::vector<std::string>& out) {
    if (const auto* o = v.if_object()) {
        for (const auto& kv : *o) {
            if (kv.key() == "$ref" && kv.value().is_string())
                out.push_back(str(kv.value().as_string()));
            else
                collect_refs(kv.value(), out);
        }
    } else if (const auto* a = v.if_array()) {
        for (const auto& x : *a)
            collect_refs(x, out);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(model_coverage)

BOOST_AUTO_TEST_CASE(every_schema_reachable_from_the_resources_is_modelled) {
    std::set<std::string> reachable;
    std::vector<std::string> todo(std::begin(roots), std::end(roots));
    while (!todo.empty()) {
        std::string s = todo.back();
        todo.pop_back();
        if (!reachable.insert(s).second) continue;
        const auto* sp = schemas().if_contains(s);
        BOOST_TEST_REQUIRE(sp != nullptr, "$ref to " << s << ", which is not a schema");
        collect_refs(*sp, todo);
    }
    reachable.erase(std::string(not_modelled));

    std::set<std::string> listed;
    for (const auto& e : table)
        BOOST_TEST(listed.insert(e.schema).second, e.schema << " is listed twice");
    for (const auto& s : reachable)
        if (!listed.count(s)) BOOST_ERROR("schema " << s << " is reachable but not modelled");
    for (const auto& s : listed)
        if (!reachable.count(s)) BOOST_ERROR("schema " << s << " is modelled but no longer reachable");
    BOOST_TEST(listed.size() == reachable.size());
}

BOOST_AUTO_TEST_CASE(user_hpp_matches_the_discovery) {
    check_header("user");
}
BOOST_AUTO_TEST_CASE(thread_hpp_matches_the_discovery) {
    check_header("thread");
}
BOOST_AUTO_TEST_CASE(space_hpp_matches_the_discovery) {
    check_header("space");
}
BOOST_AUTO_TEST_CASE(membership_hpp_matches_the_discovery) {
    check_header("membership");
}
BOOST_AUTO_TEST_CASE(reaction_hpp_matches_the_discovery) {
    check_header("reaction");
}
BOOST_AUTO_TEST_CASE(attachment_hpp_matches_the_discovery) {
    check_header("attachment");
}
BOOST_AUTO_TEST_CASE(annotation_hpp_matches_the_discovery) {
    check_header("annotation");
}
BOOST_AUTO_TEST_CASE(card_hpp_matches_the_discovery) {
    check_header("card");
}
BOOST_AUTO_TEST_CASE(card_v1_hpp_matches_the_discovery) {
    check_header("card_v1");
}
BOOST_AUTO_TEST_CASE(action_response_hpp_matches_the_discovery) {
    check_header("action_response");
}
BOOST_AUTO_TEST_CASE(message_hpp_matches_the_discovery) {
    check_header("message");
}
BOOST_AUTO_TEST_CASE(list_responses_hpp_matches_the_discovery) {
    check_header("list_responses");
}
BOOST_AUTO_TEST_CASE(common_event_hpp_matches_the_discovery) {
    check_header("common_event");
}

// messageReplyOption is a query parameter of spaces.messages.create, not a schema property.
BOOST_AUTO_TEST_CASE(message_reply_option_matches_the_create_parameter) {
    const auto& p = discovery()
                        .at("resources")
                        .at("spaces")
                        .at("resources")
                        .at("messages")
                        .at("methods")
                        .at("create")
                        .at("parameters")
                        .at("messageReplyOption")
                        .as_object();
    bool unrecognized_last = false;
    auto names = enum_names<gchat::message_reply_option>(unrecognized_last);
    BOOST_TEST(unrecognized_last);
    compare_enum("spaces.messages.create?messageReplyOption", spec_enum(p), names);
}

BOOST_AUTO_TEST_SUITE_END()
