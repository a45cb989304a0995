// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_SERVICE_ACCOUNT_HPP
#define GCHAT_AUTH_SERVICE_ACCOUNT_HPP

// gchat::auth::service_account: access tokens for a service account, from its JSON key.
//
//     auto creds = gchat::auth::service_account::from_environment(io.get_executor()); // or from_file
//     gchat::client chat(io.get_executor(), {.credentials = creds});
//
// It signs an RS256 JWT with the key (OpenSSL EVP) and exchanges it at the key's `token_uri` (the
// JWT-bearer grant) for an access token with the requested scopes, or (self_signed_jwt) uses a JWT it
// signs itself as the token, with no exchange. Tokens are cached and refreshed ahead of expiry, with one
// refresh in flight however many calls wait (see refresh_options). A source and its copies share one
// cache; use them from one thread or strand (the executor's), like the client.

#include <gchat/auth/detail/oauth.hpp>
#include <gchat/auth/detail/token_cache.hpp>
#include <gchat/auth/key_file.hpp>
#include <gchat/auth/refresh_options.hpp>
#include <gchat/auth/token_source.hpp>
#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gchat::auth {

/// The scope of a Chat app acting as itself.
inline constexpr std::string_view chat_bot_scope = "https://www.googleapis.com/auth/chat.bot";

struct service_account_options {
    /// The scopes asked for (a Chat app: chat.bot).
    std::vector<std::string> scopes{std::string(chat_bot_scope)};
    /// Domain-wide delegation: the user (email) to act as; empty for the service account itself.
    std::string subject{};
    /// Use a JWT signed by the key as the access token, with no exchange (Google's "self-signed JWT").
    bool self_signed_jwt = false;
    /// The `aud` of a self-signed JWT, the API's service URL; empty for a `scope` claim instead.
    std::string audience = "https://chat.googleapis.com/";
    /// Overrides the key's token_uri (a test server, a proxy); empty to use the key's.
    std::string token_uri{};
    /// TLS settings for an https token endpoint; nullptr verifies against the system's CAs. Must outlive
    /// the source.
    asio::ssl::context* tls_context = nullptr;
    /// Caching, refresh and the clock.
    refresh_options refresh{};
};

template <class Executor = asio::any_io_executor>
class basic_service_account : public detail::cached_token_source<Executor> {
    using base = detail::cached_token_source<Executor>;

  public:
    using executor_type = Executor;

    /// A source for `key`; token requests run on `ex`.
    basic_service_account(Executor ex, service_account_key key, service_account_options opts = {})
        : base(make_cache(std::move(ex), std::make_shared<const service_account_key>(std::move(key)),
                          std::move(opts))) {}

    /// From the text of a JSON key; throws error_with_diagnostics (errc::invalid_credentials, saying which
    /// field is wrong and never what it holds) if it is not a usable service-account key.
    static basic_service_account from_json(Executor ex, std::string_view json,
                                           service_account_options opts = {}) {
        diagnostics d;
        return basic_service_account(
            std::move(ex), detail::value_or_throw(parse_service_account_key(json, d), d), std::move(opts));
    }

    /// From a JSON key file (read here, blocking); throws error_with_diagnostics.
    static basic_service_account from_file(Executor ex, const std::string& path,
                                           service_account_options opts = {}) {
        diagnostics d;
        return from_json(std::move(ex), detail::value_or_throw(read_credentials_file(path, d), d),
                         std::move(opts));
    }

    /// From the file named by GOOGLE_APPLICATION_CREDENTIALS (read here, blocking); throws
    /// error_with_diagnostics.
    static basic_service_account from_environment(Executor ex, service_account_options opts = {}) {
        diagnostics d;
        return from_file(std::move(ex), detail::value_or_throw(credentials_path_from_environment(d), d),
                         std::move(opts));
    }

  private:
    static std::shared_ptr<detail::token_cache<Executor>>
    make_cache(Executor ex, std::shared_ptr<const service_account_key> key, service_account_options opts) {
        std::optional<gchat::detail::transport_options> topts;
        std::string target;
        boost::system::error_code uri_error;
        if (!opts.self_signed_jwt) {
            auto uri = opts.token_uri.empty() ? key->token_uri : opts.token_uri;
            auto split = detail::split_token_uri(uri);
            if (split) {
                topts.emplace();
                topts->endpoint = split->endpoint;
                topts->tls_context = opts.tls_context;
                topts->max_connections = 2;
                target = split->target;
            } else {
                uri_error = split.error();
            }
        }
        auto plan = [key, scopes = opts.scopes, subject = opts.subject, audience = opts.audience,
                     self_signed = opts.self_signed_jwt, target = std::move(target),
                     uri_error](detail::clock_type::time_point now,
                                diagnostics& d) -> boost::system::result<detail::fetch_plan> {
            // JWTs carry the real time (servers check iat and exp); `now`, the cache's clock (which tests
            // replace), only dates the token's expiry.
            auto real = detail::clock_type::now();
            if (self_signed) {
                auto t = detail::make_self_signed_jwt(*key, scopes, subject, audience, real, d);
                if (!t) return t.error();
                t->expires_at = now + (t->expires_at - real);
                return detail::fetch_plan{std::move(*t), {}};
            }
            if (uri_error) {
                d.client_message = "the token URI is not an http(s) URL";
                return uri_error;
            }
            auto req = detail::make_jwt_bearer_request(*key, scopes, subject, target, real, d);
            if (!req) return req.error();
            return detail::fetch_plan{std::nullopt, std::move(*req)};
        };
        return std::make_shared<detail::token_cache<Executor>>(std::move(ex), std::move(opts.refresh),
                                                               std::move(topts), std::move(plan));
    }
};

/// The service-account token source on asio::any_io_executor.
using service_account = basic_service_account<>;

} // namespace gchat::auth

#endif
