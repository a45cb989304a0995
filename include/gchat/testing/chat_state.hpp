// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_CHAT_STATE_HPP
#define GCHAT_TESTING_CHAT_STATE_HPP

// The Chat API semantics of the emulator, with no I/O: a request in, a response out.

#include <gchat/config.hpp>
#include <gchat/testing/options.hpp>

#include <boost/system/error_code.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gchat::testing {

/// An HTTP request, as the emulator's core sees it. The views must outlive the call to handle().
struct request_view {
    std::string_view method;        ///< "GET", "POST", ...
    std::string_view target;        ///< Origin form: path and query, percent-encoded as on the wire.
    std::string_view authorization; ///< The Authorization header ("Bearer ..."), or empty.
    std::string_view content_type;  ///< The Content-Type header, or empty.
    std::string_view body;
};

/// An HTTP response of the emulator's core.
struct response {
    unsigned status = 200;
    std::string content_type = "application/json; charset=UTF-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers{}; ///< Extra headers (e.g. WWW-Authenticate).
    std::string_view route;                                     ///< See chat_state::route_of().
};

/// The error response Google sends: `{"error":{"code","message","status","details":[ErrorInfo]}}`.
/// `reason` goes into the ErrorInfo (domain `domain`); an empty reason leaves `details` out.
GCHAT_DECL response make_error(unsigned http_status, std::string_view status, std::string_view message,
                               std::string_view reason = {}, std::string_view domain = "chat.googleapis.com");

/// The in-memory Chat service: spaces, members, messages, threads, reactions, attachments, media and
/// tokens, with the semantics Google documents. Not thread-safe (the emulator calls it on one strand).
class chat_state {
  public:
    GCHAT_DECL explicit chat_state(emulator_options opts = {});
    GCHAT_DECL ~chat_state();
    chat_state(const chat_state&) = delete;
    chat_state& operator=(const chat_state&) = delete;

    /// Serves one request.
    GCHAT_DECL response handle(const request_view& req);

    /// The route a request goes to: the discovery method id without `chat.` (`spaces.messages.create`),
    /// `token` for the OAuth endpoint, `keys.x509` and `keys.jwks` for the key sets of the tokens on the
    /// events the emulator sends (served by the emulator, not by handle()), or "" when no route matches.
    /// Used to match fault rules.
    static GCHAT_DECL std::string_view route_of(std::string_view method, std::string_view target) noexcept;

    /// The base URL (`http://127.0.0.1:PORT/`) used in the URLs the emulator hands out (downloadUri).
    GCHAT_DECL void set_base_url(std::string url);

    /// Makes `token` valid for `who` (another app, a person) from now on.
    GCHAT_DECL void add_token(std::string token, principal who);

    /// Revokes every access token the token endpoint has issued (the API answers 401 for them from now
    /// on, as Google does for a revoked or expired token); returns how many there were.
    GCHAT_DECL std::size_t revoke_tokens();

    /// Creates a space if it does not exist (`spaces/AAA`), as a named space of type SPACE.
    GCHAT_DECL void add_space(std::string_view name);

    /// Number of messages in a space (deleted ones included if `with_deleted`); 0 for an unknown space.
    GCHAT_DECL std::size_t message_count(std::string_view space, bool with_deleted = false) const;

    /// The whole state as JSON (spaces, messages, reactions, uploads), for persistence.
    GCHAT_DECL std::string save() const;

    /// Replaces the state with one save() wrote.
    GCHAT_DECL boost::system::error_code load(std::string_view json);

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace gchat::testing

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/testing/impl/chat_state.ipp>
#endif

#endif
