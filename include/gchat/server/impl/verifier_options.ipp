// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_IMPL_VERIFIER_OPTIONS_IPP
#define GCHAT_SERVER_IMPL_VERIFIER_OPTIONS_IPP

#include <gchat/server/verifier_options.hpp>

namespace gchat::server {

GCHAT_DECL boost::system::result<std::string_view> bearer_token(std::string_view a) noexcept {
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!a.empty() && blank(a.front()))
        a.remove_prefix(1);
    while (!a.empty() && blank(a.back()))
        a.remove_suffix(1);
    if (a.empty()) return make_error_code(errc::missing_token);
    auto sp = a.find_first_of(" \t");
    auto scheme = a.substr(0, sp);
    static constexpr std::string_view bearer = "bearer";
    bool is_bearer = scheme.size() == bearer.size();
    for (std::size_t i = 0; is_bearer && i < scheme.size(); ++i)
        is_bearer = (scheme[i] | 0x20) == bearer[i];
    if (!is_bearer) return make_error_code(errc::not_bearer);
    if (sp == std::string_view::npos) return make_error_code(errc::missing_token);
    auto tok = a.substr(sp);
    while (!tok.empty() && blank(tok.front()))
        tok.remove_prefix(1);
    if (tok.empty()) return make_error_code(errc::missing_token);
    return tok;
}

} // namespace gchat::server

#endif
