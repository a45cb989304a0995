// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DIAGNOSTICS_HPP
#define GCHAT_DIAGNOSTICS_HPP

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/system/system_error.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace gchat {

/// google.rpc.ErrorInfo: why a call failed, in a form programs can act on.
struct error_info {
    std::string reason;                          ///< e.g. "RATE_LIMIT_EXCEEDED"
    std::string domain;                          ///< e.g. "googleapis.com"
    std::map<std::string, std::string> metadata; ///< e.g. {"quota_limit": ...}

    friend bool operator==(const error_info&, const error_info&) = default;
};

/// What is known about a failed operation beyond its error_code.
///
/// What gchat itself says (`client_message`: a JSON path and offset, the rule a parameter broke)
/// is kept apart from what the server said (`http_status`, `api_status`, `server_message`,
/// `error_info`, `retry_after`). Secrets (tokens, keys, webhook `token=` values) never appear here.
struct diagnostics {
    std::string client_message;                  ///< gchat's own explanation, or empty.
    unsigned http_status = 0;                    ///< The HTTP status of the response, 0 if none arrived.
    std::string api_status;                      ///< google.rpc.Status name, e.g. "NOT_FOUND".
    std::string server_message;                  ///< The server's `error.message`.
    std::optional<gchat::error_info> error_info; ///< The first ErrorInfo of `error.details`.
    std::optional<std::chrono::milliseconds> retry_after; ///< From the Retry-After header.

    /// Forget everything, keeping the strings' capacity.
    void clear() noexcept {
        client_message.clear();
        http_status = 0;
        api_status.clear();
        server_message.clear();
        error_info.reset();
        retry_after.reset();
    }

    /// One line for a log or an exception: "client message; HTTP 404 NOT_FOUND: server message".
    std::string summary() const {
        std::string out = client_message;
        if (http_status != 0 || !server_message.empty()) {
            if (!out.empty()) out += "; ";
            if (http_status != 0) {
                out += "HTTP ";
                out += std::to_string(http_status);
            }
            if (!api_status.empty()) {
                if (http_status != 0) out += ' ';
                out += api_status;
            }
            if (!server_message.empty()) {
                out += ": ";
                out += server_message;
            }
        }
        return out;
    }

    friend bool operator==(const diagnostics&, const diagnostics&) = default;
};

/// The exception a plain `co_await` (or any throwing form) raises: the error code and the
/// diagnostics, with both in what().
class error_with_diagnostics : public boost::system::system_error {
  public:
    error_with_diagnostics(boost::system::error_code ec, gchat::diagnostics diag)
        : system_error(ec, diag.summary()), diag_(std::move(diag)) {}

    const gchat::diagnostics& get_diagnostics() const noexcept { return diag_; }

  private:
    gchat::diagnostics diag_;
};

/// Throws error_with_diagnostics if `ec` is an error.
inline void throw_on_error(boost::system::error_code ec, const diagnostics& diag) {
    if (ec) throw error_with_diagnostics(ec, diag);
}

} // namespace gchat

#endif
