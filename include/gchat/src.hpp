// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SRC_HPP
#define GCHAT_SRC_HPP

// With GCHAT_SEPARATE_COMPILATION defined everywhere, include this header in exactly one
// translation unit: it holds the definitions of gchat's non-template functions.
#ifndef GCHAT_SEPARATE_COMPILATION
#error "gchat/src.hpp is for builds that define GCHAT_SEPARATE_COMPILATION"
#endif

#undef GCHAT_DECL
#define GCHAT_DECL

#include <gchat/auth/detail/impl/oauth.ipp>
#include <gchat/auth/impl/jwt.ipp>
#include <gchat/auth/impl/key_file.ipp>
#include <gchat/detail/impl/requests.ipp>
#include <gchat/detail/impl/responses.ipp>
#include <gchat/event/impl/parse.ipp>
#include <gchat/event/impl/reply.ipp>
#include <gchat/event/impl/validate.ipp>
#include <gchat/impl/error.ipp>
#include <gchat/impl/retry.ipp>
#include <gchat/impl/webhook.ipp>
#include <gchat/json/impl/parse.ipp>
#include <gchat/json/impl/scanner.ipp>
#include <gchat/json/impl/serialize.ipp>
#include <gchat/model/impl/timestamp.ipp>
#include <gchat/server/impl/jwt_claims.ipp>
#include <gchat/server/impl/key_set.ipp>
#include <gchat/server/impl/request_rules.ipp>
#include <gchat/server/impl/verifier_options.ipp>
#include <gchat/testing/impl/certificate.ipp>
#include <gchat/testing/impl/chat_keys.ipp>
#include <gchat/testing/impl/chat_state.ipp>
#include <gchat/testing/impl/persistence.ipp>

#endif
