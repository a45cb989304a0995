// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
//
// gchat-emulator: the local Google Chat API as a program, for any Chat client (gchat's, the official
// Node and Python clients pointed at it with their root-URL option, curl).
//
//   gchat-emulator [--port 8085] [--address 127.0.0.1] [--tls [--cert-out FILE]] [--space spaces/AAA ...]
//                  [--accept-token T ...] [--faults SPEC] [--persist FILE] [--no-auto-create] [--quiet]
//
// The first line on stdout is the base URL (e.g. http://127.0.0.1:8085/). Ctrl-C or SIGTERM stops it
// cleanly: requests already read are answered, and the state is saved with --persist.

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
#include <string>
#include <string_view>

namespace {

void usage(std::FILE* out) {
    std::fputs(
        "usage: gchat-emulator [--port N] [--address A] [--tls [--cert-out FILE]] [--space spaces/ID ...]\n"
        "                      [--accept-token T ...] [--faults SPEC] [--persist FILE] [--no-auto-create]\n"
        "                      [--quiet]\n"
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
        "The first line on stdout is the base URL.\n",
        out);
}

} // namespace

int main(int argc, char** argv) {
    gchat::testing::emulator_options opts;
    std::string cert_out;
    bool quiet = false;
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
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else {
            std::fprintf(stderr, "gchat-emulator: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
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
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
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
    });
    ioc.run();
    return exit_code;
}
