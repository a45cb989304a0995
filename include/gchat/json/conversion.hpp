// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_CONVERSION_HPP
#define GCHAT_JSON_CONVERSION_HPP

// Boost.JSON conversions for gchat's described types, found by ADL (declared in json/fwd.hpp):
// boost::json::value_from(msg), boost::json::value_to<gchat::message>(jv) and try_value_to.
// They follow the same rules as gchat::json::parse and gchat::json::serialize, because they are
// those: value_to reads the DOM through the same reader, value_from writes through the same writer.

#include <gchat/diagnostics.hpp>
#include <gchat/json/fwd.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

namespace gchat {

template <class T>
requires json::is_described_v<T>
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const T& v) {
    if constexpr (std::is_enum_v<T>) {
        auto name = json::enum_to_string(v);
        if (name.empty())
            jv = nullptr;
        else
            jv = boost::json::string_view(name.data(), name.size());
    } else {
        jv = boost::json::parse(json::serialize(v), jv.storage());
    }
}

template <class T>
requires json::is_described_v<T> boost::system::result<T> tag_invoke(const boost::json::try_value_to_tag<T>&,
                                                                     const boost::json::value& jv) {
    if constexpr (std::is_enum_v<T>) {
        if (!jv.is_string()) return make_error_code(errc::json_type_mismatch);
        auto s = jv.get_string();
        return json::enum_from_string<T>(std::string_view(s.data(), s.size()));
    } else {
        T out{};
        json::reader r;
        if (auto ec = r.read_into(jv, out, nullptr)) return ec;
        return out;
    }
}

template <class T>
requires json::is_described_v<T> T tag_invoke(const boost::json::value_to_tag<T>&,
                                              const boost::json::value& jv) {
    if constexpr (std::is_enum_v<T>) {
        auto r = tag_invoke(boost::json::try_value_to_tag<T>{}, jv);
        if (!r) {
            diagnostics diag;
            diag.client_message = "expected an enum name (a string)";
            throw error_with_diagnostics(r.error(), std::move(diag));
        }
        return *r;
    } else {
        T out{};
        diagnostics diag;
        json::reader r;
        if (auto ec = r.read_into(jv, out, &diag)) throw error_with_diagnostics(ec, std::move(diag));
        return out;
    }
}

} // namespace gchat

#endif
