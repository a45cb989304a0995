// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_VALIDATE_HPP
#define GCHAT_EVENT_VALIDATE_HPP

// Checks of what an app sends against Google Chat's limits, before it is sent: a message Chat
// would reject (or silently truncate) is a clear local error instead. Plain functions with no I/O,
// shared by the event replies and the REST client.

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/model/card.hpp>
#include <gchat/model/card_v1.hpp>
#include <gchat/model/message.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace gchat {

/// Widgets a card may have. Chat ignores the section that crosses the limit and all after it.
inline constexpr std::size_t max_widgets_per_card = 100;

/// Bytes a message may have, text and cards included.
inline constexpr std::size_t max_message_bytes = 32'000;

/// Characters a widget or section id may have (and it must be made of [a-zA-Z0-9-]).
inline constexpr std::size_t max_widget_id_length = 64;

/// The number of widgets of a card, as counted against max_widgets_per_card.
///
/// Each widget of a section counts one. A widget that holds widgets counts one for itself plus
/// one for each widget inside: every widget of every column of a `columns`, every widget and
/// footer widget of every card of a `carousel`. The items of a grid, the buttons of a button list
/// and the chips of a chip list are parts of one widget and do not count. (Google documents the
/// limit per card without saying how nested widgets count; counting them errs on the side of
/// what Chat renders.)
GCHAT_DECL std::size_t count_widgets(const card& c) noexcept;

/// The number of widgets of a legacy (v1) card: one per widget of each section.
GCHAT_DECL std::size_t count_widgets(const legacy_card& c) noexcept;

/// True if `id` can be a widget or section id: 1 to 64 characters of [a-zA-Z0-9-].
GCHAT_DECL bool is_valid_widget_id(std::string_view id) noexcept;

/// The bytes of a message counted against max_message_bytes: the UTF-8 bytes of `text` plus the
/// bytes of the JSON of `cardsV2`, `cards` and `accessoryWidgets` as gchat writes them.
GCHAT_DECL std::size_t message_size(const message& m);

/// Checks one card: its section and widget ids (errc::invalid_widget_id) and its widget count
/// (errc::too_many_widgets). On failure `diag->client_message` names the offending element by
/// its JSON path, starting with `path` (e.g. "cardsV2[0].card.sections[1].widgets[4].id").
GCHAT_DECL boost::system::error_code validate_card(const card& c, diagnostics* diag,
                                                   std::string_view path = "card");

/// Checks cards as they appear in a message's `cardsV2` (paths "cardsV2[i].card...").
GCHAT_DECL boost::system::error_code validate_cards(const std::vector<card_with_id>& cards,
                                                    diagnostics* diag);

/// Checks a message before it is sent: every card (validate_card, and the widget count of legacy
/// cards), then the size (errc::message_too_large).
GCHAT_DECL boost::system::error_code validate_message(const message& m, diagnostics* diag);

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/event/impl/validate.ipp>
#endif

#endif
