// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_IMPL_JWT_IPP
#define GCHAT_AUTH_IMPL_JWT_IPP

#include <gchat/auth/jwt.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>

namespace gchat::auth {
namespace detail {

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct bio_deleter {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct x509_deleter {
    void operator()(X509* p) const noexcept { X509_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

inline std::unique_ptr<BIO, bio_deleter> mem_bio(std::string_view pem) {
    return std::unique_ptr<BIO, bio_deleter>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

inline pkey_ptr read_public_key(std::string_view pem) {
    if (pem.find("BEGIN CERTIFICATE") != std::string_view::npos) {
        auto bio = mem_bio(pem);
        if (!bio) return nullptr;
        std::unique_ptr<X509, x509_deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        return pkey_ptr(cert ? X509_get_pubkey(cert.get()) : nullptr);
    }
    auto bio = mem_bio(pem);
    if (!bio) return nullptr;
    return pkey_ptr(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

} // namespace detail

GCHAT_DECL std::string base64url_encode(std::string_view in) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) | (std::uint32_t(std::uint8_t(in[i + 1])) << 8) |
                 std::uint8_t(in[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < in.size()) {
        std::uint32_t v = std::uint32_t(std::uint8_t(in[i])) << 16;
        if (i + 1 < in.size()) v |= std::uint32_t(std::uint8_t(in[i + 1])) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < in.size()) out += alphabet[(v >> 6) & 63];
    }
    return out;
}

GCHAT_DECL boost::system::result<std::string> base64url_decode(std::string_view in) {
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return make_error_code(errc::invalid_token);
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bits >= 6) return make_error_code(errc::invalid_token);
    return out;
}

GCHAT_DECL boost::system::result<jwt> jwt_decode(std::string_view token) {
    auto d1 = token.find('.');
    if (d1 == std::string_view::npos) return make_error_code(errc::invalid_token);
    auto d2 = token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
        return make_error_code(errc::invalid_token);
    auto h = base64url_decode(token.substr(0, d1));
    auto c = base64url_decode(token.substr(d1 + 1, d2 - d1 - 1));
    auto s = base64url_decode(token.substr(d2 + 1));
    if (!h || !c || !s) return make_error_code(errc::invalid_token);
    boost::system::error_code ec;
    auto hv = boost::json::parse(*h, ec);
    if (ec || !hv.is_object()) return make_error_code(errc::invalid_token);
    auto cv = boost::json::parse(*c, ec);
    if (ec || !cv.is_object()) return make_error_code(errc::invalid_token);
    jwt out;
    out.header = std::move(hv.as_object());
    out.claims = std::move(cv.as_object());
    out.signing_input = std::string(token.substr(0, d2));
    out.signature = std::move(*s);
    return out;
}

namespace detail {

inline boost::system::error_code verify_rs256_with(const jwt& t, EVP_PKEY* key) {
    auto* alg = t.header.if_contains("alg");
    if (!alg || !alg->is_string() || alg->as_string() != "RS256") return make_error_code(errc::invalid_token);
    if (!key || !EVP_PKEY_is_a(key, "RSA")) return make_error_code(errc::invalid_credentials);
    std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
        return make_error_code(errc::invalid_credentials);
    int rc = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(t.signature.data()), t.signature.size(),
        reinterpret_cast<const unsigned char*>(t.signing_input.data()), t.signing_input.size());
    return rc == 1 ? boost::system::error_code() : make_error_code(errc::invalid_token);
}

struct bn_deleter {
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
struct param_bld_deleter {
    void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
struct param_deleter {
    void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};
struct pkey_ctx_deleter {
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};

} // namespace detail

GCHAT_DECL boost::system::result<rsa_public_key> rsa_public_key::from_pem(std::string_view pem) {
    auto key = detail::read_public_key(pem);
    if (!key || !EVP_PKEY_is_a(key.get(), "RSA")) return make_error_code(errc::invalid_credentials);
    return rsa_public_key(std::shared_ptr<EVP_PKEY>(key.release(), detail::pkey_deleter{}));
}

GCHAT_DECL boost::system::result<rsa_public_key> rsa_public_key::from_jwk(std::string_view n,
                                                                          std::string_view e) {
    auto fail = make_error_code(errc::invalid_credentials);
    auto nb = base64url_decode(n);
    auto eb = base64url_decode(e);
    if (!nb || !eb || nb->empty() || eb->empty() || eb->size() > 8) return fail;
    using bn_ptr = std::unique_ptr<BIGNUM, detail::bn_deleter>;
    bn_ptr bn_n(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(nb->data()), static_cast<int>(nb->size()), nullptr));
    bn_ptr bn_e(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(eb->data()), static_cast<int>(eb->size()), nullptr));
    if (!bn_n || !bn_e || BN_num_bits(bn_n.get()) < 2048 || BN_is_zero(bn_e.get())) return fail;
    std::unique_ptr<OSSL_PARAM_BLD, detail::param_bld_deleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
        return fail;
    std::unique_ptr<OSSL_PARAM, detail::param_deleter> params(OSSL_PARAM_BLD_to_param(bld.get()));
    std::unique_ptr<EVP_PKEY_CTX, detail::pkey_ctx_deleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return fail;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || !raw) return fail;
    return rsa_public_key(std::shared_ptr<EVP_PKEY>(raw, detail::pkey_deleter{}));
}

GCHAT_DECL boost::system::error_code jwt_verify_rs256(const jwt& t, std::string_view public_key_pem) {
    auto* alg = t.header.if_contains("alg");
    if (!alg || !alg->is_string() || alg->as_string() != "RS256") return make_error_code(errc::invalid_token);
    auto key = detail::read_public_key(public_key_pem);
    if (!key) return make_error_code(errc::invalid_credentials);
    return detail::verify_rs256_with(t, key.get());
}

GCHAT_DECL boost::system::error_code jwt_verify_rs256(const jwt& t, const rsa_public_key& key) {
    auto* alg = t.header.if_contains("alg");
    if (!alg || !alg->is_string() || alg->as_string() != "RS256") return make_error_code(errc::invalid_token);
    if (!key) return make_error_code(errc::invalid_credentials);
    return detail::verify_rs256_with(t, key.native_handle());
}

GCHAT_DECL boost::system::result<std::string>
jwt_sign_rs256(const boost::json::object& claims, std::string_view private_key_pem, std::string_view kid) {
    auto bio = detail::mem_bio(private_key_pem);
    if (!bio) return make_error_code(errc::invalid_credentials);
    detail::pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || !EVP_PKEY_is_a(key.get(), "RSA")) return make_error_code(errc::invalid_credentials);
    boost::json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
    if (!kid.empty()) header["kid"] = kid;
    std::string out = base64url_encode(boost::json::serialize(header));
    out += '.';
    out += base64url_encode(boost::json::serialize(claims));
    std::unique_ptr<EVP_MD_CTX, detail::md_ctx_deleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return make_error_code(errc::invalid_credentials);
    std::size_t len = 0;
    auto data = reinterpret_cast<const unsigned char*>(out.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, out.size()) != 1)
        return make_error_code(errc::invalid_credentials);
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, out.size()) != 1)
        return make_error_code(errc::invalid_credentials);
    sig.resize(len);
    out += '.';
    out += base64url_encode(sig);
    return out;
}

} // namespace gchat::auth

#endif
