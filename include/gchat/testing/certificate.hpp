// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_CERTIFICATE_HPP
#define GCHAT_TESTING_CERTIFICATE_HPP

// A self-signed TLS certificate for the emulator (and for tests that need a server certificate).

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/system/result.hpp>

#include <string>

namespace gchat::testing {

/// A certificate and its private key, both PEM.
struct self_signed_certificate {
    std::string certificate_pem; ///< Give this to a client as its trusted CA.
    std::string private_key_pem; ///< PKCS#8 "PRIVATE KEY".
};

/// Generates an EC P-256 key and a self-signed X.509 v3 certificate for it, valid from an hour ago for
/// 30 days, with subject CN=localhost and SAN `IP:127.0.0.1, IP:::1, DNS:localhost`, usable both as a server
/// certificate and as the CA that clients trust. OpenSSL 3 EVP APIs only.
GCHAT_DECL boost::system::result<self_signed_certificate> make_self_signed_certificate();

} // namespace gchat::testing

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/testing/impl/certificate.ipp>
#endif

#endif
