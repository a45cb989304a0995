// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_MODEL_HPP
#define GCHAT_MODEL_HPP

// Every Chat resource model (plain described aggregates; see <gchat/json.hpp> to read and write them).

#include <gchat/model/action_response.hpp>
#include <gchat/model/annotation.hpp>
#include <gchat/model/attachment.hpp>
#include <gchat/model/boxed.hpp>
#include <gchat/model/card.hpp>
#include <gchat/model/card_v1.hpp>
#include <gchat/model/common_event.hpp>
#include <gchat/model/list_responses.hpp>
#include <gchat/model/membership.hpp>
#include <gchat/model/message.hpp>
#include <gchat/model/reaction.hpp>
#include <gchat/model/space.hpp>
#include <gchat/model/thread.hpp>
#include <gchat/model/timestamp.hpp>
#include <gchat/model/user.hpp>

#endif
