// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_IMPL_CERTIFICATE_IPP
#define GCHAT_TESTING_IMPL_CERTIFICATE_IPP

#include <gchat/testing/certificate.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace gchat::testing {
namespace detail {

struct cert_deleters {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free(p); }
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};

inline std::string bio_string(BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

} // namespace detail

GCHAT_DECL boost::system::result<self_signed_certificate> make_self_signed_certificate() {
    using D = detail::cert_deleters;
    auto fail = make_error_code(errc::invalid_credentials);
    std::unique_ptr<EVP_PKEY, D> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return fail;
    std::unique_ptr<X509, D> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1) return fail;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) return fail;
    serial[0] &= 0x7F;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    if (!bn) return fail;
    ASN1_INTEGER* sn = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    if (!sn) return fail;
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600))
        return fail;
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("gchat emulator"), -1, -1,
                                   0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1)
        return fail;
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    const std::pair<int, const char*> exts[] = {
        {NID_basic_constraints, "critical,CA:TRUE"},
        {NID_key_usage, "critical,digitalSignature,keyCertSign"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost"},
    };
    for (const auto& [nid, value] : exts) {
        std::unique_ptr<X509_EXTENSION, D> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1) return fail;
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) return fail;
    std::unique_ptr<BIO, D> cb(BIO_new(BIO_s_mem())), kb(BIO_new(BIO_s_mem()));
    if (!cb || !kb || PEM_write_bio_X509(cb.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(kb.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail;
    return self_signed_certificate{detail::bio_string(cb.get()), detail::bio_string(kb.get())};
}

} // namespace gchat::testing

#endif
