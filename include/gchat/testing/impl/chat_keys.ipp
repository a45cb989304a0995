// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_IMPL_CHAT_KEYS_IPP
#define GCHAT_TESTING_IMPL_CHAT_KEYS_IPP

#include <gchat/auth/jwt.hpp>
#include <gchat/testing/chat_keys.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace gchat::testing {
namespace detail {

struct chat_key_deleters {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free(p); }
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};

inline std::string chat_key_bio_string(BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

inline bool chat_key_bn_param(EVP_PKEY* key, const char* name, std::string& out) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1 || !raw) return false;
    std::unique_ptr<BIGNUM, chat_key_deleters> bn(raw);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
    out = auth::base64url_encode(bytes);
    return true;
}

/// Everything but the key itself: kid, PEMs, certificate, n and e.
inline boost::system::result<chat_signing_key> describe_chat_key(EVP_PKEY* key) {
    using D = chat_key_deleters;
    auto fail = make_error_code(errc::invalid_credentials);
    if (!EVP_PKEY_is_a(key, "RSA")) return fail;
    chat_signing_key out;
    // kid: like Google's, 40 hex digits; here derived from the public key so that it is stable.
    unsigned char* der = nullptr;
    int der_len = i2d_PUBKEY(key, &der);
    if (der_len <= 0) return fail;
    unsigned char digest[32];
    unsigned int digest_len = 0;
    int ok = EVP_Digest(der, static_cast<std::size_t>(der_len), digest, &digest_len, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    if (ok != 1) return fail;
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 20; ++i) {
        out.kid += hex[digest[i] >> 4];
        out.kid += hex[digest[i] & 15];
    }
    if (!chat_key_bn_param(key, OSSL_PKEY_PARAM_RSA_N, out.n) ||
        !chat_key_bn_param(key, OSSL_PKEY_PARAM_RSA_E, out.e))
        return fail;

    std::unique_ptr<X509, D> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1) return fail;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) return fail;
    serial[0] &= 0x7F;
    std::unique_ptr<BIGNUM, D> bn(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()))) return fail;
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600))
        return fail;
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("chat@system.gserviceaccount.com"),
                                   -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key) != 1)
        return fail;
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    const std::pair<int, const char*> exts[] = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature"},
        {NID_ext_key_usage, "clientAuth"},
    };
    for (const auto& [nid, value] : exts) {
        std::unique_ptr<X509_EXTENSION, D> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1) return fail;
    }
    if (X509_sign(cert.get(), key, EVP_sha256()) <= 0) return fail;

    std::unique_ptr<BIO, D> cb(BIO_new(BIO_s_mem())), pb(BIO_new(BIO_s_mem())), kb(BIO_new(BIO_s_mem()));
    if (!cb || !pb || !kb || PEM_write_bio_X509(cb.get(), cert.get()) != 1 ||
        PEM_write_bio_PUBKEY(pb.get(), key) != 1 ||
        PEM_write_bio_PrivateKey(kb.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail;
    out.certificate_pem = chat_key_bio_string(cb.get());
    out.public_key_pem = chat_key_bio_string(pb.get());
    out.private_key_pem = chat_key_bio_string(kb.get());
    return out;
}

} // namespace detail

GCHAT_DECL boost::system::result<chat_signing_key> make_chat_signing_key() {
    std::unique_ptr<EVP_PKEY, detail::chat_key_deleters> key(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)));
    if (!key) return make_error_code(errc::invalid_credentials);
    return detail::describe_chat_key(key.get());
}

GCHAT_DECL boost::system::result<chat_signing_key> make_chat_signing_key(std::string_view private_key_pem) {
    std::unique_ptr<BIO, detail::chat_key_deleters> bio(
        BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())));
    if (!bio) return make_error_code(errc::invalid_credentials);
    std::unique_ptr<EVP_PKEY, detail::chat_key_deleters> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return make_error_code(errc::invalid_credentials);
    return detail::describe_chat_key(key.get());
}

GCHAT_DECL std::string chat_x509_json(const chat_signing_key& key) {
    boost::json::object o;
    o[key.kid] = key.certificate_pem;
    return boost::json::serialize(o);
}

GCHAT_DECL std::string chat_jwks_json(const chat_signing_key& key) {
    boost::json::object k{{"kty", "RSA"},   {"alg", "RS256"}, {"use", "sig"},
                          {"kid", key.kid}, {"n", key.n},     {"e", key.e}};
    boost::json::object o;
    o["keys"] = boost::json::array{std::move(k)};
    return boost::json::serialize(o);
}

GCHAT_DECL boost::system::result<std::string> sign_chat_token(const chat_signing_key& key,
                                                              const chat_token_params& params) {
    if (params.aud.empty()) return make_error_code(errc::invalid_argument);
    auto iat = std::chrono::duration_cast<std::chrono::seconds>(params.issued_at.time_since_epoch()).count();
    auto exp = iat + params.lifetime.count();
    boost::json::object claims;
    if (params.audience == token_audience::project_number) {
        claims["iss"] = chat_issuer;
        claims["aud"] = params.aud;
    } else {
        claims["iss"] = google_id_token_issuer;
        claims["aud"] = params.aud;
        claims["azp"] = chat_service_account_id;
        claims["sub"] = chat_service_account_id;
        if (params.audience == token_audience::add_on)
            claims["email"] = params.email.empty() ? default_add_on_service_account : params.email;
        else
            claims["email"] = chat_issuer;
        claims["email_verified"] = true;
    }
    claims["iat"] = iat;
    claims["exp"] = exp;
    return auth::jwt_sign_rs256(claims, key.private_key_pem, key.kid);
}

} // namespace gchat::testing

#endif
