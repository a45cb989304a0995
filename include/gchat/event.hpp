// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_HPP
#define GCHAT_EVENT_HPP

// Interaction events: gchat::event and its accessors, parse_event, the reply builders, validation
// of what an app sends, and gchat::router (the one of these that includes Asio).

#include <gchat/event/envelope.hpp>
#include <gchat/event/event.hpp>
#include <gchat/event/parse.hpp>
#include <gchat/event/reply.hpp>
#include <gchat/event/router.hpp>
#include <gchat/event/secret.hpp>
#include <gchat/event/validate.hpp>

#endif
