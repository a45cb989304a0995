// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_IMPL_KEY_FILE_IPP
#define GCHAT_AUTH_IMPL_KEY_FILE_IPP

#include <gchat/auth/key_file.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace gchat::auth {
namespace detail {

inline boost::system::error_code credentials_error(diagnostics& d, std::string message) {
    d.clear();
    d.client_message = std::move(message);
    return make_error_code(errc::invalid_credentials);
}

/// The top-level object of a credentials file, or an error saying what is wrong with it.
inline boost::system::result<boost::json::object>
credentials_object(std::string_view json, std::string_view what, std::string_view type, diagnostics& d) {
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec) return credentials_error(d, std::string(what) + ": not valid JSON");
    if (!v.is_object()) return credentials_error(d, std::string(what) + ": not a JSON object");
    auto& o = v.as_object();
    auto* t = o.if_contains("type");
    if (!t) return credentials_error(d, std::string(what) + ": missing \"type\"");
    if (!t->is_string() || t->as_string() != type)
        return credentials_error(d, std::string(what) + ": \"type\" is not \"" + std::string(type) + "\"");
    return std::move(o);
}

/// Copies the string member `name` to `out`; an error naming it if it is missing, not a string, or empty
/// (and not `optional`).
inline boost::system::error_code string_field(const boost::json::object& o, std::string_view name,
                                              std::string& out, std::string_view what, diagnostics& d,
                                              bool optional = false) {
    auto* v = o.if_contains(name);
    if (!v) {
        if (optional) return {};
        return credentials_error(d, std::string(what) + ": missing \"" + std::string(name) + "\"");
    }
    if (!v->is_string())
        return credentials_error(d, std::string(what) + ": \"" + std::string(name) + "\" is not a string");
    if (v->as_string().empty()) {
        if (optional) return {};
        return credentials_error(d, std::string(what) + ": \"" + std::string(name) + "\" is empty");
    }
    out.assign(v->as_string().data(), v->as_string().size());
    return {};
}

inline bool is_http_url(std::string_view uri) {
    auto r = boost::urls::parse_uri(boost::core::string_view(uri.data(), uri.size()));
    if (!r) return false;
    auto s = r->scheme_id();
    return (s == boost::urls::scheme::http || s == boost::urls::scheme::https) && r->has_authority() &&
           !r->host().empty() && !r->has_userinfo();
}

inline bool loads_as_rsa_private_key(std::string_view pem) {
    struct bio_free {
        void operator()(BIO* b) const noexcept { BIO_free(b); }
    };
    struct pkey_free {
        void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
    };
    std::unique_ptr<BIO, bio_free> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return false;
    // A null password callback with an empty password: an encrypted key fails instead of prompting.
    static char empty[] = "";
    std::unique_ptr<EVP_PKEY, pkey_free> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, empty));
    return key && EVP_PKEY_is_a(key.get(), "RSA");
}

} // namespace detail

GCHAT_DECL boost::system::result<service_account_key> parse_service_account_key(std::string_view json,
                                                                                diagnostics& diag) {
    constexpr std::string_view what = "service-account key";
    auto o = detail::credentials_object(json, what, "service_account", diag);
    if (!o) return o.error();
    service_account_key k;
    for (auto [name, out] : {std::pair<std::string_view, std::string*>{"client_email", &k.client_email},
                             {"private_key", &k.private_key},
                             {"private_key_id", &k.private_key_id},
                             {"token_uri", &k.token_uri}})
        if (auto ec = detail::string_field(*o, name, *out, what, diag)) return ec;
    for (auto [name, out] : {std::pair<std::string_view, std::string*>{"project_id", &k.project_id},
                             {"client_id", &k.client_id}})
        if (auto ec = detail::string_field(*o, name, *out, what, diag, true)) return ec;
    if (k.client_email.find('@') == std::string::npos)
        return detail::credentials_error(diag,
                                         "service-account key: \"client_email\" is not an email address");
    if (!detail::is_http_url(k.token_uri))
        return detail::credentials_error(diag, "service-account key: \"token_uri\" is not an http(s) URL");
    if (k.private_key.find("-----BEGIN") == std::string::npos)
        return detail::credentials_error(diag, "service-account key: \"private_key\" is not in PEM form");
    if (!detail::loads_as_rsa_private_key(k.private_key))
        return detail::credentials_error(
            diag, "service-account key: \"private_key\" is not a readable RSA private key");
    diag.clear();
    return k;
}

GCHAT_DECL boost::system::result<service_account_key> parse_service_account_key(std::string_view json) {
    diagnostics d;
    return parse_service_account_key(json, d);
}

GCHAT_DECL boost::system::result<authorized_user> parse_authorized_user(std::string_view json,
                                                                        diagnostics& diag) {
    constexpr std::string_view what = "authorized-user credentials";
    auto o = detail::credentials_object(json, what, "authorized_user", diag);
    if (!o) return o.error();
    authorized_user u;
    for (auto [name, out] : {std::pair<std::string_view, std::string*>{"client_id", &u.client_id},
                             {"client_secret", &u.client_secret},
                             {"refresh_token", &u.refresh_token}})
        if (auto ec = detail::string_field(*o, name, *out, what, diag)) return ec;
    for (auto [name, out] : {std::pair<std::string_view, std::string*>{"token_uri", &u.token_uri},
                             {"quota_project_id", &u.quota_project_id}})
        if (auto ec = detail::string_field(*o, name, *out, what, diag, true)) return ec;
    if (!detail::is_http_url(u.token_uri))
        return detail::credentials_error(diag,
                                         "authorized-user credentials: \"token_uri\" is not an http(s) URL");
    diag.clear();
    return u;
}

GCHAT_DECL boost::system::result<authorized_user> parse_authorized_user(std::string_view json) {
    diagnostics d;
    return parse_authorized_user(json, d);
}

GCHAT_DECL boost::system::result<std::string> read_credentials_file(const std::string& path,
                                                                    diagnostics& diag) {
    diag.clear();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int e = errno;
        diag.client_message = "cannot open the credentials file " + path;
        return boost::system::error_code(e ? e : ENOENT, boost::system::generic_category());
    }
    std::string out;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.append(buf, static_cast<std::size_t>(in.gcount()));
        if (out.size() > (1u << 20))
            return detail::credentials_error(diag, "the credentials file " + path + " is larger than 1 MiB");
    }
    if (in.bad()) {
        diag.client_message = "cannot read the credentials file " + path;
        return make_error_code(boost::system::errc::io_error);
    }
    return out;
}

GCHAT_DECL boost::system::result<std::string> credentials_path_from_environment(diagnostics& diag) {
    diag.clear();
    const char* p = std::getenv("GOOGLE_APPLICATION_CREDENTIALS");
    if (!p || !*p) return detail::credentials_error(diag, "GOOGLE_APPLICATION_CREDENTIALS is not set");
    return std::string(p);
}

} // namespace gchat::auth

#endif
