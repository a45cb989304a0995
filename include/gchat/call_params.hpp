// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_CALL_PARAMS_HPP
#define GCHAT_CALL_PARAMS_HPP

// The per-call parameters of the client's operations (query parameters of the Chat API methods, named
// as snake_case of the discovery document's), and call_options, what every call may override.

#include <gchat/config.hpp>
#include <gchat/model/message.hpp>
#include <gchat/retry.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace gchat {

/// What any call may override of the client's configuration.
struct call_options {
    /// Time the call may take, all attempts included; client_params::default_deadline if empty.
    std::optional<std::chrono::milliseconds> deadline{};
    /// Retries of this call; client_params::retry if empty.
    std::optional<retry_policy> retry{};
};

/// spaces.messages.create
struct create_message_params {
    /// A custom id, "client-" then [a-z0-9-], at most 63 characters; the message is then also named by it.
    std::string message_id{};
    /// Idempotency key; the client generates a UUID v4 when empty, so that a create can be retried.
    std::string request_id{};
    /// Thread key (deprecated by Google in favour of thread.thread_key, still accepted).
    std::string thread_key{};
    /// How a reply to a thread is made.
    gchat::message_reply_option message_reply_option =
        gchat::message_reply_option::message_reply_option_unspecified;
};

/// spaces.messages.patch (the update mask is an argument of its own: it is required).
struct update_message_params {
    /// Create the message if it does not exist (needs a client-assigned id in the name).
    bool allow_missing = false;
};

/// spaces.messages.delete
struct delete_message_params {
    /// Also delete the message's threaded replies.
    bool force = false;
};

/// spaces.messages.list
struct list_messages_params {
    int page_size = 0; ///< 0 for the server's default (25); at most 1000.
    std::string page_token{};
    std::string filter{};
    std::string order_by{}; ///< "createTime asc" or "createTime desc".
    bool show_deleted = false;
};

/// spaces.list
struct list_spaces_params {
    int page_size = 0; ///< 0 for the server's default (100); at most 1000.
    std::string page_token{};
    std::string filter{};
};

/// spaces.members.list
struct list_members_params {
    int page_size = 0; ///< 0 for the server's default (100); at most 1000.
    std::string page_token{};
    std::string filter{};
    bool show_groups = false;
    bool show_invited = false;
};

/// spaces.messages.reactions.list
struct list_reactions_params {
    int page_size = 0; ///< 0 for the server's default (25); at most 200.
    std::string page_token{};
    std::string filter{};
};

/// media.upload: what is uploaded.
struct upload_params {
    std::string filename;                                  ///< Required, with its extension.
    std::string content_type = "application/octet-stream"; ///< Of the data.
};

} // namespace gchat

#endif
