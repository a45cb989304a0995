// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_IMPL_WEBHOOK_IPP
#define GCHAT_IMPL_WEBHOOK_IPP

#include <gchat/detail/requests.hpp>
#include <gchat/webhook.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace gchat {

namespace detail {

inline bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// Calls f(name, value_begin, value_end) for each parameter of the query of `text` (offsets into text).
template <class F>
void for_each_query_param(std::string_view text, F f) {
    auto q = text.find('?');
    if (q == std::string_view::npos) return;
    auto end = text.find('#', q);
    if (end == std::string_view::npos) end = text.size();
    std::size_t pos = q + 1;
    while (pos <= end) {
        auto amp = text.find('&', pos);
        if (amp == std::string_view::npos || amp > end) amp = end;
        auto part = text.substr(pos, amp - pos);
        auto eq = part.find('=');
        auto name = part.substr(0, eq);
        std::size_t vb = eq == std::string_view::npos ? amp : pos + eq + 1;
        f(name, vb, amp);
        pos = amp + 1;
    }
}

inline boost::system::error_code webhook_url_error(diagnostics* diag, std::string_view url,
                                                   std::string_view why) {
    if (diag) {
        diag->clear();
        diag->client_message = "invalid webhook URL \"";
        diag->client_message += redact_webhook_url(url.substr(0, 500));
        diag->client_message += "\": ";
        diag->client_message += why;
    }
    return make_error_code(errc::invalid_url);
}

GCHAT_DECL bool has_query_param(std::string_view target, std::string_view name) noexcept {
    bool found = false;
    for_each_query_param(target, [&](std::string_view n, std::size_t, std::size_t) { found |= n == name; });
    return found;
}

template <class D>
boost::system::error_code build_webhook_post(const webhook_url& url, const message& m,
                                             const webhook_send_params& params, api_request& out,
                                             diagnostics* diag) {
    auto conflict = [&](std::string_view name) {
        if (diag) {
            diag->client_message = "the webhook URL already sets ";
            diag->client_message += name;
            diag->client_message += "; do not set it in webhook_send_params too";
        }
        return make_error_code(errc::invalid_argument);
    };
    bool sets_option = params.message_reply_option != message_reply_option::message_reply_option_unspecified;
    if (sets_option && has_query_param(url.target, "messageReplyOption"))
        return conflict("messageReplyOption");
    if (!params.thread_key.empty() && has_query_param(url.target, "threadKey")) return conflict("threadKey");
    if (!params.request_id.empty() && has_query_param(url.target, "requestId")) return conflict("requestId");

    create_message_params cp;
    cp.request_id = params.request_id;
    cp.message_reply_option = params.message_reply_option;
    boost::system::error_code ec;
    if (params.thread_key.empty()) {
        ec = build_create_message(url.space, m, cp, out, diag);
    } else {
        dependent_t<message, D> copy = m;
        if (!copy.thread) copy.thread.emplace();
        copy.thread->thread_key = params.thread_key;
        ec = build_create_message(url.space, copy, cp, out, diag);
    }
    if (ec) return ec;
    auto q = url.target.find('?');
    if (q != std::string::npos && q + 1 < url.target.size()) {
        out.target += out.target.find('?') == std::string::npos ? '?' : '&';
        out.target.append(url.target, q + 1);
    }
    return {};
}

#ifdef GCHAT_SEPARATE_COMPILATION
template boost::system::error_code build_webhook_post<void>(const webhook_url& url, const message& m,
                                                            const webhook_send_params& params,
                                                            api_request& out, diagnostics* diag);
#endif

GCHAT_DECL client_params make_webhook_client_params(const webhook_url& url, webhook_params p) {
    client_params cp;
    cp.endpoint = url.endpoint;
    cp.tls_context = p.tls_context;
    cp.max_connections = p.max_connections;
    cp.default_deadline = p.default_deadline;
    cp.retry = p.retry;
    cp.max_writes_per_space = p.max_writes_per_space;
    cp.write_window = p.write_window;
    cp.user_agent = std::move(p.user_agent);
    if (p.logger) {
        cp.logger = [logger = std::move(p.logger)](const client_log_record& r) {
            auto target = redact_webhook_url(r.target);
            client_log_record copy = r;
            copy.target = target;
            logger(copy);
        };
    }
    return cp;
}

} // namespace detail

GCHAT_DECL std::string redact_webhook_url(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    detail::for_each_query_param(text, [&](std::string_view name, std::size_t vb, std::size_t ve) {
        if (!detail::ascii_iequals(name, "token")) return;
        out.append(text.substr(copied, vb - copied));
        if (vb == ve && (vb == 0 || text[vb - 1] != '=')) out += '=';
        out += "REDACTED";
        copied = ve;
    });
    out.append(text.substr(copied));
    return out;
}

GCHAT_DECL boost::system::result<webhook_url> parse_webhook_url(std::string_view url, diagnostics* diag) {
    if (diag) diag->clear();
    auto r = boost::urls::parse_uri(boost::core::string_view(url.data(), url.size()));
    if (!r) return detail::webhook_url_error(diag, url, "not an absolute URL");
    const auto& u = *r;
    if (u.scheme_id() != boost::urls::scheme::https && u.scheme_id() != boost::urls::scheme::http)
        return detail::webhook_url_error(diag, url, "the scheme must be https or http");
    if (!u.has_authority() || u.encoded_host().empty())
        return detail::webhook_url_error(diag, url, "there is no host");
    if (u.has_userinfo()) return detail::webhook_url_error(diag, url, "user information is not allowed");
    if (u.has_fragment()) return detail::webhook_url_error(diag, url, "a fragment is not allowed");

    webhook_url out;
    out.endpoint = std::string(u.scheme());
    out.endpoint += "://";
    auto hp = u.encoded_host_and_port();
    out.endpoint.append(hp.data(), hp.size());

    constexpr std::string_view bad_path = "the path must be /v1/spaces/{space}/messages";
    auto path = u.encoded_path();
    std::string_view p(path.data(), path.size());
    constexpr std::string_view prefix = "/v1/spaces/", suffix = "/messages";
    if (p.size() <= prefix.size() + suffix.size() || p.substr(0, prefix.size()) != prefix ||
        p.substr(p.size() - suffix.size()) != suffix)
        return detail::webhook_url_error(diag, url, bad_path);
    auto id = p.substr(prefix.size(), p.size() - prefix.size() - suffix.size());
    if (id.find('/') != std::string_view::npos) return detail::webhook_url_error(diag, url, bad_path);
    auto segs = u.segments(); // decoded
    if (segs.size() != 4) return detail::webhook_url_error(diag, url, bad_path);
    auto it = segs.begin();
    ++it;
    ++it;
    std::string space_id = *it;
    for (char c : space_id)
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f || c == '/')
            return detail::webhook_url_error(diag, url, "the space id has a character not allowed");
    out.space = "spaces/" + space_id;

    if (!u.has_query())
        return detail::webhook_url_error(diag, url, "the key and token parameters are missing");
    bool key = false, token = false;
    for (auto param : u.params()) {
        if (param.key == "key") key = key || (param.has_value && !param.value.empty());
        if (param.key == "token") token = token || (param.has_value && !param.value.empty());
    }
    if (!key) return detail::webhook_url_error(diag, url, "the key parameter is missing or empty");
    if (!token) return detail::webhook_url_error(diag, url, "the token parameter is missing or empty");

    out.target = std::string(p);
    out.target += '?';
    auto q = u.encoded_query();
    out.target.append(q.data(), q.size());
    return out;
}

} // namespace gchat

#endif
