// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
//
// gchat-emulator: the local Google Chat API as a program, for any Chat client (gchat's, the official
// Node and Python clients pointed at it with their root-URL option, curl).
//
//   gchat-emulator [--port 8085] [--address 127.0.0.1] [--tls [--cert-out FILE]] [--space spaces/AAA ...]
//                  [--accept-token T ...] [--faults SPEC] [--persist FILE] [--no-auto-create] [--quiet]
//                  [--send-event FILE.json --to URL [--audience project:NUMBER | url[:AUD] | add-on[:EMAIL]]
//                   [--ca FILE | --insecure] [--exit-after-send]]
//
// The first line on stdout is the base URL (e.g. http://127.0.0.1:8085/). Ctrl-C or SIGTERM stops it
// cleanly: requests already read are answered, and the state is saved with --persist.
//
// With --send-event it also plays Google Chat's side once it is up: it POSTs the event in FILE.json to the
// app at URL with a bearer token signed by its own key (served at <base URL>service_accounts/v1/metadata/
// x509/chat@system.gserviceaccount.com and <base URL>oauth2/v3/certs), and prints the app's status line
// (`HTTP 200`) and reply body on stdout.

#include <gchat/testing/emulator.hpp>
#include <gchat/testing/faults.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

void usage(std::FILE* out) {
    std::fputs(
        "usage: gchat-emulator [--port N] [--address A] [--tls [--cert-out FILE]] [--space spaces/ID ...]\n"
        "                      [--accept-token T ...] [--faults SPEC] [--persist FILE] [--no-auto-create]\n"
        "                      [--quiet] [--send-event FILE.json --to URL [--audience project:NUMBER |\n"
        "                      --audience url[:AUD] | --audience add-on[:EMAIL]] [--ca FILE | --insecure] "
        "[--exit-after-send]]\n"
        "  --port N          port to listen on (0, the default, picks a free one)\n"
        "  --address A       address to listen on (default 127.0.0.1)\n"
        "  --tls             serve HTTPS with a self-signed certificate (IP:127.0.0.1, DNS:localhost)\n"
        "  --cert-out FILE   write that certificate (PEM) to FILE, for clients to trust\n"
        "  --space NAME      a space that exists from the start (repeatable)\n"
        "  --accept-token T  accept only these bearer tokens (repeatable; default: any non-empty one)\n"
        "  --faults SPEC     fault injection, e.g. 'spaces.messages.create=503*2,ok;*=429:1@0.05'\n"
        "  --persist FILE    load state from FILE at start, save it there at exit\n"
        "  --no-auto-create  unknown spaces are NOT_FOUND instead of created on first use\n"
        "  --quiet           no request log on stderr\n"
        "Playing Google Chat's side (an interaction event to an app, once the server is up):\n"
        "  --send-event FILE POST the event JSON in FILE (either envelope) to the app given by --to\n"
        "  --to URL          the app's endpoint, http:// or https://\n"
        "  --audience A      the bearer token's audience: 'project:NUMBER' (a JWT from\n"
        "                    chat@system.gserviceaccount.com, aud = NUMBER) or 'url' (the default: a\n"
        "                    Google ID token, aud = URL) or 'url:AUD' (aud = AUD) or 'add-on[:EMAIL]' (a\n"
        "                    Workspace add-on's system ID token for service account EMAIL, aud = URL,\n"
        "                    in the body's authorizationEventObject.systemIdToken and the header)\n"
        "  --ca FILE         trust this CA (PEM) for an https app (default: the system's CAs)\n"
        "  --insecure        do not verify an https app's certificate (tests only)\n"
        "  --exit-after-send stop once the app has answered (exit status 1 if it could not be reached)\n"
        "  The app's status (`HTTP 200`) and its reply body are printed on stdout; the token is signed by\n"
        "  the emulator's key, served at "
        "BASE/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com\n"
        "  ({kid: certificate}) and BASE/oauth2/v3/certs (JWK set), no bearer token needed.\n"
        "The first line on stdout is the base URL.\n",
        out);
}

} // namespace

int main(int argc, char** argv) {
    gchat::testing::emulator_options opts;
    std::string cert_out;
    bool quiet = false;
    std::string send_file, send_to;
    bool exit_after_send = false;
    gchat::testing::send_event_options send_opts;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "gchat-emulator: %s needs a value\n", argv[i]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--port") {
            auto v = value();
            unsigned p = 0;
            auto r = std::from_chars(v.data(), v.data() + v.size(), p);
            if (r.ec != std::errc() || r.ptr != v.data() + v.size() || p > 65535) {
                std::fprintf(stderr, "gchat-emulator: bad port\n");
                return 2;
            }
            opts.port = static_cast<std::uint16_t>(p);
        } else if (a == "--address") {
            opts.address = std::string(value());
        } else if (a == "--tls") {
            opts.tls = true;
        } else if (a == "--cert-out") {
            cert_out = std::string(value());
        } else if (a == "--space") {
            opts.spaces.emplace_back(value());
        } else if (a == "--accept-token") {
            opts.accepted_tokens.emplace_back(value());
        } else if (a == "--faults") {
            auto rules = gchat::testing::parse_fault_rules(value());
            if (!rules) {
                std::fprintf(stderr, "gchat-emulator: bad --faults specification\n");
                return 2;
            }
            opts.faults = std::move(*rules);
        } else if (a == "--persist") {
            opts.persistence_file = std::string(value());
        } else if (a == "--no-auto-create") {
            opts.auto_create_spaces = false;
        } else if (a == "--quiet") {
            quiet = true;
        } else if (a == "--send-event") {
            send_file = std::string(value());
        } else if (a == "--to") {
            send_to = std::string(value());
        } else if (a == "--audience") {
            auto v = value();
            if (v.substr(0, 8) == "project:" && v.size() > 8) {
                send_opts.audience = gchat::testing::token_audience::project_number;
                send_opts.project_number = std::string(v.substr(8));
            } else if (v == "url") {
                send_opts.audience = gchat::testing::token_audience::endpoint_url;
            } else if (v.substr(0, 4) == "url:" && v.size() > 4) {
                send_opts.audience = gchat::testing::token_audience::endpoint_url;
                send_opts.audience_url = std::string(v.substr(4));
            } else if (v == "add-on" || (v.substr(0, 7) == "add-on:" && v.size() > 7)) {
                send_opts.audience = gchat::testing::token_audience::add_on;
                if (v.size() > 7) send_opts.add_on_service_account = std::string(v.substr(7));
            } else {
                std::fprintf(stderr,
                             "gchat-emulator: --audience is project:NUMBER, url, url:AUDIENCE, add-on or "
                             "add-on:SERVICE_ACCOUNT\n");
                return 2;
            }
        } else if (a == "--ca") {
            std::ifstream in(std::string(value()), std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "gchat-emulator: cannot read the --ca file\n");
                return 2;
            }
            std::ostringstream ss;
            ss << in.rdbuf();
            send_opts.ca_pem = ss.str();
        } else if (a == "--insecure") {
            send_opts.verify_peer = false;
        } else if (a == "--exit-after-send") {
            exit_after_send = true;
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else {
            std::fprintf(stderr, "gchat-emulator: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }

    if (send_file.empty() != send_to.empty()) {
        std::fprintf(stderr, "gchat-emulator: --send-event and --to go together\n");
        return 2;
    }
    if (exit_after_send && send_file.empty()) {
        std::fprintf(stderr, "gchat-emulator: --exit-after-send needs --send-event\n");
        return 2;
    }
    std::string send_body;
    if (!send_file.empty()) {
        std::ifstream in(send_file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "gchat-emulator: cannot read %s\n", send_file.c_str());
            return 2;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        send_body = ss.str();
    }

    boost::asio::io_context ioc(1);
    gchat::testing::emulator emu(ioc.get_executor(), opts);
    boost::system::error_code start_ec;
    emu.async_start([&](boost::system::error_code ec) { start_ec = ec; });
    ioc.run_one();
    if (start_ec) {
        std::fprintf(stderr, "gchat-emulator: cannot start: %s\n", start_ec.message().c_str());
        return 1;
    }
    std::cout << emu.endpoint() << std::endl; // first line: the base URL
    if (!cert_out.empty()) {
        std::ofstream(cert_out, std::ios::binary | std::ios::trunc) << emu.certificate_pem();
    }
    if (!quiet)
        std::fprintf(stderr, "gchat-emulator: serving the Chat API at %s (%s)\n", emu.endpoint().c_str(),
                     opts.accepted_tokens.empty() ? "any bearer token" : "restricted tokens");

    // Print the request log as it grows (no tokens or bodies: method, path, status, latency).
    std::size_t printed = 0;
    boost::asio::steady_timer log_timer(ioc);
    auto flush_log = [&] {
        const auto& log = emu.requests();
        std::uint64_t total = 0;
        for (const auto& [route, n] : emu.counters().by_route)
            total += n;
        std::size_t fresh = static_cast<std::size_t>(std::min<std::uint64_t>(total - printed, log.size()));
        for (auto it = log.end() - static_cast<std::ptrdiff_t>(fresh); it != log.end(); ++it)
            std::fprintf(stderr, "%s %s -> %u (%lld us)\n", it->method.c_str(), it->path.c_str(), it->status,
                         static_cast<long long>(it->latency.count()));
        printed = static_cast<std::size_t>(total);
    };
    std::function<void()> print_log = [&] {
        flush_log();
        log_timer.expires_after(std::chrono::milliseconds(200));
        log_timer.async_wait([&](boost::system::error_code ec) {
            if (!ec) print_log();
        });
    };
    if (!quiet) print_log();

    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    int exit_code = 0;
    bool stopping = false;
    auto stop = [&] {
        if (stopping) return;
        stopping = true;
        boost::system::error_code ignored;
        signals.cancel(ignored);
        emu.async_stop([&](boost::system::error_code stop_ec) {
            if (stop_ec) {
                std::fprintf(stderr, "gchat-emulator: saving the state failed: %s\n",
                             stop_ec.message().c_str());
                exit_code = 1;
            }
            log_timer.cancel();
            if (!quiet) {
                flush_log();
                std::fprintf(stderr, "gchat-emulator: stopped\n");
            }
        });
    };
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec) stop();
    });

    if (!send_file.empty()) {
        emu.async_send_event_json(send_to, send_body, send_opts,
                                  [&](boost::system::error_code ec, gchat::testing::send_event_result r) {
                                      if (ec) {
                                          std::fprintf(stderr,
                                                       "gchat-emulator: sending the event to %s failed: %s\n",
                                                       send_to.c_str(), ec.message().c_str());
                                          if (exit_after_send) exit_code = 1;
                                      } else {
                                          std::cout << "HTTP " << r.status << "\n" << r.body << std::endl;
                                          if (!quiet)
                                              std::fprintf(stderr, "gchat-emulator: event sent to %s -> %u\n",
                                                           send_to.c_str(), r.status);
                                      }
                                      if (exit_after_send) stop();
                                  });
    }
    ioc.run();
    return exit_code;
}
