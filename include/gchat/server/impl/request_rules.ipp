// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_IMPL_REQUEST_RULES_IPP
#define GCHAT_SERVER_IMPL_REQUEST_RULES_IPP

#include <gchat/json/serialize.hpp>
#include <gchat/server/request_rules.hpp>

#include <cstdio>

namespace gchat::server {
namespace detail {

inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

inline std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

inline const char* status_name(unsigned status) noexcept {
    switch (status) {
    case 400:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 405:
    case 415:
        return "FAILED_PRECONDITION";
    case 413:
        return "OUT_OF_RANGE";
    case 503:
        return "UNAVAILABLE";
    default:
        return status >= 500 ? "INTERNAL" : "UNKNOWN";
    }
}

} // namespace detail

GCHAT_DECL bool is_json_content_type(std::string_view content_type) noexcept {
    auto semi = content_type.find(';');
    return detail::iequals_ascii(detail::trim_ows(content_type.substr(0, semi)), "application/json");
}

GCHAT_DECL std::string_view target_path(std::string_view target) noexcept {
    return target.substr(0, target.find('?'));
}

GCHAT_DECL rejection check_request(std::string_view method, std::string_view target,
                                   std::string_view content_type, std::size_t body_size,
                                   std::string_view path, std::size_t body_limit) noexcept {
    if (target_path(target) != path) return {404, "no event endpoint at this path"};
    if (method != "POST") return {405, "events are POSTed"};
    if (body_size > body_limit) return {413, "the request body is too large"};
    if (!is_json_content_type(content_type)) return {415, "the body must be application/json"};
    return {};
}

GCHAT_DECL std::string error_body(unsigned status, std::string_view message) {
    std::string out = R"({"error":{"code":)";
    out += std::to_string(status);
    out += R"(,"message":)";
    json::serialize_to(out, std::string(message));
    out += R"(,"status":")";
    out += detail::status_name(status);
    out += R"("}})";
    return out;
}

GCHAT_DECL std::string_view event_type_name(event_type t) noexcept {
    switch (t) {
    case event_type::message:
        return "MESSAGE";
    case event_type::added_to_space:
        return "ADDED_TO_SPACE";
    case event_type::removed_from_space:
        return "REMOVED_FROM_SPACE";
    case event_type::card_clicked:
        return "CARD_CLICKED";
    case event_type::widget_updated:
        return "WIDGET_UPDATED";
    case event_type::app_command:
        return "APP_COMMAND";
    case event_type::app_home:
        return "APP_HOME";
    case event_type::submit_form:
        return "SUBMIT_FORM";
    case event_type::unrecognized:
        return "UNRECOGNIZED";
    case event_type::unspecified:
        break;
    }
    return "UNSPECIFIED";
}

GCHAT_DECL std::string format_log_line(const event_log_record& r) {
    std::string out = "gchat::server: ";
    if (r.type.empty()) {
        out += "rejected";
    } else {
        out += "event ";
        out += r.type;
    }
    if (!r.space.empty()) {
        out += " space=";
        out += r.space;
    }
    out += " status=";
    out += std::to_string(r.status);
    if (!r.reply.empty()) {
        out += " reply=";
        out += r.reply;
    }
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3f", static_cast<double>(r.latency.count()) / 1000.0);
    out += " latency=";
    out += ms;
    out += "ms";
    if (!r.envelope.empty()) {
        out += " envelope=";
        out += r.envelope;
    }
    if (!r.reason.empty()) {
        out += " reason=\"";
        out += r.reason;
        out += '"';
    }
    return out;
}

template <class D>
std::optional<follow_up> make_follow_up(const reply& r, const event& ev) {
    if (r.type() != reply::kind::new_message || !r.message()) return std::nullopt;
    if (!ev.space || !ev.space->name || ev.space->name->empty()) return std::nullopt;
    gchat::detail::dependent_t<follow_up, D> f;
    f.space = *ev.space->name;
    f.message = *r.message();
    if (!f.message.thread) {
        const gchat::thread* t = nullptr;
        if (ev.message && ev.message->thread && ev.message->thread->name)
            t = &*ev.message->thread;
        else if (ev.thread && ev.thread->name)
            t = &*ev.thread;
        if (t) f.message.thread = gchat::thread{.name = t->name, .thread_key = std::nullopt};
    }
    if (f.message.thread)
        f.params.message_reply_option = gchat::message_reply_option::reply_message_fallback_to_new_thread;
    return f;
}

#ifdef GCHAT_SEPARATE_COMPILATION
template std::optional<follow_up> make_follow_up<void>(const reply& r, const event& ev);
#endif

} // namespace gchat::server

#endif
