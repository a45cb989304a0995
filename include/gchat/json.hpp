// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_HPP
#define GCHAT_JSON_HPP

// gchat's reflected JSON: parse<T>, serialize, reader, and the Boost.JSON conversions.

#include <gchat/json/conversion.hpp>
#include <gchat/json/keys.hpp>
#include <gchat/json/naming.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>

#endif
