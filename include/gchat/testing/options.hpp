// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_OPTIONS_HPP
#define GCHAT_TESTING_OPTIONS_HPP

// The configuration of the local Chat API emulator (gchat::testing::emulator and chat_state).

#include <gchat/config.hpp>
#include <gchat/model/user.hpp>
#include <gchat/testing/chat_keys.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gchat::testing {

/// Who a request speaks for: a Chat app (`users/app-...`, type BOT) or a person (type HUMAN).
struct principal {
    std::string name = "users/app-emulator";
    std::string display_name = "Emulator App";
    gchat::user_type type = gchat::user_type::bot;

    friend bool operator==(const principal&, const principal&) = default;
};

/// What a fault does to the request it hits.
enum class fault_kind {
    none,     ///< Process the request normally (a step of a script that lets one through).
    delay,    ///< Wait `latency`, then process normally.
    http_429, ///< Answer 429 RESOURCE_EXHAUSTED with `Retry-After: retry_after` (seconds); nothing changes.
    http_500, ///< Answer 500 INTERNAL; nothing changes.
    http_503, ///< Answer 503 UNAVAILABLE; nothing changes.
    drop_before, ///< Close the connection without processing or answering.
    drop_after,  ///< Process the request (state changes), then close without answering.
};

/// One fault, as a step of a script or the effect of a probabilistic rule.
struct fault {
    fault_kind kind = fault_kind::none;
    std::chrono::milliseconds latency{0}; ///< For `delay` (also applied before any other kind).
    std::chrono::seconds retry_after{1};  ///< For `http_429` (and `http_503` when non-zero).

    friend bool operator==(const fault&, const fault&) = default;
};

/// A fault rule for the requests of some routes.
///
/// `route` is a method id of the Chat discovery document without the `chat.` prefix
/// (`spaces.messages.create`, `media.upload`, ...), `token` for the OAuth endpoint, a prefix ending in
/// `*` (`spaces.messages.*`), or `*` for every request. A rule with a non-empty `script` applies its steps
/// to the next matching requests, one each, in order, and then no longer applies; otherwise it applies
/// `effect` to a matching request with `probability` (0 to 1). The first rule that applies wins.
struct fault_rule {
    std::string route = "*";
    std::vector<gchat::testing::fault> script{};
    gchat::testing::fault effect{};
    double probability = 0.0;

    friend bool operator==(const fault_rule&, const fault_rule&) = default;
};

/// A service account whose RS256-signed JWT assertions the token endpoint (`POST /token`) accepts.
struct service_account_key {
    std::string client_email;       ///< The `iss` (and `sub`, if given) of its assertions.
    std::string public_key_pem;     ///< Its public key ("-----BEGIN PUBLIC KEY-----") or certificate.
    gchat::testing::principal as{}; ///< Who the tokens issued to it speak for.
};

/// An incoming webhook of a space: the emulator accepts `POST /v1/spaces/{space}/messages?key=K&token=T`
/// with no Authorization header for it (see emulator::webhook_url()). Use URL-safe keys and tokens.
struct webhook_config {
    std::string space;                             ///< "spaces/AAA"; created at start if it does not exist.
    std::string key = "emulator-webhook-key";      ///< The `key` parameter (Google's is the same for all).
    std::string token;                             ///< The `token` parameter: the secret.
    std::string display_name = "Emulator Webhook"; ///< The display name of the messages' BOT sender.
    std::string user_name{}; ///< The sender's resource name; empty for "users/webhook-N" (N its index + 1).
};

/// An OAuth client and a user's refresh token that the token endpoint's refresh-token grant accepts.
struct oauth_user {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    gchat::testing::principal as{"users/100000000000000000001", "Emulator User",
                                 gchat::user_type::human}; ///< Who the tokens issued to it speak for.
};

/// The configuration of the emulator. Every member has a usable default.
struct emulator_options {
    /// The address to listen on (loopback by default).
    std::string address = "127.0.0.1";
    /// The port; 0 picks a free one (see emulator::endpoint()).
    std::uint16_t port = 0;
    /// Serve HTTPS with a self-signed certificate generated at start (emulator::certificate_pem()).
    bool tls = false;

    /// Bearer tokens accepted for the calling app; empty accepts any non-empty token.
    std::vector<std::string> accepted_tokens{};
    /// Tokens that speak for someone other than `app` (another app, or a person). Always accepted.
    std::map<std::string, gchat::testing::principal> token_principals{};
    /// The calling app: the `sender` of the messages it creates.
    gchat::testing::principal app{};
    /// The human members of every space the emulator creates.
    std::vector<gchat::testing::principal> members{
        {"users/100000000000000000001", "Emulator User", gchat::user_type::human}};

    /// Create a space the first time a request names it (otherwise an unknown space is NOT_FOUND).
    bool auto_create_spaces = true;
    /// Spaces that exist from the start (`spaces/AAA`), as named spaces of type SPACE.
    std::vector<std::string> spaces{};

    /// Incoming webhooks (wrong key: 400 INVALID_ARGUMENT; missing token: 401; wrong token: 403).
    std::vector<gchat::testing::webhook_config> webhooks{};

    /// Keys the token endpoint verifies JWT-bearer assertions against. The API also accepts, as bearer
    /// tokens, self-signed JWTs of these accounts (RS256, iss = sub = client_email, exp - iat at most an
    /// hour, and `aud` "https://chat.googleapis.com/" or the emulator's base URL, or a Chat `scope` claim).
    std::vector<gchat::testing::service_account_key> service_accounts{};
    /// Users whose refresh tokens the token endpoint exchanges (`grant_type=refresh_token`).
    std::vector<gchat::testing::oauth_user> users{};
    /// Lifetime of the access tokens the token endpoint issues.
    std::chrono::seconds token_lifetime{3600};

    /// The key the emulator signs the events it sends with, in Google Chat's role (and serves at
    /// chat_x509_path and google_jwks_path). Empty: an RSA-2048 key is generated on first use, which takes
    /// up to a second; tests that start many emulators can share one key made by make_chat_signing_key().
    std::shared_ptr<const gchat::testing::chat_signing_key> chat_key{};
    /// The `Cache-Control: max-age` of the key sets served.
    std::chrono::seconds key_cache_max_age{3600};

    /// Fault injection, and the seed of its random choices (runs are reproducible).
    std::vector<gchat::testing::fault_rule> faults{};
    std::uint64_t seed = 1;

    /// If not empty: state is loaded from this JSON file at start (if it exists) and saved at stop.
    std::string persistence_file{};

    /// Largest request body accepted, in bytes (413 beyond).
    std::size_t body_limit = 32 * 1024 * 1024;
    /// How many requests the request log keeps (the oldest are dropped).
    std::size_t log_capacity = 10000;
    /// How long an idle keep-alive connection stays open.
    std::chrono::seconds idle_timeout{60};
};

} // namespace gchat::testing

#endif
