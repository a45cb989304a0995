// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_HPP
#define GCHAT_HPP

// Everything gchat offers an app: models and JSON, interaction events and the router, the REST client and
// its credentials, incoming webhooks, and the event server with its token verifier. The emulator
// (<gchat/testing/emulator.hpp>) is a tool for tests and is not included. Including only the headers a
// translation unit uses compiles faster (an event parser needs only <gchat/event/parse.hpp>).

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/json.hpp>
#include <gchat/model.hpp>

#include <gchat/event.hpp>

#include <gchat/auth/api_key.hpp>
#include <gchat/auth/jwt.hpp>
#include <gchat/auth/key_file.hpp>
#include <gchat/auth/service_account.hpp>
#include <gchat/auth/static_token.hpp>
#include <gchat/auth/token_source.hpp>
#include <gchat/auth/user_refresh.hpp>
#include <gchat/call_params.hpp>
#include <gchat/client.hpp>
#include <gchat/client_params.hpp>
#include <gchat/retry.hpp>
#include <gchat/webhook.hpp>
#include <gchat/with_diagnostics.hpp>

#include <gchat/server/event_server.hpp>
#include <gchat/server/options.hpp>
#include <gchat/server/request_rules.hpp>
#include <gchat/server/verifier.hpp>
#include <gchat/server/verifier_options.hpp>

#endif
