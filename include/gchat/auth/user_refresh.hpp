// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_USER_REFRESH_HPP
#define GCHAT_AUTH_USER_REFRESH_HPP

// gchat::auth::user_refresh: access tokens for a user, from OAuth 2.0 refresh-token credentials (the
// `authorized_user` JSON that `gcloud auth application-default login` writes, or the values).
//
//     gchat::auth::user_refresh creds(io.get_executor(),
//                                     {.client_id = id, .client_secret = secret, .refresh_token = rt});
//
// Tokens are cached and refreshed ahead of expiry, one refresh in flight (see refresh_options). Use a
// source and its copies from one thread or strand, like the client.

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

namespace gchat::auth {

struct user_refresh_options {
    /// TLS settings for an https token endpoint; nullptr verifies against the system's CAs. Must outlive
    /// the source.
    asio::ssl::context* tls_context = nullptr;
    /// Caching, refresh and the clock.
    refresh_options refresh{};
};

template <class Executor = asio::any_io_executor>
class basic_user_refresh : public detail::cached_token_source<Executor> {
    using base = detail::cached_token_source<Executor>;

  public:
    using executor_type = Executor;

    /// A source for `user`; token requests go to `user.token_uri`, on `ex`.
    basic_user_refresh(Executor ex, authorized_user user, user_refresh_options opts = {})
        : base(make_cache(std::move(ex), std::move(user), std::move(opts))) {}

    /// From the text of an `authorized_user` JSON; throws error_with_diagnostics (errc::invalid_credentials,
    /// saying which field is wrong, never what it holds).
    static basic_user_refresh from_json(Executor ex, std::string_view json, user_refresh_options opts = {}) {
        diagnostics d;
        return basic_user_refresh(std::move(ex), detail::value_or_throw(parse_authorized_user(json, d), d),
                                  std::move(opts));
    }

    /// From an `authorized_user` JSON file (read here, blocking); throws error_with_diagnostics.
    static basic_user_refresh from_file(Executor ex, const std::string& path,
                                        user_refresh_options opts = {}) {
        diagnostics d;
        return from_json(std::move(ex), detail::value_or_throw(read_credentials_file(path, d), d),
                         std::move(opts));
    }

  private:
    static std::shared_ptr<detail::token_cache<Executor>> make_cache(Executor ex, authorized_user user,
                                                                     user_refresh_options opts) {
        std::optional<gchat::detail::transport_options> topts;
        std::string target;
        auto split = detail::split_token_uri(user.token_uri);
        if (split) {
            topts.emplace();
            topts->endpoint = split->endpoint;
            topts->tls_context = opts.tls_context;
            topts->max_connections = 2;
            target = split->target;
        }
        auto req =
            std::make_shared<const gchat::detail::api_request>(detail::make_refresh_request(user, target));
        bool bad_uri = !split;
        auto plan = [req, bad_uri](detail::clock_type::time_point,
                                   diagnostics& d) -> boost::system::result<detail::fetch_plan> {
            if (bad_uri) {
                d.client_message = "the token URI is not an http(s) URL";
                return make_error_code(errc::invalid_url);
            }
            return detail::fetch_plan{std::nullopt, *req};
        };
        return std::make_shared<detail::token_cache<Executor>>(std::move(ex), std::move(opts.refresh),
                                                               std::move(topts), std::move(plan));
    }
};

/// The refresh-token source on asio::any_io_executor.
using user_refresh = basic_user_refresh<>;

} // namespace gchat::auth

#endif
