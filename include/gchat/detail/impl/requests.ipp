// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_IMPL_REQUESTS_IPP
#define GCHAT_DETAIL_IMPL_REQUESTS_IPP

#include <gchat/detail/requests.hpp>
#include <gchat/event/validate.hpp>
#include <gchat/json/keys.hpp>
#include <gchat/json/serialize.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/grammar/charset.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace gchat::detail {

/// Appends `s` percent-encoded outside `cs` (Boost.URL), onto `out`: a string with nothing to encode (the
/// usual case: ids, UUIDs, parameter names) is copied as it is.
template <class CharSet>
void append_encoded(std::string& out, std::string_view s, const CharSet& cs) {
    const char* end = s.data() + s.size();
    if (boost::urls::grammar::find_if_not(s.data(), end, cs) == end) {
        out.append(s);
        return;
    }
    boost::urls::encode(boost::core::string_view(s.data(), s.size()), cs, {},
                        boost::urls::string_token::append_to(out));
}

inline boost::system::error_code request_error(errc e, diagnostics* diag, std::string message) {
    if (diag) diag->client_message = std::move(message);
    return make_error_code(e);
}

inline void append_bool(std::string& target, std::string_view name, bool v) {
    if (v) append_query(target, name, "true");
}

inline void append_page(std::string& target, int page_size, const std::string& page_token) {
    if (page_size > 0) append_query(target, "pageSize", std::to_string(page_size));
    if (!page_token.empty()) append_query(target, "pageToken", page_token);
}

inline constexpr std::string_view json_type = "application/json; charset=utf-8";

GCHAT_DECL boost::system::error_code check_message_id(std::string_view id, diagnostics* diag) {
    constexpr std::string_view prefix = "client-";
    if (id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix)
        return request_error(errc::invalid_message_id, diag,
                             "message_id must start with \"client-\" followed by at least one character");
    if (id.size() > max_message_id_length)
        return request_error(errc::invalid_message_id, diag,
                             "message_id is " + std::to_string(id.size()) +
                                 " characters long; at most 63 are allowed");
    for (std::size_t i = prefix.size(); i < id.size(); ++i) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return request_error(
                errc::invalid_message_id, diag,
                "message_id may only contain lower-case letters, digits and hyphens (offset " +
                    std::to_string(i) + ")");
    }
    return {};
}

GCHAT_DECL boost::system::error_code check_resource_name(std::string_view name,
                                                         std::initializer_list<std::string_view> shape,
                                                         std::string_view what, diagnostics* diag) {
    std::string expected;
    for (auto c : shape) {
        if (!expected.empty()) expected += '/';
        expected += c;
        expected += "/{id}";
    }
    auto bad = [&] {
        std::string msg(what);
        msg += " \"";
        // Resource names are not secret, but keep the message bounded.
        msg += name.substr(0, 200);
        msg += "\" is not of the form ";
        msg += expected;
        return request_error(errc::invalid_resource_name, diag, std::move(msg));
    };
    std::string_view rest = name;
    for (auto c : shape) {
        if (rest.substr(0, c.size()) != c || rest.size() < c.size() + 2 || rest[c.size()] != '/')
            return bad();
        rest.remove_prefix(c.size() + 1);
        auto slash = rest.find('/');
        auto id = rest.substr(0, slash);
        if (id.empty()) return bad();
        for (char ch : id)
            if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return bad();
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (!rest.empty()) rest.remove_prefix(1);
        if (slash != std::string_view::npos && rest.empty()) return bad(); // trailing '/'
    }
    if (!rest.empty()) return bad();
    return {};
}

GCHAT_DECL boost::system::error_code check_page_size(int page_size, int max, diagnostics* diag) {
    if (page_size < 0 || page_size > max)
        return request_error(errc::invalid_page_size, diag,
                             "page_size is " + std::to_string(page_size) +
                                 "; it must be 0 (the server's default) to " + std::to_string(max));
    return {};
}

GCHAT_DECL std::string api_path(std::string_view resource, std::string_view suffix, std::string_view prefix) {
    std::string out;
    // One allocation for the path and the query parameters appended after it (request id, message id...).
    out.reserve(prefix.size() + resource.size() * 3 + suffix.size() + 160);
    out += prefix;
    std::size_t start = 0;
    for (;;) {
        auto slash = resource.find('/', start);
        auto seg =
            resource.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        append_encoded(out, seg, boost::urls::pchars);
        if (slash == std::string_view::npos) break;
        out += '/';
        start = slash + 1;
    }
    out += suffix;
    return out;
}

GCHAT_DECL void append_query(std::string& target, std::string_view name, std::string_view value) {
    target += target.find('?') == std::string::npos ? '?' : '&';
    append_encoded(target, name, boost::urls::unreserved_chars);
    target += '=';
    append_encoded(target, value, boost::urls::unreserved_chars);
}

GCHAT_DECL boost::system::error_code build_create_message(std::string_view parent, const message& m,
                                                          const create_message_params& params,
                                                          api_request& out, diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces"}, "parent", diag)) return ec;
    if (!params.message_id.empty())
        if (auto ec = check_message_id(params.message_id, diag)) return ec;
    if (auto ec = validate_message(m, diag)) return ec;
    out = {};
    out.method = beast::http::verb::post;
    out.target = api_path(parent, "/messages");
    if (!params.thread_key.empty()) append_query(out.target, "threadKey", params.thread_key);
    if (!params.request_id.empty()) append_query(out.target, "requestId", params.request_id);
    if (params.message_reply_option != message_reply_option::message_reply_option_unspecified &&
        params.message_reply_option != message_reply_option::unrecognized)
        append_query(out.target, "messageReplyOption", json::enum_to_string(params.message_reply_option));
    if (!params.message_id.empty()) append_query(out.target, "messageId", params.message_id);
    out.body = json::serialize(m);
    out.content_type = json_type;
    out.idempotent = !params.request_id.empty();
    return {};
}

GCHAT_DECL boost::system::error_code build_get_message(std::string_view name, api_request& out,
                                                       diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces", "messages"}, "message name", diag)) return ec;
    out = {};
    out.target = api_path(name);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_update_message(const message& m, std::string_view update_mask,
                                                          const update_message_params& params,
                                                          api_request& out, diagnostics* diag) {
    if (!m.name) return request_error(errc::invalid_resource_name, diag, "the message to update has no name");
    if (auto ec = check_resource_name(*m.name, {"spaces", "messages"}, "message name", diag)) return ec;
    if (update_mask.empty())
        return request_error(errc::invalid_argument, diag,
                             "update_mask is required (e.g. \"text\" or \"*\")");
    if (auto ec = validate_message(m, diag)) return ec;
    out = {};
    out.method = beast::http::verb::patch;
    out.target = api_path(*m.name);
    append_query(out.target, "updateMask", update_mask);
    append_bool(out.target, "allowMissing", params.allow_missing);
    out.body = json::serialize(m);
    out.content_type = json_type;
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_delete_message(std::string_view name,
                                                          const delete_message_params& params,
                                                          api_request& out, diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces", "messages"}, "message name", diag)) return ec;
    out = {};
    out.method = beast::http::verb::delete_;
    out.target = api_path(name);
    append_bool(out.target, "force", params.force);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_list_messages(std::string_view parent,
                                                         const list_messages_params& params, api_request& out,
                                                         diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces"}, "parent", diag)) return ec;
    if (auto ec = check_page_size(params.page_size, 1000, diag)) return ec;
    out = {};
    out.target = api_path(parent, "/messages");
    append_page(out.target, params.page_size, params.page_token);
    if (!params.filter.empty()) append_query(out.target, "filter", params.filter);
    if (!params.order_by.empty()) append_query(out.target, "orderBy", params.order_by);
    append_bool(out.target, "showDeleted", params.show_deleted);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_get_space(std::string_view name, api_request& out,
                                                     diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces"}, "space name", diag)) return ec;
    out = {};
    out.target = api_path(name);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_list_spaces(const list_spaces_params& params, api_request& out,
                                                       diagnostics* diag) {
    if (auto ec = check_page_size(params.page_size, 1000, diag)) return ec;
    out = {};
    out.target = "/v1/spaces";
    append_page(out.target, params.page_size, params.page_token);
    if (!params.filter.empty()) append_query(out.target, "filter", params.filter);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_find_direct_message(std::string_view user, api_request& out,
                                                               diagnostics* diag) {
    if (auto ec = check_resource_name(user, {"users"}, "user name", diag)) return ec;
    out = {};
    out.target = "/v1/spaces:findDirectMessage";
    append_query(out.target, "name", user);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_get_member(std::string_view name, api_request& out,
                                                      diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces", "members"}, "membership name", diag)) return ec;
    out = {};
    out.target = api_path(name);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_list_members(std::string_view parent,
                                                        const list_members_params& params, api_request& out,
                                                        diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces"}, "parent", diag)) return ec;
    if (auto ec = check_page_size(params.page_size, 1000, diag)) return ec;
    out = {};
    out.target = api_path(parent, "/members");
    append_page(out.target, params.page_size, params.page_token);
    if (!params.filter.empty()) append_query(out.target, "filter", params.filter);
    append_bool(out.target, "showGroups", params.show_groups);
    append_bool(out.target, "showInvited", params.show_invited);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_create_reaction(std::string_view parent, const reaction& r,
                                                           api_request& out, diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces", "messages"}, "parent", diag)) return ec;
    if (!r.emoji || (!r.emoji->unicode && !r.emoji->custom_emoji))
        return request_error(errc::invalid_argument, diag,
                             "a reaction needs an emoji (unicode or custom_emoji)");
    out = {};
    out.method = beast::http::verb::post;
    out.target = api_path(parent, "/reactions");
    out.body = json::serialize(r);
    out.content_type = json_type;
    out.idempotent = false;
    return {};
}

GCHAT_DECL boost::system::error_code build_list_reactions(std::string_view parent,
                                                          const list_reactions_params& params,
                                                          api_request& out, diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces", "messages"}, "parent", diag)) return ec;
    if (auto ec = check_page_size(params.page_size, 200, diag)) return ec;
    out = {};
    out.target = api_path(parent, "/reactions");
    append_page(out.target, params.page_size, params.page_token);
    if (!params.filter.empty()) append_query(out.target, "filter", params.filter);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_delete_reaction(std::string_view name, api_request& out,
                                                           diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces", "messages", "reactions"}, "reaction name", diag))
        return ec;
    out = {};
    out.method = beast::http::verb::delete_;
    out.target = api_path(name);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_get_attachment(std::string_view name, api_request& out,
                                                          diagnostics* diag) {
    if (auto ec = check_resource_name(name, {"spaces", "messages", "attachments"}, "attachment name", diag))
        return ec;
    out = {};
    out.target = api_path(name);
    out.idempotent = true;
    return {};
}

GCHAT_DECL boost::system::error_code build_upload(std::string_view parent, const upload_params& params,
                                                  std::string_view data, std::string_view boundary,
                                                  api_request& out, diagnostics* diag) {
    if (auto ec = check_resource_name(parent, {"spaces"}, "parent", diag)) return ec;
    if (params.filename.empty())
        return request_error(errc::invalid_argument, diag, "upload_params::filename is required");
    if (params.content_type.empty() || params.content_type.find_first_of("\r\n") != std::string::npos)
        return request_error(errc::invalid_argument, diag,
                             "upload_params::content_type is not a valid media type");
    if (boundary.empty() || data.find(boundary) != std::string_view::npos)
        return request_error(errc::invalid_argument, diag, "the multipart boundary occurs in the data");
    constexpr std::uint64_t max_upload = 209'715'200; // mediaUpload.maxSize of the discovery document
    if (data.size() > max_upload)
        return request_error(errc::invalid_argument, diag, "an upload may have at most 200 MiB");
    out = {};
    out.method = beast::http::verb::post;
    out.target = api_path(parent, "/attachments:upload", "/upload/v1/");
    append_query(out.target, "uploadType", "multipart");
    std::string meta = "{\"filename\":";
    json::detail::write_escaped(meta, params.filename);
    meta += '}';
    auto& b = out.body;
    b.reserve(data.size() + meta.size() + params.content_type.size() + 3 * boundary.size() + 128);
    b += "--";
    b += boundary;
    b += "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n";
    b += meta;
    b += "\r\n--";
    b += boundary;
    b += "\r\nContent-Type: ";
    b += params.content_type;
    b += "\r\n\r\n";
    b += data;
    b += "\r\n--";
    b += boundary;
    b += "--\r\n";
    out.content_type = "multipart/related; boundary=";
    out.content_type += boundary;
    out.idempotent = false;
    return {};
}

GCHAT_DECL boost::system::error_code build_download(std::string_view resource_name, api_request& out,
                                                    diagnostics* diag) {
    if (resource_name.empty())
        return request_error(errc::invalid_resource_name, diag, "the media resource name is empty");
    out = {};
    out.target = api_path(resource_name, {}, "/v1/media/");
    append_query(out.target, "alt", "media");
    out.idempotent = true;
    return {};
}

} // namespace gchat::detail

#endif
