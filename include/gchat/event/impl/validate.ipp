// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_IMPL_VALIDATE_IPP
#define GCHAT_EVENT_IMPL_VALIDATE_IPP

#include <gchat/event/validate.hpp>
#include <gchat/json/serialize.hpp>

#include <string>

namespace gchat {
namespace detail {

// Widgets a section widget stands for: itself plus the widgets it holds.
inline std::size_t widget_weight(const widget& w) noexcept {
    std::size_t n = 1;
    if (w.columns)
        for (const auto& col : w.columns->column_items)
            n += col.widgets.size();
    if (w.carousel)
        for (const auto& cc : w.carousel->carousel_cards)
            n += cc.widgets.size() + cc.footer_widgets.size();
    return n;
}

// Paths are built only when a check fails, so a valid card costs no allocation.
inline std::string element_path(std::string_view card_path, std::size_t section, std::ptrdiff_t widget) {
    std::string p(card_path);
    p += ".sections[";
    p += std::to_string(section);
    p += ']';
    if (widget >= 0) {
        p += ".widgets[";
        p += std::to_string(widget);
        p += ']';
    }
    return p;
}

inline boost::system::error_code fail(diagnostics* diag, errc e, std::string msg) {
    if (diag) {
        diag->clear();
        diag->client_message = std::move(msg);
    }
    return make_error_code(e);
}

inline boost::system::error_code bad_id(diagnostics* diag, std::string path, std::string_view id) {
    path += ".id: ";
    if (id.size() > max_widget_id_length)
        path += "id of " + std::to_string(id.size()) + " characters, more than " +
                std::to_string(max_widget_id_length);
    else
        path +=
            id.empty() ? std::string("empty id") : "id \"" + std::string(id) + "\" has a character outside";
    path += " (a widget id must be 1 to 64 characters of [a-zA-Z0-9-])";
    return fail(diag, errc::invalid_widget_id, std::move(path));
}

inline boost::system::error_code too_many(diagnostics* diag, std::string_view path, std::size_t count,
                                          std::string first_over) {
    std::string msg(path);
    msg += ": ";
    msg += std::to_string(count);
    msg += " widgets, more than the ";
    msg += std::to_string(max_widgets_per_card);
    msg += " a card may have (the limit is crossed at ";
    msg += first_over;
    msg += ')';
    return fail(diag, errc::too_many_widgets, std::move(msg));
}

} // namespace detail

GCHAT_DECL std::size_t count_widgets(const card& c) noexcept {
    std::size_t n = 0;
    for (const auto& s : c.sections)
        for (const auto& w : s.widgets)
            n += detail::widget_weight(w);
    return n;
}

GCHAT_DECL std::size_t count_widgets(const legacy_card& c) noexcept {
    std::size_t n = 0;
    for (const auto& s : c.sections)
        n += s.widgets.size();
    return n;
}

GCHAT_DECL bool is_valid_widget_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > max_widget_id_length) return false;
    for (char ch : id) {
        bool ok =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
        if (!ok) return false;
    }
    return true;
}

GCHAT_DECL std::size_t message_size(const message& m) {
    std::size_t n = m.text ? m.text->size() : 0;
    std::string scratch;
    if (!m.cards_v2.empty()) json::serialize_to(scratch, m.cards_v2);
    if (!m.cards.empty()) json::serialize_to(scratch, m.cards);
    if (!m.accessory_widgets.empty()) json::serialize_to(scratch, m.accessory_widgets);
    return n + scratch.size();
}

GCHAT_DECL boost::system::error_code validate_card(const card& c, diagnostics* diag, std::string_view path) {
    std::size_t count = 0;
    std::size_t over_section = 0, over_widget = 0;
    bool over = false;
    for (std::size_t s = 0; s < c.sections.size(); ++s) {
        const section& sec = c.sections[s];
        if (sec.id && !is_valid_widget_id(*sec.id))
            return detail::bad_id(diag, detail::element_path(path, s, -1), *sec.id);
        for (std::size_t w = 0; w < sec.widgets.size(); ++w) {
            const widget& wid = sec.widgets[w];
            if (wid.id && !is_valid_widget_id(*wid.id))
                return detail::bad_id(diag, detail::element_path(path, s, static_cast<std::ptrdiff_t>(w)),
                                      *wid.id);
            count += detail::widget_weight(wid);
            if (!over && count > max_widgets_per_card) {
                over = true;
                over_section = s;
                over_widget = w;
            }
        }
    }
    if (over)
        return detail::too_many(
            diag, path, count,
            detail::element_path("", over_section, static_cast<std::ptrdiff_t>(over_widget)).substr(1));
    return {};
}

GCHAT_DECL boost::system::error_code validate_cards(const std::vector<card_with_id>& cards,
                                                    diagnostics* diag) {
    for (std::size_t i = 0; i < cards.size(); ++i) {
        if (!cards[i].card) continue;
        // The common case passes without building the path.
        if (auto ec = validate_card(*cards[i].card, nullptr, {})) {
            if (!diag) return ec;
            return validate_card(*cards[i].card, diag, "cardsV2[" + std::to_string(i) + "].card");
        }
    }
    return {};
}

GCHAT_DECL boost::system::error_code validate_message(const message& m, diagnostics* diag) {
    if (auto ec = validate_cards(m.cards_v2, diag)) return ec;
    for (std::size_t i = 0; i < m.cards.size(); ++i) {
        std::size_t n = count_widgets(m.cards[i]);
        if (n > max_widgets_per_card) {
            std::size_t seen = 0, s = 0, w = 0;
            for (s = 0; s < m.cards[i].sections.size(); ++s) {
                const auto& ws = m.cards[i].sections[s].widgets;
                if (seen + ws.size() > max_widgets_per_card) {
                    w = max_widgets_per_card - seen;
                    break;
                }
                seen += ws.size();
            }
            return detail::too_many(diag, "cards[" + std::to_string(i) + "]", n,
                                    detail::element_path("", s, static_cast<std::ptrdiff_t>(w)).substr(1));
        }
    }
    std::size_t size = message_size(m);
    if (size > max_message_bytes)
        return detail::fail(diag, errc::message_too_large,
                            "message of " + std::to_string(size) + " bytes (text and cards), more than the " +
                                std::to_string(max_message_bytes) + " a message may have");
    return {};
}

} // namespace gchat

#endif
