#!/usr/bin/env python3
# Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
"""Generates include/gchat/model/*.hpp from the Chat API discovery document.

    python3 test/tools/gen_models.py [--check] [--table]

The discovery document (test/data/chat-v1-discovery.json) is the authority on every schema,
property and enum value; this script only decides C++ names, file layout and definition order.
Every schema reachable from ROOTS (except DeprecatedEvent, which is gchat::event) becomes a
described aggregate; every enum property becomes a described `enum class` with a trailing
`unrecognized` enumerator. The output is run through clang-format with the repository's style.

--check   regenerate into memory and fail if a header differs from the one on disk.
--table   print the schema table (GCHAT_MODEL_SCHEMAS) of test/unit/model_coverage_test.cpp.
"""

import json
import os
import re
import subprocess
import sys
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DISCOVERY = os.path.join(REPO, "test", "data", "chat-v1-discovery.json")
OUT_DIR = os.path.join(REPO, "include", "gchat", "model")

ROOTS = [
    "Message", "Space", "Membership", "Reaction", "CustomEmoji", "Group", "ActionResponse",
    "ListMessagesResponse", "ListSpacesResponse", "ListMembershipsResponse", "ListReactionsResponse",
    "Attachment", "DeprecatedEvent",
]
EXCLUDED = {"DeprecatedEvent"}  # gchat::event, in <gchat/event/event.hpp>

CARD_PREFIX = "GoogleAppsCardV1"

# Schema -> C++ type name, where the default (snake_case, cards v2 prefix dropped) is not used.
TYPE_RENAMES = {
    "GoogleAppsCardV1Widgets": "column_widget",
    # Legacy (cards v1) schemas whose names the cards v2 tree takes.
    "Card": "legacy_card",
    "CardHeader": "legacy_card_header",
    "Section": "legacy_section",
    "WidgetMarkup": "legacy_widget",
    "Button": "legacy_button",
    "OnClick": "legacy_on_click",
    "OpenLink": "legacy_open_link",
    "Image": "legacy_image",
    "CardAction": "legacy_card_action",
    "TextParagraph": "legacy_text_paragraph",
    "ActionParameter": "legacy_action_parameter",
}

# (schema, property) -> C++ enum type name. Properties that share a name share the type (the
# generator checks that their values agree). Named after the proto enum, disambiguated by owner.
ENUM_NAMES = {
    ("User", "type"): "user_type",
    ("Space", "type"): "legacy_space_type",  # Space.Type (deprecated); Space.SpaceType is space_type
    ("Space", "spaceType"): "space_type",
    ("Space", "spaceThreadingState"): "space_threading_state",
    ("Space", "spaceHistoryState"): "history_state",
    ("Space", "predefinedPermissionSettings"): "predefined_permission_settings",
    ("AccessSettings", "accessState"): "access_state",
    ("Membership", "state"): "membership_state",
    ("Membership", "role"): "membership_role",
    ("Attachment", "source"): "attachment_source",
    ("Annotation", "type"): "annotation_type",
    ("UserMentionMetadata", "type"): "user_mention_type",
    ("SlashCommandMetadata", "type"): "slash_command_type",
    ("RichLinkMetadata", "richLinkType"): "rich_link_type",
    ("MeetSpaceLinkData", "type"): "meet_space_link_type",
    ("MeetSpaceLinkData", "huddleStatus"): "huddle_status",
    ("DeletionMetadata", "deletionType"): "deletion_type",
    ("QuotedMessageMetadata", "quoteType"): "quote_type",
    ("ActionResponse", "type"): "action_response_type",
    ("ActionStatus", "statusCode"): "rpc_code",
    ("AppCommandMetadata", "appCommandType"): "app_command_type",
    ("CommonEventObject", "hostApp"): "host_app",
    ("CommonEventObject", "platform"): "platform",
    ("GoogleAppsCardV1Card", "sectionDividerStyle"): "divider_style",
    ("GoogleAppsCardV1Card", "displayStyle"): "display_style",
    ("GoogleAppsCardV1CardHeader", "imageType"): "image_type",
    ("GoogleAppsCardV1Icon", "imageType"): "image_type",
    ("GoogleAppsCardV1Widget", "horizontalAlignment"): "horizontal_alignment",
    ("GoogleAppsCardV1Column", "horizontalAlignment"): "horizontal_alignment",
    ("GoogleAppsCardV1CollapseControl", "horizontalAlignment"): "horizontal_alignment",
    ("GoogleAppsCardV1DecoratedText", "startIconVerticalAlignment"): "vertical_alignment",
    ("GoogleAppsCardV1Column", "verticalAlignment"): "column_vertical_alignment",
    ("GoogleAppsCardV1Column", "horizontalSizeStyle"): "horizontal_size_style",
    ("GoogleAppsCardV1TextParagraph", "textSyntax"): "text_syntax",
    ("GoogleAppsCardV1SwitchControl", "controlType"): "control_type",
    ("GoogleAppsCardV1TextInput", "type"): "text_input_type",
    ("GoogleAppsCardV1SelectionInput", "type"): "selection_type",
    ("GoogleAppsCardV1PlatformDataSource", "commonDataSource"): "common_data_source",
    ("GoogleAppsCardV1DateTimePicker", "type"): "date_time_picker_type",
    ("GoogleAppsCardV1Button", "type"): "button_type",
    ("GoogleAppsCardV1ImageCropStyle", "type"): "image_crop_type",
    ("GoogleAppsCardV1BorderStyle", "type"): "border_type",
    ("GoogleAppsCardV1GridItem", "layout"): "grid_item_layout",
    ("GoogleAppsCardV1OpenLink", "openAs"): "open_as",
    ("GoogleAppsCardV1OpenLink", "onClose"): "on_close",
    ("GoogleAppsCardV1Action", "loadIndicator"): "load_indicator",
    ("GoogleAppsCardV1Action", "interaction"): "interaction",
    ("GoogleAppsCardV1Validation", "inputType"): "input_type",
    ("GoogleAppsCardV1ChipList", "layout"): "chip_list_layout",
    ("GoogleAppsCardV1ExpressionDataCondition", "conditionType"): "condition_type",
    ("GoogleAppsCardV1Widget", "visibility"): "visibility",
    ("GoogleAppsCardV1UpdateVisibilityAction", "visibility"): "visibility",
    ("WorkflowDataSourceMarkup", "type"): "workflow_data_source_type",
    ("CardHeader", "imageStyle"): "image_style",
    ("ImageButton", "icon"): "legacy_icon",
    ("KeyValue", "icon"): "legacy_icon",
}

# Enums that are not a schema property: name -> (file, values, doc).
EXTRA_ENUMS = {
    "message_reply_option": (
        "message",
        # The `messageReplyOption` query parameter of spaces.messages.create.
        ("resources", "spaces", "resources", "messages", "methods", "create", "parameters",
         "messageReplyOption"),
        "How spaces.messages.create threads a message (a request parameter, not a message field).",
    ),
}

# Explicit enumerator values: google.rpc.Code keeps its numbers, so a value converts to
# gchat::api_code with a static_cast.
ENUM_VALUES = {
    "rpc_code": {
        "OK": 0, "CANCELLED": 1, "UNKNOWN": 2, "INVALID_ARGUMENT": 3, "DEADLINE_EXCEEDED": 4,
        "NOT_FOUND": 5, "ALREADY_EXISTS": 6, "PERMISSION_DENIED": 7, "RESOURCE_EXHAUSTED": 8,
        "FAILED_PRECONDITION": 9, "ABORTED": 10, "OUT_OF_RANGE": 11, "UNIMPLEMENTED": 12,
        "INTERNAL": 13, "UNAVAILABLE": 14, "DATA_LOSS": 15, "UNAUTHENTICATED": 16,
        None: -1,  # unrecognized
    },
}

# Where a member must be boxed (a heap optional) to break a cycle of complete-type requirements.
# OnClick -> Card -> ... -> Button -> OnClick, and OnClick -> OverflowMenu -> OverflowMenuItem -> OnClick:
# boxing the two nested UIs a click opens breaks both, and leaves no vector of an incomplete type.
# Message.actionResponse is boxed for size: only an app's synchronous reply carries it, and inline it was
# 2 KB of every 3.9 KB message (zero-filled for each event read, kept for each message an emulator stores).
BOXED = {("GoogleAppsCardV1OnClick", "card"), ("GoogleAppsCardV1OnClick", "overflowMenu"),
         ("Message", "actionResponse")}

# Header -> (one-line description, schemas in it). Every modelled schema is in exactly one.
FILES = OrderedDict([
    ("user", ("A user (a person or a Chat app).", ["User"])),
    ("thread", ("A message thread.", ["Thread"])),
    ("space", ("A space and its settings.", [
        "Space", "SpaceDetails", "MembershipCount", "AccessSettings", "PermissionSettings",
        "PermissionSetting"])),
    ("membership", ("Memberships of users and Google Groups in a space.", ["Membership", "Group"])),
    ("reaction", ("Emoji, custom emoji and reactions.", [
        "Reaction", "Emoji", "CustomEmoji", "EmojiReactionSummary", "CustomEmojiMetadata",
        "CustomEmojiPayload"])),
    ("attachment", ("Message attachments.", ["Attachment", "AttachmentDataRef", "DriveDataRef"])),
    ("annotation", ("Annotations of a message's text: mentions, slash commands, rich links, custom emoji.", [
        "Annotation", "UserMentionMetadata", "SlashCommandMetadata", "RichLinkMetadata",
        "DriveLinkData", "ChatSpaceLinkData", "MeetSpaceLinkData", "CalendarEventLinkData"])),
    # Every GoogleAppsCardV1* schema, plus CARD_EXTRA (filled in by Gen).
    ("card", ("Cards v2 (google.apps.card.v1): cards, widgets and their actions.", [])),
    ("card_v1", ("Legacy cards (v1), and the form action of interaction events.", [
        "Card", "CardHeader", "Section", "WidgetMarkup", "Button", "TextButton", "ImageButton",
        "KeyValue", "OnClick", "OpenLink", "Image", "CardAction", "TextParagraph", "FormAction",
        "ActionParameter"])),
    ("action_response", ("A Chat app's reply actions: dialogs, statuses and widget updates.", [
        "ActionResponse", "DialogAction", "Dialog", "ActionStatus", "UpdatedWidget", "SelectionItems"])),
    ("message", ("A message and its parts.", [
        "Message", "SlashCommand", "MatchedUrl", "AccessoryWidget", "QuotedMessageMetadata",
        "QuotedMessageSnapshot", "DeletionMetadata", "CardWithId", "AttachedGif", "ForwardedMetadata"])),
    ("list_responses", ("The responses of the list methods (one page each).", [
        "ListMessagesResponse", "ListSpacesResponse", "ListMembershipsResponse", "ListReactionsResponse"])),
    ("common_event", ("The common event object of interaction events: client, time zone and form inputs.", [
        "CommonEventObject", "Inputs", "StringInputs", "DateInput", "DateTimeInput", "TimeInput",
        "TimeZone", "AppCommandMetadata"])),
])
CARD_EXTRA = ["Color", "HostAppDataSourceMarkup", "ChatClientDataSourceMarkup", "SpaceDataSource",
              "WorkflowDataSourceMarkup"]

# One line per type, from the discovery descriptions.
DOCS = {
    "User": "A user of Google Chat: a person or a Chat app.",
    "Thread": "A thread of a space; give `name` or `thread_key` to reply in one.",
    "Space": "A space: a named space, a group chat, or a direct message.",
    "SpaceDetails": "The description and guidelines of a space.",
    "MembershipCount": "How many people and groups have joined a space.",
    "AccessSettings": "Whether and to whom a space is discoverable.",
    "PermissionSettings": "Who may do what in a named space, action by action.",
    "PermissionSetting": "Which roles hold one permission of a space.",
    "Membership": "The membership of a user or a Google Group in a space, with its state and role.",
    "Group": "A Google Group that is a member of a space.",
    "Reaction": "An emoji reaction of a user to a message.",
    "Emoji": "An emoji: a Unicode one or a custom one.",
    "CustomEmoji": "A custom emoji of a Google Workspace organization.",
    "EmojiReactionSummary": "How many users reacted to a message with one emoji.",
    "CustomEmojiMetadata": "Annotation data of a custom emoji in a message's text.",
    "CustomEmojiPayload": "The image file sent to create a custom emoji.",
    "Annotation": "A span of a message's text (or a chip) that is a mention, a command, a rich link or a custom emoji.",
    "UserMentionMetadata": "Annotation data of an @mention of a user.",
    "SlashCommandMetadata": "Annotation data of a slash command.",
    "RichLinkMetadata": "Annotation data of a rich link to a Drive file, a space, a Meet or a Calendar event.",
    "DriveLinkData": "Rich-link data of a Google Drive file.",
    "ChatSpaceLinkData": "Rich-link data of a Chat space, thread or message.",
    "MeetSpaceLinkData": "Rich-link data of a Meet meeting or huddle.",
    "CalendarEventLinkData": "Rich-link data of a Calendar event.",
    "Attachment": "A file attached to a message: uploaded content or a Google Drive file.",
    "AttachmentDataRef": "Where the content of an uploaded attachment is (or the token of an upload to attach).",
    "DriveDataRef": "The Google Drive file an attachment refers to.",
    "Message": "A message in a Chat space.",
    "SlashCommand": "The slash command a message invokes.",
    "MatchedUrl": "A URL of a message that matches the app's link-preview patterns.",
    "AccessoryWidget": "Interactive widgets shown at the bottom of a message.",
    "QuotedMessageMetadata": "The message a message quotes or was forwarded from.",
    "QuotedMessageSnapshot": "The content of a quoted message as it was when quoted or forwarded.",
    "DeletionMetadata": "How a message was deleted, and by whom.",
    "CardWithId": "A cards v2 card of a message, with an id unique within the message.",
    "AttachedGif": "A GIF image of a message, given by URL.",
    "ForwardedMetadata": "The space a forwarded message comes from.",
    "ListMessagesResponse": "One page of messages (spaces.messages.list).",
    "ListSpacesResponse": "One page of spaces (spaces.list).",
    "ListMembershipsResponse": "One page of memberships (spaces.members.list).",
    "ListReactionsResponse": "One page of reactions (spaces.messages.reactions.list).",
    "ActionResponse": "How a Chat app's reply is posted: a new or updated message, a dialog, a widget update.",
    "DialogAction": "Opens a dialog, or closes one with a status.",
    "Dialog": "The card body of a dialog.",
    "ActionStatus": "The outcome of a dialog request or submission, as shown to the user.",
    "UpdatedWidget": "Autocomplete suggestions for a selection input widget.",
    "SelectionItems": "The autocomplete results of a widget.",
    "CommonEventObject": "The host-independent part of an interaction event: locale, platform, time zone, inputs.",
    "Inputs": "What a user entered in one widget of a card or dialog, by kind of value.",
    "StringInputs": "The text values of a widget (a single one for single-valued widgets).",
    "DateInput": "A date a user picked, in milliseconds since the Unix epoch.",
    "DateTimeInput": "A date and time a user picked, in milliseconds since the Unix epoch.",
    "TimeInput": "A time of day a user picked.",
    "TimeZone": "The user's time zone: IANA id and offset from UTC in milliseconds.",
    "AppCommandMetadata": "Which Chat app command (slash or quick command) a user invoked.",
    # cards v2
    "GoogleAppsCardV1Card": "A card (cards v2): a header, sections of widgets, actions and a footer.",
    "GoogleAppsCardV1CardHeader": "The header of a card: title, subtitle and image.",
    "GoogleAppsCardV1Section": "A section of a card: widgets rendered top to bottom, optionally collapsible.",
    "GoogleAppsCardV1CardAction": "An action of a card's toolbar menu (add-ons only).",
    "GoogleAppsCardV1CardFixedFooter": "A footer that stays at the bottom of a card (dialogs).",
    "GoogleAppsCardV1Widget": "One widget of a section; set one of the widget members.",
    "GoogleAppsCardV1Widgets": "One widget of a column; set one of the widget members.",
    "GoogleAppsCardV1TextParagraph": "A paragraph of formatted text.",
    "GoogleAppsCardV1Image": "An image given by URL, optionally clickable.",
    "GoogleAppsCardV1DecoratedText": "Text with optional labels, icons, and a button or switch.",
    "GoogleAppsCardV1TextInput": "A field in which users enter text.",
    "GoogleAppsCardV1Suggestions": "Suggested values for a text input.",
    "GoogleAppsCardV1SuggestionItem": "One suggested value of a text input.",
    "GoogleAppsCardV1ButtonList": "Buttons laid out horizontally.",
    "GoogleAppsCardV1SelectionInput": "Check boxes, radio buttons, switches, a dropdown or a multiselect menu.",
    "GoogleAppsCardV1SelectionItem": "An item users can select in a selection input.",
    "GoogleAppsCardV1PlatformDataSource": "A Google Workspace data source of a multiselect menu.",
    "GoogleAppsCardV1DataSourceConfig": "One data source of a widget.",
    "GoogleAppsCardV1DateTimePicker": "A field in which users enter a date, a time, or both.",
    "GoogleAppsCardV1Divider": "A horizontal line between widgets.",
    "GoogleAppsCardV1Grid": "A grid of items with text and images.",
    "GoogleAppsCardV1GridItem": "One item of a grid.",
    "GoogleAppsCardV1ImageComponent": "The image of a grid item.",
    "GoogleAppsCardV1ImageCropStyle": "How an image is cropped.",
    "GoogleAppsCardV1BorderStyle": "The border of a card element: type, color and corner radius.",
    "GoogleAppsCardV1Columns": "Up to two columns of widgets.",
    "GoogleAppsCardV1Column": "One column of a columns widget.",
    "GoogleAppsCardV1Carousel": "A slideshow of carousel cards.",
    "GoogleAppsCardV1CarouselCard": "One card of a carousel.",
    "GoogleAppsCardV1NestedWidget": "One widget of a carousel card.",
    "GoogleAppsCardV1ChipList": "Chips laid out in a row, wrapped or scrollable.",
    "GoogleAppsCardV1Chip": "A clickable chip with text, an icon, or both.",
    "GoogleAppsCardV1CollapseControl": "The expand and collapse buttons of a section.",
    "GoogleAppsCardV1Button": "A clickable button with text, an icon, or both.",
    "GoogleAppsCardV1OnClick": "What a click does: run an action, open a link, push a card or show a menu.",
    "GoogleAppsCardV1OpenLink": "A URL that a click opens.",
    "GoogleAppsCardV1Action": "A function of the app that a click or a form submission runs, with parameters.",
    "GoogleAppsCardV1ActionParameter": "A key and value passed to an action's function.",
    "GoogleAppsCardV1OverflowMenu": "A pop-up menu of actions.",
    "GoogleAppsCardV1OverflowMenuItem": "One item of an overflow menu.",
    "GoogleAppsCardV1Icon": "An icon: a built-in one, one given by URL, or a Material icon.",
    "GoogleAppsCardV1MaterialIcon": "A Google Material Symbols icon.",
    "GoogleAppsCardV1SwitchControl": "A switch or a check box inside decorated text.",
    "GoogleAppsCardV1Validation": "How the input of a widget is validated.",
    "GoogleAppsCardV1ExpressionData": "Data to evaluate an expression with (Workspace Studio add-ons only).",
    "GoogleAppsCardV1ExpressionDataCondition": "A condition evaluated with CEL (Workspace Studio add-ons only).",
    "GoogleAppsCardV1Condition": "A condition that can trigger an action (Workspace Studio add-ons only).",
    "GoogleAppsCardV1EventAction": "An action performed on a UI element (Workspace Studio add-ons only).",
    "GoogleAppsCardV1Trigger": "A trigger of an action rule (Workspace Studio add-ons only).",
    "GoogleAppsCardV1CommonWidgetAction": "An action not specific to one widget (Workspace Studio add-ons only).",
    "GoogleAppsCardV1UpdateVisibilityAction": "An action that shows or hides a widget (Workspace Studio add-ons only).",
    "Color": "An RGBA color, each component from 0 to 1 (google.type.Color).",
    "HostAppDataSourceMarkup": "A data source from a Google Workspace application for a widget.",
    "ChatClientDataSourceMarkup": "A Google Chat data source of a multiselect menu.",
    "SpaceDataSource": "Offers the user's Chat spaces as the items of a multiselect menu.",
    "WorkflowDataSourceMarkup": "A Google Workspace Workflow data source (Workflow only).",
    # legacy cards
    "Card": "A legacy card (cards v1): a header, sections of widgets and actions.",
    "CardHeader": "The header of a legacy card.",
    "Section": "A section of a legacy card.",
    "WidgetMarkup": "One widget of a legacy card: a paragraph, an image, a key-value or buttons.",
    "Button": "A legacy button: a text button or an image button.",
    "TextButton": "A legacy button with text.",
    "ImageButton": "A legacy button with an image.",
    "KeyValue": "A legacy widget with a label and content, optionally clickable.",
    "OnClick": "What a click on a legacy widget does: a form action or a link.",
    "OpenLink": "A link that a legacy widget opens.",
    "Image": "A legacy image given by URL, optionally clickable.",
    "CardAction": "An action of a legacy card (not supported by Chat apps).",
    "TextParagraph": "A legacy paragraph of formatted text.",
    "FormAction": "The method a legacy card (or an interaction event's `action`) invokes, with parameters.",
    "ActionParameter": "A key and value passed to a form action's method.",
}

ENUM_DOCS = {
    "user_type": "Whether a user is a person or a Chat app.",
    "legacy_space_type": "The deprecated kind of a space (rooms and DMs); see space_type.",
    "space_type": "The kind of a space.",
    "space_threading_state": "How the messages of a space are threaded.",
    "history_state": "Whether a space or a message keeps history.",
    "predefined_permission_settings": "A permission preset for creating a space.",
    "access_state": "Whether a space is discoverable.",
    "membership_state": "Whether a member joined, was invited, or is not a member.",
    "membership_role": "A member's role in a space.",
    "attachment_source": "Where the content of an attachment is.",
    "annotation_type": "The kind of an annotation.",
    "user_mention_type": "Whether a user was mentioned or added to the space.",
    "slash_command_type": "Whether a slash command was invoked or the app was added.",
    "rich_link_type": "What a rich link points to.",
    "meet_space_link_type": "Whether a Meet link is a meeting or a huddle.",
    "huddle_status": "The state of a huddle.",
    "deletion_type": "Who deleted a message.",
    "quote_type": "How a message quotes another.",
    "message_reply_option": "How spaces.messages.create threads a message (a request parameter).",
    "action_response_type": "The kind of a Chat app's reply.",
    "rpc_code": "A google.rpc.Code, with its numbers (so static_cast<gchat::api_code> converts a known one).",
    "app_command_type": "The kind of a Chat app command.",
    "host_app": "The Google Workspace application an add-on runs in.",
    "platform": "The platform of the user's client.",
    "divider_style": "The divider between the sections of a card.",
    "display_style": "How a card is displayed (add-ons).",
    "image_type": "The shape an image is cropped to.",
    "horizontal_alignment": "The horizontal alignment of a widget.",
    "vertical_alignment": "The vertical alignment of an icon in decorated text.",
    "column_vertical_alignment": "The vertical alignment of the widgets of a column.",
    "horizontal_size_style": "How a column fills the width of a card.",
    "text_syntax": "The markup of a text paragraph.",
    "control_type": "Whether a switch control is a switch or a check box.",
    "text_input_type": "Whether a text input has one line or several.",
    "selection_type": "How a selection input is shown.",
    "common_data_source": "A Google Workspace data source of multiselect menus.",
    "date_time_picker_type": "What a date-time picker asks for.",
    "button_type": "The style of a button.",
    "image_crop_type": "The shape an image component is cropped to.",
    "border_type": "The kind of a border.",
    "grid_item_layout": "Where the text of a grid item is.",
    "open_as": "How a link opens.",
    "on_close": "What a card does when the window a link opened is closed.",
    "load_indicator": "What is shown while an action runs.",
    "interaction": "What a click does besides calling the app (opens a dialog).",
    "input_type": "The kind of input a validated widget accepts.",
    "chip_list_layout": "How the chips of a chip list are laid out.",
    "condition_type": "When a CEL condition holds.",
    "visibility": "Whether a widget is shown.",
    "workflow_data_source_type": "The kind of a Workflow data source.",
    "image_style": "The shape of the image of a legacy card header.",
    "legacy_icon": "A built-in icon of legacy cards.",
}

CPP_KEYWORDS = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t
class compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield
decltype default delete do double dynamic_cast else enum explicit export extern false float for friend
goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private
protected public register reinterpret_cast requires return short signed sizeof static static_assert
static_cast struct switch template this thread_local throw true try typedef typeid typename union
unsigned using virtual void volatile wchar_t while xor xor_eq
""".split())
# Lower-case macros a C++ translation unit may see (GNU modes, glibc headers).
RESERVED_MACROS = {"unix", "linux", "i386", "major", "minor", "makedev", "errno", "assert", "stdin",
                   "stdout", "stderr", "offsetof", "setjmp", "unrecognized"}


def snake(name):
    """lowerCamelCase / UpperCamelCase -> snake_case (`cardsV2` -> `cards_v2`)."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    return s.lower()


def camel_of(snake_name):
    """What gchat::json derives from a member name (keys.hpp: camel_of(base_name(...)))."""
    base = snake_name.rstrip("_")
    out, up = [], False
    for c in base:
        if c == "_":
            up = len(out) != 0
            continue
        out.append(c.upper() if up else c)
        up = False
    return "".join(out)


def ident(name):
    return name + "_" if name in CPP_KEYWORDS else name


def type_name(schema):
    if schema in TYPE_RENAMES:
        return TYPE_RENAMES[schema]
    if schema.startswith(CARD_PREFIX):
        return snake(schema[len(CARD_PREFIX):])
    return snake(schema)


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def reachable(schemas):
    seen, stack = set(), list(ROOTS)
    while stack:
        s = stack.pop()
        if s not in seen:
            seen.add(s)
            stack.extend(refs(schemas[s]))
    return seen - EXCLUDED


class Gen:
    def __init__(self, doc):
        self.doc = doc
        self.schemas = doc["schemas"]
        self.modelled = reachable(self.schemas)
        card = sorted(s for s in self.modelled if s.startswith(CARD_PREFIX)) + CARD_EXTRA
        FILES["card"] = (FILES["card"][0], card)
        self.file_of = {}
        for f, (_, ss) in FILES.items():
            for s in ss:
                assert s not in self.file_of, s
                self.file_of[s] = f
        missing = self.modelled - set(self.file_of)
        extra = set(self.file_of) - self.modelled
        assert not missing and not extra, (missing, extra)
        names = [type_name(s) for s in self.modelled]
        assert len(set(names)) == len(names), "type name collision"
        self.enums = OrderedDict()  # name -> (file, values, doc)
        self.collect_enums()
        clash = set(names) & set(self.enums)
        assert not clash, clash
        for s in self.modelled:
            assert s in DOCS, "no doc for " + s

    # ---- enums ----
    def collect_enums(self):
        used = set()
        for f, (_, ss) in FILES.items():
            for s in ss:
                for p, v in self.schemas[s].get("properties", {}).items():
                    e = v.get("enum") or v.get("items", {}).get("enum")
                    if not e:
                        continue
                    key = (s, p)
                    assert key in ENUM_NAMES, "no enum name for %s.%s" % key
                    used.add(key)
                    name = ENUM_NAMES[key]
                    if name in self.enums:
                        assert self.enums[name][1] == e, "%s: values differ at %s.%s" % (name, s, p)
                        assert self.enums[name][0] == f, "%s used across headers" % name
                    else:
                        self.enums[name] = (f, e, ENUM_DOCS[name])
        assert used == set(ENUM_NAMES), set(ENUM_NAMES) - used
        for name, (f, path, doc) in EXTRA_ENUMS.items():
            node = self.doc
            for k in path:
                node = node[k]
            self.enums[name] = (f, node["enum"], doc)

    @staticmethod
    def enumerator(value):
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", value), "enum value needs enum_names: " + value
        n = ident(value.lower())
        assert n not in RESERVED_MACROS, n
        assert n.rstrip("_").upper() == value
        return n

    # ---- members ----
    def member_type(self, schema, prop, v):
        """(C++ type, hard deps, soft deps): hard deps must be complete where the member is declared."""
        if "$ref" in v:
            r = v["$ref"]
            t = "gchat::" + type_name(r)
            if (schema, prop) in BOXED:
                return "gchat::boxed<%s>" % t, set(), {r}
            return "std::optional<%s>" % t, {r}, set()
        t = v.get("type")
        fmt = v.get("format")
        if "enum" in v:
            return "std::optional<gchat::%s>" % ENUM_NAMES[(schema, prop)], set(), set()
        if t == "array":
            it, hard, soft = self.member_type(schema, prop, v["items"])
            return "std::vector<%s>" % self.unwrap(it), set(), hard | soft
        if t == "object" and "additionalProperties" in v:
            it, hard, soft = self.member_type(schema, prop, v["additionalProperties"])
            return "std::map<std::string, %s>" % self.unwrap(it), hard, soft
        if t == "any" or t == "object":
            return "boost::json::value", set(), set()
        scalar = {
            ("string", None): "std::string",
            ("string", "byte"): "std::string",
            ("string", "google-duration"): "std::string",
            ("string", "google-fieldmask"): "std::string",
            ("string", "google-datetime"): "gchat::timestamp",
            ("string", "int64"): "std::int64_t",
            ("string", "uint64"): "std::uint64_t",
            ("integer", "int32"): "std::int32_t",
            ("integer", "uint32"): "std::uint32_t",
            ("number", "float"): "float",
            ("number", "double"): "double",
            ("boolean", None): "bool",
        }[(t, fmt)]
        return "std::optional<%s>" % scalar, set(), set()

    @staticmethod
    def unwrap(t):
        m = re.fullmatch(r"std::optional<(.*)>", t)
        return m.group(1) if m else t

    def members(self, s):
        out = []
        for p, v in self.schemas[s].get("properties", {}).items():
            name = ident(snake(p))
            assert name not in RESERVED_MACROS, name
            assert camel_of(name) == p, "needs key_names: %s.%s" % (s, p)
            t, hard, soft = self.member_type(s, p, v)
            out.append((name, t, hard, soft))
        return out

    # ---- ordering ----
    def order(self, f):
        ss = FILES[f][1]
        local = set(ss)
        hard = {s: set() for s in ss}
        soft = {s: set() for s in ss}
        for s in ss:
            for _, _, h, so in self.members(s):
                hard[s] |= h & local
                soft[s] |= (so & local) - {s}
        # Every member's type must be complete where the member is declared (its default member
        # initializer constructs it), except a boxed one: only boxing breaks a cycle.
        need = {s: hard[s] | {d for d in soft[s] if not self.only_boxed(s, d)} for s in ss}
        cycle = find_cycle(ss, lambda s: sorted(need[s], key=ss.index))
        assert not cycle, "cycle of complete-type requirements in %s (box a member): %s" % (f, cycle)
        # Topological order, dependencies first, otherwise in file order.
        done, out = set(), []
        while len(out) < len(ss):
            ready = [s for s in ss if s not in done and need[s] <= done]
            out.append(ready[0])
            done.add(ready[0])
        fwd = [s for i, s in enumerate(out) if any(s in soft[t] for t in out[:i + 1])]
        return out, fwd

    def only_boxed(self, s, d):
        """Whether every reference of s to d is a boxed member."""
        refs_ = [(p, v) for p, v in self.schemas[s].get("properties", {}).items() if d in set(refs(v))]
        return all((s, p) in BOXED for p, _ in refs_)

    def header_deps(self, f):
        deps = set()
        for s in FILES[f][1]:
            for _, _, h, so in self.members(s):
                for d in h | so:
                    if self.file_of[d] != f:
                        deps.add(self.file_of[d])
        return deps

    # ---- output ----
    def render(self, f):
        desc, _ = FILES[f]
        ordered, fwd = self.order(f)
        enums = [(n, v) for n, v in self.enums.items() if v[0] == f]
        types = [t for s in ordered for (_, t, _, _) in self.members(s)]
        alltypes = " ".join(types)
        guard = "GCHAT_MODEL_%s_HPP" % f.upper()
        L = []
        L.append("// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.")
        L.append("#ifndef " + guard)
        L.append("#define " + guard)
        L.append("")
        L.append("// " + desc)
        L.append("// Generated by test/tools/gen_models.py from the Chat API discovery document (revision %s):"
                 % self.doc["revision"])
        L.append("// edit the generator, not this file.")
        L.append("")
        L.append("#include <gchat/json/fwd.hpp>")
        inc = []
        if "gchat::boxed<" in alltypes:
            inc.append("gchat/model/boxed.hpp")
        if "gchat::timestamp" in alltypes:
            inc.append("gchat/model/timestamp.hpp")
        inc += ["gchat/model/%s.hpp" % d for d in self.header_deps(f)]
        for i in sorted(inc):
            L.append("#include <%s>" % i)
        L.append("")
        L.append("#include <boost/describe/class.hpp>")
        if enums:
            L.append("#include <boost/describe/enum.hpp>")
        if "boost::json::value" in alltypes:
            L.append("#include <boost/json/value.hpp>")
        L.append("")
        std = []
        if re.search(r"std::u?int\d+_t", alltypes):
            std.append("cstdint")
        if "std::map<" in alltypes:
            std.append("map")
        if "std::optional<" in alltypes or "gchat::boxed<" in alltypes:
            std.append("optional")
        if "std::string" in alltypes:
            std.append("string")
        if "std::vector<" in alltypes:
            std.append("vector")
        for h in sorted(std):
            L.append("#include <%s>" % h)
        L.append("")
        L.append("namespace gchat {")
        L.append("")
        for name, (_, values, doc) in enums:
            vals = ENUM_VALUES.get(name)
            items = []
            for v in values:
                e = self.enumerator(v)
                items.append("%s = %d" % (e, vals[v]) if vals else e)
            items.append("unrecognized = %d" % vals[None] if vals else "unrecognized")
            names = [self.enumerator(v) for v in values] + ["unrecognized"]
            L.append("/// " + doc)
            L.append("enum class %s { %s };" % (name, ", ".join(items)))
            L.append("BOOST_DESCRIBE_ENUM(%s, %s)" % (name, ", ".join(names)))
            L.append("")
        if fwd:
            for s in fwd:
                L.append("struct %s;" % type_name(s))
            L.append("")
        # Every member gets a default member initializer, so that designated initializers that name
        # only some members do not trip g++ 12's -Wmissing-field-initializers.
        for i, s in enumerate(ordered):
            tn = type_name(s)
            ms = self.members(s)
            later = set(ordered[i:])
            L.append("/// " + DOCS[s])
            L.append("struct %s {" % tn)
            for n, t, _, soft in ms:
                assert not (t.startswith("std::vector<") and soft & later), "vector of incomplete type"
                # boxed(std::nullopt_t) is not constexpr, so its definition (which names the boxed
                # type's destructor) is instantiated only at the end of the translation unit.
                L.append("    %s %s%s;" % (t, n, "{std::nullopt}" if t.startswith("gchat::boxed<") else "{}"))
            L.append("")
            L.append("    friend bool operator==(const %s&, const %s&) = default;" % (tn, tn))
            L.append("};")
            L.append("BOOST_DESCRIBE_STRUCT(%s, (), (%s))" % (tn, ", ".join(n for n, _, _, _ in ms)))
            L.append("")
        L.append("} // namespace gchat")
        L.append("")
        L.append("#endif")
        return clang_format("\n".join(L) + "\n")

    def render_umbrella(self):
        L = ["// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.",
             "#ifndef GCHAT_MODEL_HPP", "#define GCHAT_MODEL_HPP", "",
             "// Every Chat resource model (plain described aggregates; see <gchat/json.hpp> to read and write them).",
             ""]
        for f in sorted(list(FILES) + ["timestamp", "boxed"]):
            L.append("#include <gchat/model/%s.hpp>" % f)
        L += ["", "#endif", ""]
        return "\n".join(L)

    def table(self):
        rows = []
        for f, (_, ss) in FILES.items():
            for s in ss:
                rows.append('    X("%s", %s, %s)' % (s, f, type_name(s)))
        return " \\\n".join(rows)


def find_cycle(nodes, deps):
    """A cycle of the graph as a list of nodes, or None."""
    state, stack = {}, []

    def dfs(n):
        state[n] = 1
        stack.append(n)
        for d in deps(n):
            if state.get(d) == 1:
                return stack[stack.index(d):]
            if d not in state:
                c = dfs(d)
                if c:
                    return c
        state[n] = 2
        stack.pop()
        return None

    for n in nodes:
        if n not in state:
            c = dfs(n)
            if c:
                return c
    return None


def clang_format(text):
    exe = os.environ.get("CLANG_FORMAT", "clang-format")
    p = subprocess.run([exe, "--style=file:" + os.path.join(REPO, ".clang-format"),
                        "--assume-filename=x.hpp"], input=text.encode(), capture_output=True, check=True)
    return p.stdout.decode()


def main(argv):
    with open(DISCOVERY) as fp:
        doc = json.load(fp)
    g = Gen(doc)
    if "--table" in argv:
        print(g.table())
        return 0
    outputs = {os.path.join(OUT_DIR, f + ".hpp"): g.render(f) for f in FILES}
    outputs[os.path.join(REPO, "include", "gchat", "model.hpp")] = g.render_umbrella()
    bad = 0
    for path, text in outputs.items():
        if "--check" in argv:
            with open(path) as fp:
                if fp.read() != text:
                    print("out of date:", os.path.relpath(path, REPO))
                    bad = 1
        else:
            with open(path, "w") as fp:
                fp.write(text)
    print("%d schemas, %d properties, %d enums" % (
        len(g.modelled), sum(len(g.schemas[s].get("properties", {})) for s in g.modelled), len(g.enums)))
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
