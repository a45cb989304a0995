// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_IMPL_CHAT_STATE_IPP
#define GCHAT_TESTING_IMPL_CHAT_STATE_IPP

#include <gchat/json/keys.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>
#include <gchat/model/list_responses.hpp>
#include <gchat/model/membership.hpp>
#include <gchat/model/message.hpp>
#include <gchat/model/space.hpp>
#include <gchat/testing/chat_keys.hpp>
#include <gchat/testing/chat_state.hpp>
#include <gchat/testing/detail/text.hpp>
#include <gchat/testing/detail/token_endpoint.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

namespace gchat::testing {

GCHAT_DECL response make_error(unsigned http_status, std::string_view status, std::string_view message,
                               std::string_view reason, std::string_view domain) {
    response r;
    r.status = http_status;
    std::string& out = r.body;
    out.reserve(256 + message.size());
    out += "{\"error\":{\"code\":";
    out += std::to_string(http_status);
    out += ",\"message\":";
    gchat::json::detail::write_escaped(out, message);
    out += ",\"status\":";
    gchat::json::detail::write_escaped(out, status);
    if (!reason.empty()) {
        out += ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":";
        gchat::json::detail::write_escaped(out, reason);
        out += ",\"domain\":";
        gchat::json::detail::write_escaped(out, domain);
        out += ",\"metadata\":{}}]";
    }
    out += "}}";
    return r;
}

namespace detail {

inline response api_error(api_code c, std::string_view message, std::string_view reason = {}) {
    return make_error(http_status_of(c), to_string(c), message, reason.empty() ? to_string(c) : reason);
}

inline response bad_request(std::string_view message, std::string_view reason = "INVALID_ARGUMENT") {
    return api_error(api_code::invalid_argument, message, reason);
}

inline response json_ok(std::string body) {
    response r;
    r.body = std::move(body);
    return r;
}

struct reaction_record {
    std::string id;
    gchat::reaction reaction;
};

struct message_record {
    std::string id; // "M.T"
    std::string thread_id;
    std::string sender; // the principal's name
    gchat::message msg;
    bool deleted = false;
    std::vector<reaction_record> reactions;
};

struct thread_record {
    std::vector<std::size_t> messages;
    std::map<std::string, std::string> keys; // app -> its thread key
};

struct space_record {
    std::string id;
    gchat::space space;
    std::vector<gchat::membership> members;
    // A deque: appending never moves the messages already stored (a vector's growth copied them all).
    std::deque<message_record> messages;
    std::unordered_map<std::string, std::size_t> by_id;
    std::unordered_map<std::string, std::size_t> by_client_id;
    // caller '\n' request id -> message (the only copy of the key: persistence reads it from here)
    std::unordered_map<std::string, std::size_t> by_request_id;
    std::unordered_map<std::string, thread_record> threads;
    std::unordered_map<std::string, std::string> thread_keys; // caller '\n' key -> thread id
};

struct upload_record {
    std::string space;
    std::string filename;
    std::string content_type;
    std::string data;
};

struct issued_token {
    principal who;
    std::chrono::system_clock::time_point expiry;
};

// The routes, by discovery method id.
inline constexpr std::string_view r_spaces_list = "spaces.list";
inline constexpr std::string_view r_spaces_get = "spaces.get";
inline constexpr std::string_view r_find_dm = "spaces.findDirectMessage";
inline constexpr std::string_view r_msg_create = "spaces.messages.create";
inline constexpr std::string_view r_msg_list = "spaces.messages.list";
inline constexpr std::string_view r_msg_get = "spaces.messages.get";
inline constexpr std::string_view r_msg_update = "spaces.messages.update";
inline constexpr std::string_view r_msg_patch = "spaces.messages.patch";
inline constexpr std::string_view r_msg_delete = "spaces.messages.delete";
inline constexpr std::string_view r_att_get = "spaces.messages.attachments.get";
inline constexpr std::string_view r_react_create = "spaces.messages.reactions.create";
inline constexpr std::string_view r_react_list = "spaces.messages.reactions.list";
inline constexpr std::string_view r_react_delete = "spaces.messages.reactions.delete";
inline constexpr std::string_view r_members_list = "spaces.members.list";
inline constexpr std::string_view r_members_get = "spaces.members.get";
inline constexpr std::string_view r_upload = "media.upload";
inline constexpr std::string_view r_download = "media.download";
inline constexpr std::string_view r_token = "token";
inline constexpr std::string_view r_keys_x509 = "keys.x509"; // served by the emulator (no bearer token)
inline constexpr std::string_view r_keys_jwks = "keys.jwks"; // served by the emulator (no bearer token)

/// Splits a decoded path into the API part's segments; `kind` is 0 for /v1/, 1 for /upload/v1/, 2 for
/// /token, 3 for the Chat x509 key set, 4 for the JWK set, -1 for anything else.
inline std::vector<std::string_view> api_segments(std::string_view path, int& kind) {
    kind = -1;
    if (path == "/token") {
        kind = 2;
        return {};
    }
    if (path == chat_x509_path || path == google_jwks_path) {
        kind = path == chat_x509_path ? 3 : 4;
        return {};
    }
    std::string_view rest;
    if (path.substr(0, 4) == "/v1/") {
        kind = 0;
        rest = path.substr(4);
    } else if (path.substr(0, 11) == "/upload/v1/") {
        kind = 1;
        rest = path.substr(11);
    } else {
        return {};
    }
    auto segs = split(rest, '/');
    for (auto s : segs)
        if (s.empty()) {
            kind = -1;
            return {};
        }
    return segs;
}

inline std::string_view match_route(std::string_view method, int kind,
                                    const std::vector<std::string_view>& s) {
    const bool get = method == "GET", post = method == "POST";
    if (kind == 2) return post ? r_token : std::string_view();
    if (kind == 3) return get ? r_keys_x509 : std::string_view();
    if (kind == 4) return get ? r_keys_jwks : std::string_view();
    if (kind == 1) {
        if (post && s.size() == 3 && s[0] == "spaces" && s[2] == "attachments:upload") return r_upload;
        return {};
    }
    if (kind != 0 || s.empty()) return {};
    if (s[0] == "media") return get && s.size() >= 2 ? r_download : std::string_view();
    if (s.size() == 1 && s[0] == "spaces") return get ? r_spaces_list : std::string_view();
    if (s.size() == 1 && s[0] == "spaces:findDirectMessage") return get ? r_find_dm : std::string_view();
    if (s[0] != "spaces" || s.size() < 2) return {};
    if (s.size() == 2) return get ? r_spaces_get : std::string_view();
    if (s[2] == "members") {
        if (s.size() == 3) return get ? r_members_list : std::string_view();
        if (s.size() == 4) return get ? r_members_get : std::string_view();
        return {};
    }
    if (s[2] != "messages") return {};
    if (s.size() == 3) return get ? r_msg_list : post ? r_msg_create : std::string_view();
    if (s.size() == 4) {
        if (get) return r_msg_get;
        if (method == "PUT") return r_msg_update;
        if (method == "PATCH") return r_msg_patch;
        if (method == "DELETE") return r_msg_delete;
        return {};
    }
    if (s[4] == "reactions") {
        if (s.size() == 5) return get ? r_react_list : post ? r_react_create : std::string_view();
        if (s.size() == 6) return method == "DELETE" ? r_react_delete : std::string_view();
        return {};
    }
    if (s[4] == "attachments" && s.size() == 6) return get ? r_att_get : std::string_view();
    return {};
}

inline std::size_t count_widgets(const gchat::card& c) {
    std::size_t n = 0;
    for (const auto& sec : c.sections) {
        n += sec.widgets.size();
        for (const auto& w : sec.widgets)
            if (w.columns)
                for (const auto& col : w.columns->column_items)
                    n += col.widgets.size();
    }
    return n;
}

// Pages through `n` items in storage order (or reverse), from storage index `start`.
template <class Pred>
std::pair<std::vector<std::size_t>, std::optional<std::size_t>>
page(std::size_t n, bool desc, std::optional<std::size_t> start, std::size_t size, Pred pred) {
    std::vector<std::size_t> out;
    if (n == 0) return {out, std::nullopt};
    std::size_t i = start ? *start : (desc ? n - 1 : 0);
    if (i >= n) return {out, std::nullopt};
    for (;;) {
        if (pred(i)) {
            if (out.size() == size) return {out, i};
            out.push_back(i);
        }
        if (desc) {
            if (i == 0) break;
            --i;
        } else {
            if (++i == n) break;
        }
    }
    return {out, std::nullopt};
}

inline std::string page_token(std::size_t i) {
    return "p" + std::to_string(i) + "x";
}

inline std::optional<std::optional<std::size_t>> parse_page_token(std::string_view t) {
    if (t.empty()) return std::optional<std::size_t>();
    if (t.size() < 3 || t.front() != 'p' || t.back() != 'x') return std::nullopt;
    auto v = parse_small_int(t.substr(1, t.size() - 2));
    if (!v || *v < 0) return std::nullopt;
    return std::optional<std::size_t>(static_cast<std::size_t>(*v));
}

// pageSize: default `def`, clamped to `max`, negative or malformed is an error.
inline std::optional<std::size_t> parse_page_size(std::string_view v, std::size_t def, std::size_t max) {
    if (v.empty()) return def;
    auto n = parse_small_int(v);
    if (!n) {
        if (v.size() > 9 && v.find_first_not_of("0123456789") == std::string_view::npos) return max;
        return std::nullopt;
    }
    if (*n < 0) return std::nullopt;
    if (*n == 0) return def;
    return std::min<std::size_t>(static_cast<std::size_t>(*n), max);
}

inline std::optional<bool> parse_bool(std::string_view v) {
    if (v.empty() || v == "false" || v == "0") return false;
    if (v == "true" || v == "1") return true;
    return std::nullopt;
}

// Splits a multipart/related body into (headers, content) parts.
inline std::optional<std::vector<std::pair<std::string_view, std::string_view>>>
split_multipart(std::string_view body, std::string_view boundary) {
    std::vector<std::pair<std::string_view, std::string_view>> parts;
    std::string delim = "--";
    delim += boundary;
    auto p = body.find(delim);
    if (p == std::string_view::npos) return std::nullopt;
    p += delim.size();
    for (;;) {
        if (body.substr(p, 2) == "--") return parts;
        if (body.substr(p, 2) != "\r\n") return std::nullopt;
        p += 2;
        auto hend = body.find("\r\n\r\n", p);
        std::string_view headers;
        if (body.substr(p, 2) == "\r\n") {
            hend = p;
            headers = {};
            p += 2;
        } else {
            if (hend == std::string_view::npos) return std::nullopt;
            headers = body.substr(p, hend - p);
            p = hend + 4;
        }
        auto next = body.find("\r\n" + delim, p);
        if (next == std::string_view::npos) return std::nullopt;
        parts.emplace_back(headers, body.substr(p, next - p));
        p = next + 2 + delim.size();
    }
}

inline std::string_view header_value(std::string_view headers, std::string_view name) {
    for (auto line : split(headers, '\n')) {
        line = trim(line);
        auto c = line.find(':');
        if (c != std::string_view::npos && iequals(trim(line.substr(0, c)), name))
            return trim(line.substr(c + 1));
    }
    return {};
}

inline std::string_view content_type_param(std::string_view ct, std::string_view param) {
    for (auto p : split(ct, ';')) {
        p = trim(p);
        auto eq = p.find('=');
        if (eq != std::string_view::npos && iequals(trim(p.substr(0, eq)), param)) {
            auto v = trim(p.substr(eq + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            return v;
        }
    }
    return {};
}

inline gchat::user user_of(const principal& p) {
    gchat::user u;
    u.name = p.name;
    if (!p.display_name.empty()) u.display_name = p.display_name;
    u.type = p.type;
    return u;
}

inline std::string_view last_segment(std::string_view name) {
    auto p = name.rfind('/');
    return p == std::string_view::npos ? name : name.substr(p + 1);
}

} // namespace detail

struct chat_state::impl {
    using space_record = detail::space_record;
    using message_record = detail::message_record;

    emulator_options opts;
    std::string base_url = "http://127.0.0.1/";
    std::uint64_t counter = 0;
    gchat::timestamp last_time{};
    std::vector<std::unique_ptr<space_record>> spaces;
    std::unordered_map<std::string, space_record*> space_by_id;
    std::unordered_map<std::string, detail::upload_record> uploads;
    std::unordered_map<std::string, detail::issued_token> tokens;
    gchat::json::reader reader;

    explicit impl(emulator_options o) : opts(std::move(o)) {
        for (const auto& s : opts.spaces)
            add_space(s);
        for (const auto& w : opts.webhooks)
            add_space(w.space);
    }

    std::string next_id(std::size_t n = 11) {
        return detail::make_id(opts.seed * 0x100000001B3ull + ++counter, n);
    }

    gchat::timestamp now() {
        auto t = gchat::timestamp::from(
            std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
        if (t <= last_time) {
            t = last_time;
            t.nanos += 1000;
            if (t.nanos >= 1'000'000'000) {
                t.nanos -= 1'000'000'000;
                ++t.seconds;
            }
        }
        last_time = t;
        return t;
    }

    gchat::membership make_membership(const space_record& s, const principal& p, bool manager) {
        gchat::membership m;
        m.name = "spaces/" + s.id + "/members/" + std::string(detail::last_segment(p.name));
        m.state = gchat::membership_state::joined;
        m.role = manager ? gchat::membership_role::role_manager : gchat::membership_role::role_member;
        m.member = detail::user_of(p);
        m.create_time = s.space.create_time;
        return m;
    }

    space_record& create_space(std::string id, gchat::space_type type, const principal* dm_with = nullptr) {
        auto rec = std::make_unique<space_record>();
        rec->id = id;
        auto& sp = rec->space;
        sp.name = "spaces/" + id;
        sp.create_time = now();
        sp.space_history_state = gchat::history_state::history_on;
        sp.space_type = type;
        if (type == gchat::space_type::direct_message) {
            sp.type = gchat::legacy_space_type::dm;
            sp.single_user_bot_dm = true;
            sp.space_threading_state = gchat::space_threading_state::unthreaded_messages;
            rec->members.push_back(make_membership(*rec, *dm_with, false));
        } else {
            sp.type = gchat::legacy_space_type::room;
            sp.display_name = id;
            sp.space_threading_state = gchat::space_threading_state::threaded_messages;
            bool first = true;
            for (const auto& m : opts.members) {
                rec->members.push_back(make_membership(*rec, m, first));
                first = false;
            }
        }
        rec->members.push_back(make_membership(*rec, opts.app, false));
        for (const auto& [token, who] : opts.token_principals)
            if (who.type == gchat::user_type::bot && who.name != opts.app.name)
                rec->members.push_back(make_membership(*rec, who, false));
        auto* p = rec.get();
        spaces.push_back(std::move(rec));
        space_by_id.emplace(p->id, p);
        return *p;
    }

    void add_space(std::string_view name) {
        if (name.substr(0, 7) == "spaces/") name.remove_prefix(7);
        if (name.empty() || name.find('/') != std::string_view::npos) return;
        if (!space_by_id.count(std::string(name))) create_space(std::string(name), gchat::space_type::space);
    }

    space_record* find_space(std::string_view id, bool create) {
        auto it = space_by_id.find(std::string(id));
        if (it != space_by_id.end()) return it->second;
        if (!create || !opts.auto_create_spaces || id.find(':') != std::string_view::npos) return nullptr;
        return &create_space(std::string(id), gchat::space_type::space);
    }

    static response space_not_found(std::string_view id) {
        return detail::api_error(api_code::not_found,
                                 "Space spaces/" + std::string(id) +
                                     " not found or the caller is not a member.",
                                 "SPACE_NOT_FOUND");
    }

    // ---- authentication -------------------------------------------------------------------------

    std::optional<principal> authenticate(std::string_view authorization, response& err) {
        std::string_view token;
        if (authorization.size() > 7 && detail::iequals(authorization.substr(0, 7), "Bearer "))
            token = detail::trim(authorization.substr(7));
        if (token.empty()) {
            err = make_error(401, "UNAUTHENTICATED",
                             "Request is missing required authentication credential. Expected OAuth 2 access "
                             "token, login cookie or other valid authentication credential.",
                             "CREDENTIALS_MISSING", "googleapis.com");
            err.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
            return std::nullopt;
        }
        std::string t(token);
        if (auto it = opts.token_principals.find(t); it != opts.token_principals.end()) return it->second;
        if (auto it = tokens.find(t); it != tokens.end()) {
            if (it->second.expiry > std::chrono::system_clock::now()) return it->second.who;
            tokens.erase(it);
        } else if (auto jwt_who =
                       detail::verify_self_signed_jwt(t, opts, base_url, std::chrono::system_clock::now())) {
            return jwt_who;
        } else if (opts.accepted_tokens.empty() ||
                   std::find(opts.accepted_tokens.begin(), opts.accepted_tokens.end(), t) !=
                       opts.accepted_tokens.end()) {
            return opts.app;
        }
        err =
            make_error(401, "UNAUTHENTICATED",
                       "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                       "cookie or other valid authentication credential.",
                       "ACCESS_TOKEN_TYPE_UNSUPPORTED", "googleapis.com");
        err.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                                                     "error=\"invalid_token\"");
        return std::nullopt;
    }

    // An incoming webhook's post (`?key=K&token=T`, no Authorization): the webhook's BOT user, or Google's
    // errors (a bad key: 400 API_KEY_INVALID; no token: 401; a token not of this space: 403).
    std::optional<principal> authenticate_webhook(std::string_view space_id, const detail::query& q,
                                                  response& err) {
        auto key = q.get_or("key");
        auto token = q.get_or("token");
        bool key_ok = false;
        for (const auto& w : opts.webhooks)
            key_ok = key_ok || (!key.empty() && w.key == key);
        if (!key_ok) {
            err = make_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                             "API_KEY_INVALID", "googleapis.com");
            return std::nullopt;
        }
        if (token.empty()) {
            err = make_error(401, "UNAUTHENTICATED",
                             "Request is missing required authentication credential. Expected OAuth 2 access "
                             "token, login cookie or other valid authentication credential.",
                             "CREDENTIALS_MISSING", "googleapis.com");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < opts.webhooks.size(); ++i) {
            const auto& w = opts.webhooks[i];
            std::string_view ws = w.space;
            if (ws.substr(0, 7) == "spaces/") ws.remove_prefix(7);
            if (w.key != key || w.token != token || ws != space_id) continue;
            principal p;
            p.name = w.user_name.empty() ? "users/webhook-" + std::to_string(i + 1) : w.user_name;
            p.display_name = w.display_name;
            p.type = gchat::user_type::bot;
            return p;
        }
        err = make_error(403, "PERMISSION_DENIED", "The caller does not have permission");
        return std::nullopt;
    }

    // ---- messages -------------------------------------------------------------------------------

    message_record* find_message(space_record& s, std::string_view mid) {
        auto& index = mid.substr(0, 7) == "client-" ? s.by_client_id : s.by_id;
        auto it = index.find(std::string(mid));
        if (it == index.end()) return nullptr;
        auto& m = s.messages[it->second];
        return m.deleted ? nullptr : &m;
    }

    static response message_not_found(const space_record& s, std::string_view mid) {
        return detail::api_error(api_code::not_found,
                                 "Message spaces/" + s.id + "/messages/" + std::string(mid) + " not found.",
                                 "MESSAGE_NOT_FOUND");
    }

    std::string render(const space_record& s, const message_record& m, const principal& who) const {
        if (m.msg.thread) {
            auto t = s.threads.find(m.thread_id);
            if (t != s.threads.end()) {
                auto k = t->second.keys.find(who.name);
                if (k != t->second.keys.end()) {
                    gchat::message copy = m.msg;
                    copy.thread->thread_key = k->second;
                    return gchat::json::serialize(copy);
                }
            }
        }
        return gchat::json::serialize(m.msg);
    }

    // Checks what a message may contain; nullopt if it is fine.
    std::optional<response> validate_content(const gchat::message& m) const {
        if ((!m.text || m.text->empty()) && m.cards_v2.empty() && m.cards.empty() && m.attachment.empty() &&
            m.accessory_widgets.empty())
            return detail::bad_request("Message cannot be empty. Discarding the message.", "EMPTY_MESSAGE");
        std::size_t size = m.text ? m.text->size() : 0;
        if (!m.cards_v2.empty()) size += gchat::json::serialize(m.cards_v2).size();
        if (!m.cards.empty()) size += gchat::json::serialize(m.cards).size();
        if (!m.accessory_widgets.empty()) size += gchat::json::serialize(m.accessory_widgets).size();
        if (size > 32000)
            return detail::bad_request("Message is " + std::to_string(size) +
                                           " bytes, above the maximum of 32,000 bytes.",
                                       "MESSAGE_TOO_LARGE");
        for (std::size_t i = 0; i < m.cards_v2.size(); ++i) {
            if (!m.cards_v2[i].card) continue;
            auto n = detail::count_widgets(*m.cards_v2[i].card);
            if (n > 100)
                return detail::bad_request("Card cards_v2[" + std::to_string(i) + "] has " +
                                               std::to_string(n) + " widgets, above the maximum of 100.",
                                           "TOO_MANY_WIDGETS");
        }
        return std::nullopt;
    }

    // Resolves uploaded attachments (attachmentDataRef) and checks the others.
    std::optional<response> resolve_attachments(space_record& s, const std::string& msg_name,
                                                std::vector<gchat::attachment>& atts) {
        for (auto& a : atts) {
            if (a.attachment_data_ref) {
                auto& ref = *a.attachment_data_ref;
                std::string key = ref.resource_name             ? *ref.resource_name
                                  : ref.attachment_upload_token ? *ref.attachment_upload_token
                                                                : std::string();
                auto it = uploads.find(key);
                if (it == uploads.end() || it->second.space != s.id)
                    return detail::bad_request("Attachment data reference not found in this space.",
                                               "ATTACHMENT_NOT_FOUND");
                a.name = msg_name + "/attachments/" + next_id(16);
                a.content_name = it->second.filename;
                a.content_type = it->second.content_type;
                ref.resource_name = key;
                ref.attachment_upload_token.reset();
                a.source = gchat::attachment_source::uploaded_content;
                a.download_uri = base_url + "v1/media/" + key + "?alt=media";
                a.thumbnail_uri.reset();
            } else if (a.drive_data_ref && a.drive_data_ref->drive_file_id) {
                a.name = msg_name + "/attachments/" + next_id(16);
                a.source = gchat::attachment_source::drive_file;
            } else if (!a.name) {
                return detail::bad_request("An attachment needs an attachmentDataRef from media.upload.",
                                           "INVALID_ATTACHMENT");
            }
        }
        return std::nullopt;
    }

    response create_message(space_record& s, const principal& who, const detail::query& q, gchat::message m,
                            std::string_view message_id) {
        std::string request_key;
        if (auto rid = q.get("requestId", "request_id"); rid && !rid->empty()) {
            request_key.reserve(who.name.size() + 1 + rid->size());
            request_key.append(who.name).append(1, '\n').append(*rid);
            if (auto it = s.by_request_id.find(request_key); it != s.by_request_id.end())
                return detail::json_ok(render(s, s.messages[it->second], who));
        }
        if (!message_id.empty()) {
            if (!detail::is_valid_client_id(message_id))
                return detail::bad_request("Invalid message ID \"" + std::string(message_id) +
                                               "\": a custom ID must begin with \"client-\", contain only "
                                               "lowercase letters, numbers and hyphens, and be at most 63 "
                                               "characters long.",
                                           "INVALID_MESSAGE_ID");
            if (s.by_client_id.count(std::string(message_id)))
                return detail::api_error(api_code::already_exists,
                                         "Message with custom ID " + std::string(message_id) +
                                             " already exists in spaces/" + s.id + ".",
                                         "MESSAGE_ID_ALREADY_EXISTS");
        }
        if (auto e = validate_content(m)) return std::move(*e);

        auto option_text = q.get_or("messageReplyOption", "message_reply_option");
        auto option = gchat::message_reply_option::message_reply_option_unspecified;
        if (!option_text.empty()) {
            option = gchat::json::enum_from_string<gchat::message_reply_option>(option_text);
            if (option == gchat::message_reply_option::unrecognized)
                return detail::bad_request("Invalid value for messageReplyOption: \"" +
                                           std::string(option_text) + "\".");
        }
        std::string key;
        if (m.thread && m.thread->thread_key) key = *m.thread->thread_key;
        if (key.empty()) key = std::string(q.get_or("threadKey", "thread_key"));
        if (key.size() > 4000) return detail::bad_request("A thread key has at most 4000 characters.");
        std::string tname = m.thread && m.thread->name ? *m.thread->name : std::string();

        std::string thread_id;
        bool reply = false;
        if (option != gchat::message_reply_option::message_reply_option_unspecified) {
            if (!tname.empty()) {
                auto prefix = "spaces/" + s.id + "/threads/";
                if (tname.substr(0, prefix.size()) == prefix && s.threads.count(tname.substr(prefix.size())))
                    thread_id = tname.substr(prefix.size());
            } else if (!key.empty()) {
                auto it = s.thread_keys.find(who.name + '\n' + key);
                if (it != s.thread_keys.end()) thread_id = it->second;
            }
            reply = !thread_id.empty();
            if (!reply && option == gchat::message_reply_option::reply_message_or_fail)
                return detail::api_error(api_code::not_found,
                                         tname.empty() ? "Thread with key \"" + key + "\" not found."
                                                       : "Thread " + tname + " not found.",
                                         "THREAD_NOT_FOUND");
        }
        std::string mid;
        if (reply) {
            mid = next_id();
        } else {
            thread_id = next_id();
            mid = thread_id;
        }
        message_record rec;
        rec.id = mid + "." + thread_id;
        rec.thread_id = thread_id;
        rec.sender = who.name;
        rec.msg = std::move(m);
        auto& msg = rec.msg;
        msg.name = "spaces/" + s.id + "/messages/" + rec.id;
        if (auto e = resolve_attachments(s, *msg.name, msg.attachment)) return std::move(*e);
        msg.sender = detail::user_of(who);
        msg.create_time = now();
        msg.last_update_time.reset();
        msg.delete_time.reset();
        msg.deletion_metadata.reset();
        msg.thread = gchat::thread{"spaces/" + s.id + "/threads/" + thread_id, std::nullopt};
        if (reply)
            msg.thread_reply = true;
        else
            msg.thread_reply.reset();
        gchat::space sp;
        sp.name = s.space.name;
        sp.type = s.space.type;
        sp.space_type = s.space.space_type;
        msg.space = std::move(sp);
        msg.emoji_reaction_summaries.clear();
        if (!message_id.empty())
            msg.client_assigned_message_id = std::string(message_id);
        else
            msg.client_assigned_message_id.reset();
        if (msg.text && !msg.formatted_text) msg.formatted_text = msg.text;
        if (msg.text && !msg.argument_text) msg.argument_text = msg.text;

        auto index = s.messages.size();
        auto& thread = s.threads[thread_id];
        thread.messages.push_back(index);
        if (!key.empty() && option != gchat::message_reply_option::message_reply_option_unspecified &&
            !reply && tname.empty()) {
            thread.keys[who.name] = key;
            s.thread_keys[who.name + '\n' + key] = thread_id;
        }
        s.by_id.emplace(rec.id, index);
        if (!message_id.empty()) s.by_client_id.emplace(std::string(message_id), index);
        if (!request_key.empty()) s.by_request_id.emplace(std::move(request_key), index);
        s.messages.push_back(std::move(rec));
        s.space.last_active_time = s.messages.back().msg.create_time;
        return detail::json_ok(render(s, s.messages.back(), who));
    }

    std::optional<gchat::message> parse_message(std::string_view body, response& err) {
        diagnostics diag;
        gchat::message m;
        if (detail::trim(body).empty()) return m;
        if (auto ec = reader.parse_into(body, m, &diag)) {
            err =
                detail::bad_request("Invalid JSON payload received. " + diag.client_message, "INVALID_JSON");
            return std::nullopt;
        }
        return m;
    }

    response update_message(space_record& s, const principal& who, const detail::query& q,
                            std::string_view mid, std::string_view body) {
        response err;
        auto m = parse_message(body, err);
        if (!m) return err;
        auto allow_missing = detail::parse_bool(q.get_or("allowMissing", "allow_missing"));
        if (!allow_missing) return detail::bad_request("Invalid value for allowMissing.");
        auto* rec = find_message(s, mid);
        if (!rec) {
            if (!*allow_missing) return message_not_found(s, mid);
            if (!detail::is_valid_client_id(mid))
                return detail::bad_request(
                    "allowMissing creates a message only for a client-assigned message "
                    "ID (client-...).",
                    "INVALID_MESSAGE_ID");
            detail::query none;
            if (m->thread) m->thread.reset();
            return create_message(s, who, none, std::move(*m), mid);
        }
        if (rec->sender != who.name)
            return detail::api_error(api_code::permission_denied,
                                     "The caller can only update messages it created.", "NOT_MESSAGE_SENDER");
        auto mask = detail::trim(q.get_or("updateMask", "update_mask"));
        if (mask.empty()) return detail::bad_request("updateMask is required.", "INVALID_UPDATE_MASK");
        bool text = false, cards = false, cards_v2 = false, attachment = false, accessory = false,
             quoted = false;
        for (auto p : detail::split(mask, ',')) {
            p = detail::trim(p);
            if (p == "*")
                text = cards = cards_v2 = attachment = accessory = quoted = true;
            else if (p == "text")
                text = true;
            else if (p == "cards")
                cards = true;
            else if (p == "cards_v2" || p == "cardsV2")
                cards_v2 = true;
            else if (p == "attachment")
                attachment = true;
            else if (p == "accessory_widgets" || p == "accessoryWidgets")
                accessory = true;
            else if (p == "quoted_message_metadata" || p == "quotedMessageMetadata")
                quoted = true;
            else
                return detail::bad_request("Invalid update mask path \"" + std::string(p) +
                                               "\". Supported paths: text, attachment, cards, cards_v2, "
                                               "accessory_widgets, quoted_message_metadata, *.",
                                           "INVALID_UPDATE_MASK");
        }
        gchat::message next = rec->msg;
        if (text) {
            next.text = m->text;
            next.formatted_text = m->text;
            next.argument_text = m->text;
        }
        if (cards) next.cards = std::move(m->cards);
        if (cards_v2) next.cards_v2 = std::move(m->cards_v2);
        if (accessory) next.accessory_widgets = std::move(m->accessory_widgets);
        if (attachment) {
            if (auto e = resolve_attachments(s, *next.name, m->attachment)) return std::move(*e);
            next.attachment = std::move(m->attachment);
        }
        if (quoted) {
            if (m->quoted_message_metadata)
                return detail::bad_request("quoted_message_metadata can only be removed.");
            next.quoted_message_metadata.reset();
        }
        if (auto e = validate_content(next)) return std::move(*e);
        next.last_update_time = now();
        rec->msg = std::move(next);
        return detail::json_ok(render(s, *rec, who));
    }

    response delete_message(space_record& s, const principal& who, const detail::query& q,
                            std::string_view mid) {
        auto* rec = find_message(s, mid);
        if (!rec) return message_not_found(s, mid);
        if (rec->sender != who.name)
            return detail::api_error(api_code::permission_denied,
                                     "The caller can only delete messages it created.", "NOT_MESSAGE_SENDER");
        auto force = detail::parse_bool(q.get_or("force"));
        if (!force) return detail::bad_request("Invalid value for force.");
        std::vector<std::size_t> victims{s.by_id.at(rec->id)};
        // `force` applies to user authentication only: a person cannot delete a thread's first message
        // while it has replies unless forced, and forcing deletes the replies too.
        if (who.type == gchat::user_type::human) {
            auto& t = s.threads[rec->thread_id];
            if (!t.messages.empty() && t.messages.front() == victims.front()) {
                std::vector<std::size_t> replies;
                for (auto i : t.messages)
                    if (i != victims.front() && !s.messages[i].deleted) replies.push_back(i);
                if (!replies.empty() && !*force)
                    return detail::api_error(
                        api_code::failed_precondition,
                        "Message has threaded replies; set force=true to delete them too.",
                        "MESSAGE_HAS_REPLIES");
                victims.insert(victims.end(), replies.begin(), replies.end());
            }
        }
        auto t = now();
        for (auto i : victims) {
            auto& v = s.messages[i];
            v.deleted = true;
            gchat::message tomb;
            tomb.name = v.msg.name;
            tomb.sender = v.msg.sender;
            tomb.create_time = v.msg.create_time;
            tomb.last_update_time = v.msg.last_update_time;
            tomb.delete_time = t;
            tomb.thread = v.msg.thread;
            tomb.space = v.msg.space;
            tomb.thread_reply = v.msg.thread_reply;
            tomb.client_assigned_message_id = v.msg.client_assigned_message_id;
            tomb.deletion_metadata = gchat::deletion_metadata{gchat::deletion_type::creator};
            v.msg = std::move(tomb);
            v.reactions.clear();
        }
        return detail::json_ok("{}");
    }

    response list_messages(space_record& s, const principal& who, const detail::query& q) {
        auto size = detail::parse_page_size(q.get_or("pageSize", "page_size"), 25, 1000);
        if (!size)
            return detail::bad_request("pageSize must be a non-negative integer.", "INVALID_PAGE_SIZE");
        auto start = detail::parse_page_token(q.get_or("pageToken", "page_token"));
        if (!start) return detail::bad_request("Invalid page token.", "INVALID_PAGE_TOKEN");
        auto show_deleted = detail::parse_bool(q.get_or("showDeleted", "show_deleted"));
        if (!show_deleted) return detail::bad_request("Invalid value for showDeleted.");
        bool desc = false;
        {
            auto order = detail::trim(q.get_or("orderBy", "order_by"));
            auto parts = detail::split(order, ' ');
            std::vector<std::string_view> words;
            for (auto p : parts)
                if (!p.empty()) words.push_back(p);
            if (!words.empty() && (words[0] == "create_time" || words[0] == "createTime"))
                words.erase(words.begin());
            if (words.size() > 1)
                return detail::bad_request("Invalid orderBy \"" + std::string(order) + "\".");
            if (words.size() == 1) {
                if (detail::iequals(words[0], "desc"))
                    desc = true;
                else if (!detail::iequals(words[0], "asc"))
                    return detail::bad_request("Invalid orderBy \"" + std::string(order) + "\".");
            }
        }
        std::optional<gchat::timestamp> after, before;
        std::optional<std::string> thread;
        if (auto f = detail::trim(q.get_or("filter")); !f.empty()) {
            auto expr = detail::parse_filter(f);
            auto invalid = [&](std::string_view why) {
                return detail::bad_request("Invalid filter \"" + std::string(f) + "\": " + std::string(why),
                                           "INVALID_FILTER");
            };
            if (!expr) return invalid("syntax error.");
            if (expr->used_or) return invalid("only AND is supported.");
            for (const auto& t : expr->any_of.front()) {
                if (t.field == "create_time" || t.field == "createTime") {
                    if (t.op != ">" && t.op != "<") return invalid("create_time supports > and <.");
                    if (!t.quoted) return invalid("a timestamp must be in double quotes.");
                    auto ts = gchat::parse_rfc3339(t.value);
                    if (!ts) return invalid("not an RFC 3339 timestamp.");
                    (t.op == ">" ? after : before) = *ts;
                } else if (t.field == "thread.name") {
                    if (t.op != "=") return invalid("thread.name supports =.");
                    if (thread) return invalid("only one thread.name.");
                    thread = t.value;
                } else {
                    return invalid("unknown field \"" + t.field + "\".");
                }
            }
        }
        auto [items, next] = detail::page(s.messages.size(), desc, *start, *size, [&](std::size_t i) {
            const auto& m = s.messages[i];
            if (m.deleted && !*show_deleted) return false;
            const auto& ct = *m.msg.create_time;
            if (after && !(ct > *after)) return false;
            if (before && !(ct < *before)) return false;
            if (thread && (!m.msg.thread || m.msg.thread->name != *thread)) return false;
            return true;
        });
        std::string out = "{";
        if (!items.empty()) {
            out += "\"messages\":[";
            for (std::size_t k = 0; k < items.size(); ++k) {
                if (k) out += ',';
                out += render(s, s.messages[items[k]], who);
            }
            out += ']';
        }
        if (next) {
            if (out.size() > 1) out += ',';
            out += "\"nextPageToken\":\"" + detail::page_token(*next) + "\"";
        }
        out += '}';
        return detail::json_ok(std::move(out));
    }

    // ---- spaces and members ---------------------------------------------------------------------

    response list_spaces(const detail::query& q) {
        auto size = detail::parse_page_size(q.get_or("pageSize", "page_size"), 100, 1000);
        if (!size)
            return detail::bad_request("pageSize must be a non-negative integer.", "INVALID_PAGE_SIZE");
        auto start = detail::parse_page_token(q.get_or("pageToken", "page_token"));
        if (!start) return detail::bad_request("Invalid page token.", "INVALID_PAGE_TOKEN");
        std::vector<gchat::space_type> types;
        if (auto f = detail::trim(q.get_or("filter")); !f.empty()) {
            auto expr = detail::parse_filter(f);
            auto invalid = [&] {
                return detail::bad_request(
                    "Invalid filter \"" + std::string(f) +
                        "\": use space_type = \"SPACE\" OR space_type = \"GROUP_CHAT\" ...",
                    "INVALID_FILTER");
            };
            if (!expr) return invalid();
            for (const auto& group : expr->any_of) {
                if (group.size() != 1) return invalid();
                const auto& t = group.front();
                if ((t.field != "space_type" && t.field != "spaceType") || t.op != "=") return invalid();
                auto v = gchat::json::enum_from_string<gchat::space_type>(t.value);
                if (v == gchat::space_type::unrecognized || v == gchat::space_type::space_type_unspecified)
                    return invalid();
                types.push_back(v);
            }
        }
        auto [items, next] = detail::page(spaces.size(), false, *start, *size, [&](std::size_t i) {
            return types.empty() ||
                   std::find(types.begin(), types.end(), *spaces[i]->space.space_type) != types.end();
        });
        gchat::list_spaces_response out;
        for (auto i : items)
            out.spaces.push_back(spaces[i]->space);
        if (next) out.next_page_token = detail::page_token(*next);
        return detail::json_ok(gchat::json::serialize(out));
    }

    response find_direct_message(const detail::query& q) {
        auto name = q.get_or("name");
        if (name.substr(0, 6) != "users/" || name.size() == 6)
            return detail::bad_request("name must be users/{user}.");
        for (const auto& s : spaces) {
            if (s->space.space_type != gchat::space_type::direct_message) continue;
            for (const auto& m : s->members)
                if (m.member && m.member->name == name)
                    return detail::json_ok(gchat::json::serialize(s->space));
        }
        if (!opts.auto_create_spaces)
            return detail::api_error(api_code::not_found, "No direct message with " + std::string(name) + ".",
                                     "SPACE_NOT_FOUND");
        principal p{std::string(name), std::string(), gchat::user_type::human};
        for (const auto& m : opts.members)
            if (m.name == name) p = m;
        auto& s = create_space("dm-" + next_id(), gchat::space_type::direct_message, &p);
        return detail::json_ok(gchat::json::serialize(s.space));
    }

    response list_members(space_record& s, const principal& who, const detail::query& q) {
        auto size = detail::parse_page_size(q.get_or("pageSize", "page_size"), 100, 1000);
        if (!size)
            return detail::bad_request("pageSize must be a non-negative integer.", "INVALID_PAGE_SIZE");
        auto start = detail::parse_page_token(q.get_or("pageToken", "page_token"));
        if (!start) return detail::bad_request("Invalid page token.", "INVALID_PAGE_TOKEN");
        std::optional<detail::filter_expr> expr;
        if (auto f = detail::trim(q.get_or("filter")); !f.empty()) {
            expr = detail::parse_filter(f);
            bool ok = expr.has_value();
            if (ok)
                for (const auto& g : expr->any_of)
                    for (const auto& t : g)
                        ok = ok && t.op == "=" && (t.field == "member.type" || t.field == "role");
            if (!ok)
                return detail::bad_request("Invalid filter \"" + std::string(f) +
                                               "\": use member.type = \"HUMAN\" and role = \"ROLE_MANAGER\".",
                                           "INVALID_FILTER");
        }
        auto [items, next] = detail::page(s.members.size(), false, *start, *size, [&](std::size_t i) {
            const auto& m = s.members[i];
            // With app authentication, the list leaves out app memberships, the caller's included.
            if (who.type == gchat::user_type::bot && m.member && m.member->type == gchat::user_type::bot)
                return false;
            if (!expr) return true;
            for (const auto& g : expr->any_of) {
                bool all = true;
                for (const auto& t : g) {
                    if (t.field == "member.type")
                        all = all && m.member && gchat::json::enum_to_string(*m.member->type) == t.value;
                    else
                        all = all && m.role && gchat::json::enum_to_string(*m.role) == t.value;
                }
                if (all) return true;
            }
            return false;
        });
        gchat::list_memberships_response out;
        for (auto i : items)
            out.memberships.push_back(s.members[i]);
        if (next) out.next_page_token = detail::page_token(*next);
        return detail::json_ok(gchat::json::serialize(out));
    }

    response get_member(space_record& s, const principal& who, std::string_view id) {
        std::string want =
            "spaces/" + s.id + "/members/" +
            std::string(id == "app" && who.type == gchat::user_type::bot ? detail::last_segment(who.name)
                                                                         : id);
        for (const auto& m : s.members)
            if (m.name == want) return detail::json_ok(gchat::json::serialize(m));
        return detail::api_error(api_code::not_found, "Membership " + want + " not found.",
                                 "MEMBERSHIP_NOT_FOUND");
    }

    // ---- reactions ------------------------------------------------------------------------------

    static void summarize(message_record& m) {
        std::vector<gchat::emoji_reaction_summary> out;
        for (const auto& r : m.reactions) {
            auto it = std::find_if(out.begin(), out.end(),
                                   [&](const auto& e) { return e.emoji == r.reaction.emoji; });
            if (it == out.end())
                out.push_back({r.reaction.emoji, 1});
            else
                *it->reaction_count += 1;
        }
        m.msg.emoji_reaction_summaries = std::move(out);
    }

    response create_reaction(space_record& s, message_record& m, const principal& who,
                             std::string_view body) {
        diagnostics diag;
        gchat::reaction r;
        if (auto ec = reader.parse_into(body, r, &diag))
            return detail::bad_request("Invalid JSON payload received. " + diag.client_message,
                                       "INVALID_JSON");
        if (!r.emoji || (!r.emoji->unicode && !(r.emoji->custom_emoji && r.emoji->custom_emoji->uid)))
            return detail::bad_request("A reaction needs emoji.unicode or emoji.customEmoji.uid.");
        gchat::emoji e;
        if (r.emoji->unicode)
            e.unicode = r.emoji->unicode;
        else
            e.custom_emoji = gchat::custom_emoji{std::nullopt, r.emoji->custom_emoji->uid, std::nullopt,
                                                 std::nullopt, std::nullopt};
        for (const auto& x : m.reactions)
            if (x.reaction.emoji == e && x.reaction.user && x.reaction.user->name == who.name)
                return detail::json_ok(gchat::json::serialize(x.reaction));
        detail::reaction_record rec;
        rec.id = next_id();
        rec.reaction.name = *m.msg.name + "/reactions/" + rec.id;
        gchat::user u;
        u.name = who.name;
        u.type = who.type;
        rec.reaction.user = std::move(u);
        rec.reaction.emoji = std::move(e);
        m.reactions.push_back(std::move(rec));
        summarize(m);
        (void)s;
        return detail::json_ok(gchat::json::serialize(m.reactions.back().reaction));
    }

    response list_reactions(message_record& m, const detail::query& q) {
        auto size = detail::parse_page_size(q.get_or("pageSize", "page_size"), 25, 200);
        if (!size)
            return detail::bad_request("pageSize must be a non-negative integer.", "INVALID_PAGE_SIZE");
        auto start = detail::parse_page_token(q.get_or("pageToken", "page_token"));
        if (!start) return detail::bad_request("Invalid page token.", "INVALID_PAGE_TOKEN");
        std::optional<detail::filter_expr> expr;
        if (auto f = detail::trim(q.get_or("filter")); !f.empty()) {
            expr = detail::parse_filter(f);
            bool ok = expr.has_value();
            if (ok)
                for (const auto& g : expr->any_of)
                    for (const auto& t : g)
                        ok = ok && t.op == "=" &&
                             (t.field == "emoji.unicode" || t.field == "emoji.custom_emoji.uid" ||
                              t.field == "user.name");
            if (!ok)
                return detail::bad_request("Invalid filter \"" + std::string(f) + "\".", "INVALID_FILTER");
        }
        auto [items, next] = detail::page(m.reactions.size(), false, *start, *size, [&](std::size_t i) {
            if (!expr) return true;
            const auto& r = m.reactions[i].reaction;
            for (const auto& g : expr->any_of) {
                bool all = true;
                for (const auto& t : g) {
                    if (t.field == "emoji.unicode")
                        all = all && r.emoji->unicode == t.value;
                    else if (t.field == "user.name")
                        all = all && r.user->name == t.value;
                    else
                        all = all && r.emoji->custom_emoji && r.emoji->custom_emoji->uid == t.value;
                }
                if (all) return true;
            }
            return false;
        });
        gchat::list_reactions_response out;
        for (auto i : items)
            out.reactions.push_back(m.reactions[i].reaction);
        if (next) out.next_page_token = detail::page_token(*next);
        return detail::json_ok(gchat::json::serialize(out));
    }

    response delete_reaction(message_record& m, const principal& who, std::string_view rid) {
        auto it =
            std::find_if(m.reactions.begin(), m.reactions.end(), [&](const auto& r) { return r.id == rid; });
        if (it == m.reactions.end())
            return detail::api_error(api_code::not_found,
                                     "Reaction " + *m.msg.name + "/reactions/" + std::string(rid) +
                                         " not found.",
                                     "REACTION_NOT_FOUND");
        if (it->reaction.user->name != who.name)
            return detail::api_error(api_code::permission_denied,
                                     "The caller can only delete its own reactions.", "NOT_REACTION_OWNER");
        m.reactions.erase(it);
        summarize(m);
        return detail::json_ok("{}");
    }

    // ---- media ----------------------------------------------------------------------------------

    response upload(space_record& s, const detail::query& q, const request_view& req) {
        auto type = q.get_or("uploadType", "upload_type");
        detail::upload_record up;
        up.space = s.id;
        bool multipart =
            type == "multipart" ||
            (type.empty() && detail::iequals(req.content_type.substr(0, 17), "multipart/related"));
        if (type == "resumable")
            return detail::bad_request("Resumable uploads are not supported by the emulator; use multipart.");
        if (multipart) {
            auto boundary = detail::content_type_param(req.content_type, "boundary");
            if (boundary.empty()) return detail::bad_request("A multipart upload needs a boundary.");
            auto parts = detail::split_multipart(req.body, boundary);
            if (!parts || parts->size() != 2)
                return detail::bad_request("A multipart upload has two parts: metadata and media.");
            boost::system::error_code ec;
            auto meta = boost::json::parse((*parts)[0].second, ec);
            if (ec || !meta.is_object())
                return detail::bad_request("The metadata part is not a JSON object.");
            if (auto* f = meta.as_object().if_contains("filename"); f && f->is_string())
                up.filename = std::string(f->as_string());
            up.content_type = std::string(detail::header_value((*parts)[1].first, "Content-Type"));
            up.data = std::string((*parts)[1].second);
        } else if (type.empty() || type == "media") {
            up.filename = std::string(q.get_or("filename"));
            up.content_type = std::string(req.content_type);
            up.data = std::string(req.body);
        } else {
            return detail::bad_request("Invalid uploadType \"" + std::string(type) + "\".");
        }
        if (up.filename.empty()) return detail::bad_request("filename is required.", "MISSING_FILENAME");
        if (up.content_type.empty()) up.content_type = "application/octet-stream";
        auto resource = "uploads/" + s.id + "/" + next_id(24);
        uploads.emplace(resource, std::move(up));
        std::string out = "{\"attachmentDataRef\":{\"resourceName\":";
        gchat::json::detail::write_escaped(out, resource);
        out += ",\"attachmentUploadToken\":";
        gchat::json::detail::write_escaped(out, resource);
        out += "}}";
        return detail::json_ok(std::move(out));
    }

    response download(std::string_view resource, const detail::query& q) {
        auto it = uploads.find(std::string(resource));
        if (it == uploads.end())
            return detail::api_error(api_code::not_found, "Media " + std::string(resource) + " not found.",
                                     "MEDIA_NOT_FOUND");
        if (q.get_or("alt") != "media") {
            std::string out = "{\"resourceName\":";
            gchat::json::detail::write_escaped(out, resource);
            out += '}';
            return detail::json_ok(std::move(out));
        }
        response r;
        r.content_type = it->second.content_type;
        r.body = it->second.data;
        return r;
    }

    // ---- dispatch -------------------------------------------------------------------------------

    response handle(const request_view& req) {
        auto qpos = req.target.find('?');
        std::string path_storage;
        auto path = detail::percent_decode(req.target.substr(0, qpos), false, path_storage);
        auto q = detail::parse_query(qpos == std::string_view::npos ? std::string_view()
                                                                    : req.target.substr(qpos + 1));
        if (!path || !q) return detail::bad_request("Malformed URL.");
        int kind = -1;
        auto segs = detail::api_segments(*path, kind);
        auto route = detail::match_route(req.method, kind, segs);
        if (route.empty()) {
            return detail::api_error(api_code::not_found, "Method not found.", "METHOD_NOT_FOUND");
        }
        if (route == detail::r_token) {
            auto r = token_endpoint(req);
            r.route = route;
            return r;
        }
        if (route == detail::r_keys_x509 || route == detail::r_keys_jwks) {
            // The emulator serves the key sets itself (it owns the signing key); chat_state has none.
            auto r = detail::api_error(api_code::not_found, "No signing keys here.", "METHOD_NOT_FOUND");
            r.route = route;
            return r;
        }
        response r = dispatch(route, req, segs, *q);
        r.route = route;
        return r;
    }

    response token_endpoint(const request_view& req) {
        auto now = std::chrono::system_clock::now();
        auto token = "ya29.emu-" + next_id(40);
        auto out = detail::handle_token_request(req.content_type, req.body, opts, base_url, token, now);
        if (out.issued)
            tokens.emplace(std::move(token), detail::issued_token{*out.issued, now + opts.token_lifetime});
        return std::move(out.resp);
    }

    response dispatch(std::string_view route, const request_view& req,
                      const std::vector<std::string_view>& segs, const detail::query& q) {
        response err;
        std::optional<principal> who;
        if (route == detail::r_msg_create && req.authorization.empty() && (q.get("key") || q.get("token")))
            who = authenticate_webhook(segs[1], q, err);
        else
            who = authenticate(req.authorization, err);
        if (!who) return err;
        if (route == detail::r_spaces_list) return list_spaces(q);
        if (route == detail::r_find_dm) return find_direct_message(q);
        if (route == detail::r_download) {
            std::string resource;
            for (std::size_t i = 1; i < segs.size(); ++i) {
                if (i > 1) resource += '/';
                resource += segs[i];
            }
            return download(resource, q);
        }
        auto* s = find_space(segs[1], true);
        if (!s) return space_not_found(segs[1]);
        if (route == detail::r_spaces_get) return detail::json_ok(gchat::json::serialize(s->space));
        if (route == detail::r_upload) return upload(*s, q, req);
        if (route == detail::r_members_list) return list_members(*s, *who, q);
        if (route == detail::r_members_get) return get_member(*s, *who, segs[3]);
        if (route == detail::r_msg_list) return list_messages(*s, *who, q);
        if (route == detail::r_msg_create) {
            auto m = parse_message(req.body, err);
            if (!m) return err;
            return create_message(*s, *who, q, std::move(*m), q.get_or("messageId", "message_id"));
        }
        if (route == detail::r_msg_update || route == detail::r_msg_patch)
            return update_message(*s, *who, q, segs[3], req.body);
        if (route == detail::r_msg_delete) return delete_message(*s, *who, q, segs[3]);
        auto* m = find_message(*s, segs[3]);
        if (!m) return message_not_found(*s, segs[3]);
        if (route == detail::r_msg_get) return detail::json_ok(render(*s, *m, *who));
        if (route == detail::r_react_create) return create_reaction(*s, *m, *who, req.body);
        if (route == detail::r_react_list) return list_reactions(*m, q);
        if (route == detail::r_react_delete) return delete_reaction(*m, *who, segs[5]);
        if (route == detail::r_att_get) {
            auto want = *m->msg.name + "/attachments/" + std::string(segs[5]);
            for (const auto& a : m->msg.attachment)
                if (a.name == want) return detail::json_ok(gchat::json::serialize(a));
            return detail::api_error(api_code::not_found, "Attachment " + want + " not found.",
                                     "ATTACHMENT_NOT_FOUND");
        }
        return detail::api_error(api_code::unimplemented, "Not implemented by the emulator.");
    }
};

GCHAT_DECL chat_state::chat_state(emulator_options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}

GCHAT_DECL chat_state::~chat_state() = default;

GCHAT_DECL response chat_state::handle(const request_view& req) {
    return impl_->handle(req);
}

GCHAT_DECL std::string_view chat_state::route_of(std::string_view method, std::string_view target) noexcept {
    try {
        auto qpos = target.find('?');
        std::string path_storage;
        auto path = detail::percent_decode(target.substr(0, qpos), false, path_storage);
        if (!path) return {};
        int kind = -1;
        auto segs = detail::api_segments(*path, kind);
        return detail::match_route(method, kind, segs);
    } catch (...) {
        return {};
    }
}

GCHAT_DECL void chat_state::set_base_url(std::string url) {
    impl_->base_url = std::move(url);
}

GCHAT_DECL void chat_state::add_token(std::string token, principal who) {
    impl_->opts.token_principals[std::move(token)] = std::move(who);
}

GCHAT_DECL std::size_t chat_state::revoke_tokens() {
    auto n = impl_->tokens.size();
    impl_->tokens.clear();
    return n;
}

GCHAT_DECL void chat_state::add_space(std::string_view name) {
    impl_->add_space(name);
}

GCHAT_DECL std::size_t chat_state::message_count(std::string_view space, bool with_deleted) const {
    if (space.substr(0, 7) == "spaces/") space.remove_prefix(7);
    auto it = impl_->space_by_id.find(std::string(space));
    if (it == impl_->space_by_id.end()) return 0;
    std::size_t n = 0;
    for (const auto& m : it->second->messages)
        n += with_deleted || !m.deleted;
    return n;
}

} // namespace gchat::testing

#include <gchat/testing/impl/persistence.ipp>

#endif
