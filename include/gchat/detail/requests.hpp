// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_REQUESTS_HPP
#define GCHAT_DETAIL_REQUESTS_HPP

// The sans-I/O request side of the client: checks of the parameters (before anything is sent) and the
// builders of one detail::api_request per Chat API method. Paths, methods and query parameter names are
// those of the Chat v1 discovery document; every path segment and query value is percent-encoded with
// Boost.URL.

#include <gchat/call_params.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/api_request.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/model/message.hpp>
#include <gchat/model/reaction.hpp>

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>

namespace gchat::detail {

/// Characters of a client-assigned message id (with its "client-" prefix).
inline constexpr std::size_t max_message_id_length = 63;

/// errc::invalid_message_id unless `id` is "client-" followed by [a-z0-9-], at most 63 characters in all.
GCHAT_DECL boost::system::error_code check_message_id(std::string_view id, diagnostics* diag);

/// errc::invalid_resource_name unless `name` is `c0/ID0/c1/ID1/...` for the collections `shape`
/// ({"spaces", "messages"} for "spaces/AAA/messages/BBB"), each ID non-empty and without '/'.
/// `what` names the argument in the message ("message name").
GCHAT_DECL boost::system::error_code check_resource_name(std::string_view name,
                                                         std::initializer_list<std::string_view> shape,
                                                         std::string_view what, diagnostics* diag);

/// errc::invalid_page_size unless 0 <= page_size <= max (0: the server's default).
GCHAT_DECL boost::system::error_code check_page_size(int page_size, int max, diagnostics* diag);

/// Builds "/v1/" + the resource path, each segment percent-encoded.
GCHAT_DECL std::string api_path(std::string_view resource, std::string_view suffix = {},
                                std::string_view prefix = "/v1/");

/// Appends `?name=value` or `&name=value`, the value percent-encoded (RFC 3986 unreserved kept).
GCHAT_DECL void append_query(std::string& target, std::string_view name, std::string_view value);

// One builder per method. Each checks its arguments first: on failure it returns the error and says why in
// diag->client_message, and `out` is unspecified.

/// spaces.messages.create. Idempotent only if params.request_id is not empty (the client fills it).
GCHAT_DECL boost::system::error_code build_create_message(std::string_view parent, const message& m,
                                                          const create_message_params& params,
                                                          api_request& out, diagnostics* diag);
/// spaces.messages.get
GCHAT_DECL boost::system::error_code build_get_message(std::string_view name, api_request& out,
                                                       diagnostics* diag);
/// spaces.messages.patch: the name is m.name (required); update_mask is required.
GCHAT_DECL boost::system::error_code build_update_message(const message& m, std::string_view update_mask,
                                                          const update_message_params& params,
                                                          api_request& out, diagnostics* diag);
/// spaces.messages.delete
GCHAT_DECL boost::system::error_code build_delete_message(std::string_view name,
                                                          const delete_message_params& params,
                                                          api_request& out, diagnostics* diag);
/// spaces.messages.list
GCHAT_DECL boost::system::error_code build_list_messages(std::string_view parent,
                                                         const list_messages_params& params, api_request& out,
                                                         diagnostics* diag);
/// spaces.get
GCHAT_DECL boost::system::error_code build_get_space(std::string_view name, api_request& out,
                                                     diagnostics* diag);
/// spaces.list
GCHAT_DECL boost::system::error_code build_list_spaces(const list_spaces_params& params, api_request& out,
                                                       diagnostics* diag);
/// spaces.findDirectMessage: `user` is "users/{user}" (an id or an email address).
GCHAT_DECL boost::system::error_code build_find_direct_message(std::string_view user, api_request& out,
                                                               diagnostics* diag);
/// spaces.members.get
GCHAT_DECL boost::system::error_code build_get_member(std::string_view name, api_request& out,
                                                      diagnostics* diag);
/// spaces.members.list
GCHAT_DECL boost::system::error_code build_list_members(std::string_view parent,
                                                        const list_members_params& params, api_request& out,
                                                        diagnostics* diag);
/// spaces.messages.reactions.create: `parent` is the message's name. Not idempotent (no request id).
GCHAT_DECL boost::system::error_code build_create_reaction(std::string_view parent, const reaction& r,
                                                           api_request& out, diagnostics* diag);
/// spaces.messages.reactions.list
GCHAT_DECL boost::system::error_code build_list_reactions(std::string_view parent,
                                                          const list_reactions_params& params,
                                                          api_request& out, diagnostics* diag);
/// spaces.messages.reactions.delete
GCHAT_DECL boost::system::error_code build_delete_reaction(std::string_view name, api_request& out,
                                                           diagnostics* diag);
/// spaces.messages.attachments.get
GCHAT_DECL boost::system::error_code build_get_attachment(std::string_view name, api_request& out,
                                                          diagnostics* diag);
/// media.upload, simple protocol with a multipart/related body (JSON metadata, then the data) separated
/// by `boundary`, which must not occur in `data` (errc::invalid_argument). Not idempotent.
GCHAT_DECL boost::system::error_code build_upload(std::string_view parent, const upload_params& params,
                                                  std::string_view data, std::string_view boundary,
                                                  api_request& out, diagnostics* diag);
/// media.download with alt=media: `resource_name` is attachment_data_ref.resource_name.
GCHAT_DECL boost::system::error_code build_download(std::string_view resource_name, api_request& out,
                                                    diagnostics* diag);

/// A random UUID version 4 (RFC 9562), lower-case, from the caller's generator.
template <class URBG>
std::string make_uuid_v4(URBG& rng) {
    std::uniform_int_distribution<std::uint64_t> dist;
    std::uint64_t hi = dist(rng), lo = dist(rng);
    hi = (hi & ~std::uint64_t(0xF000)) | 0x4000;                          // version 4
    lo = (lo & ~(std::uint64_t(0xC) << 60)) | (std::uint64_t(0x8) << 60); // variant 10
    static constexpr char hex[] = "0123456789abcdef";
    char out[36];
    char* p = out;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) *p++ = '-';
        std::uint64_t word = i < 16 ? hi : lo;
        int shift = 60 - 4 * (i % 16);
        *p++ = hex[(word >> shift) & 0xF];
    }
    return std::string(out, sizeof out);
}

/// A multipart boundary: "gchat-" and 32 random hexadecimal digits.
template <class URBG>
std::string make_boundary(URBG& rng) {
    std::uniform_int_distribution<int> dist(0, 15);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "gchat-";
    for (int i = 0; i < 32; ++i)
        out += hex[dist(rng)];
    return out;
}

} // namespace gchat::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/detail/impl/requests.ipp>
#endif

#endif
