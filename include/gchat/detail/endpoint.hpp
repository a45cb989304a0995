// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_ENDPOINT_HPP
#define GCHAT_DETAIL_ENDPOINT_HPP

// Parsing the transport's endpoint URL (`scheme://host[:port][/base-path]`) with Boost.URL.

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/system/result.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <string>
#include <string_view>
#include <system_error>

namespace gchat::detail {

/// The parts of an endpoint the transport uses.
struct parsed_endpoint {
    bool tls = false;
    std::string host;             ///< For the resolver, SNI and certificate checks: no brackets, decoded.
    std::string port;             ///< Always set ("443", "80" by default).
    std::string host_header;      ///< The Host header: host (bracketed if IPv6) and the port unless default.
    std::string base_path;        ///< Percent-encoded, no trailing slash; "" for none.
    bool host_is_address = false; ///< An IP literal: no SNI is sent.
};

/// Parses `scheme://host[:port][/base-path]`; the scheme is `http` or `https` (any case); user info,
/// a query or a fragment, an empty host or a bad port are errc::invalid_url.
inline boost::system::result<parsed_endpoint> parse_endpoint(std::string_view text) {
    auto bad = make_error_code(errc::invalid_url);
    auto r = boost::urls::parse_uri(boost::core::string_view(text.data(), text.size()));
    if (!r) return bad;
    const auto& u = *r;
    parsed_endpoint out;
    if (u.scheme_id() == boost::urls::scheme::https)
        out.tls = true;
    else if (u.scheme_id() != boost::urls::scheme::http)
        return bad;
    if (!u.has_authority() || u.has_userinfo() || u.has_query() || u.has_fragment()) return bad;
    switch (u.host_type()) {
    case boost::urls::host_type::name:
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
        break;
    default:
        return bad;
    }
    out.host = u.host_address();
    if (out.host.empty()) return bad;
    out.host_is_address = u.host_type() != boost::urls::host_type::name;
    std::string_view default_port = out.tls ? "443" : "80";
    std::string_view port(u.port().data(), u.port().size());
    if (u.has_port() && !port.empty()) {
        unsigned long n = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
        if (ec != std::errc() || end != port.data() + port.size() || n == 0 || n > 65535) return bad;
        out.port = std::to_string(n);
    } else {
        out.port = std::string(default_port);
    }
    out.host_header = u.host_type() == boost::urls::host_type::ipv6 ? "[" + out.host + "]" : out.host;
    if (out.port != default_port) out.host_header += ":" + out.port;
    auto path = u.encoded_path();
    out.base_path.assign(path.data(), path.size());
    while (!out.base_path.empty() && out.base_path.back() == '/')
        out.base_path.pop_back();
    return out;
}

} // namespace gchat::detail

#endif
