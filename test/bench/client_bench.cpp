// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
//
// gchat_bench_client: requests/s, latency and peak RSS of gchat::client's async_create_message against a
// running gchat-emulator (test/bench/client_bench.sh starts one and compares with wrk and the Node client).
// Figures go in notes, never in tests.
//
//   gchat_bench_client BASE_URL [--seconds S | --requests N] [--inflight N] [--warmup S]
//   gchat_bench_client BASE_URL --queued N [--rounds R]
//
// Throughput mode: N coroutine workers on one io_context thread, each awaiting one create at a time, on a
// client with max_connections = min(N, 64) and no retries.
//
// The setup is the one recommended for a loop run by one thread (README, "Performance"): the client on the
// io_context's own executor type, gchat::basic_client<asio::io_context::executor_type>, rather than
// gchat::client (asio::any_io_executor, which boxes the executor in every operation), and an io_context
// made with BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO (no locking of socket operations: only this thread uses
// them; the scheduler keeps its lock, which the resolver's thread needs). Prints one line of key=value pairs:
//   mode=throughput inflight=N requests=... errors=... seconds=... rps=... p50_us=... p99_us=... rss_kib=...
//   allocs_per_call=... alloc_bytes_per_call=...
// (heap allocations of this process per call in steady state, after the warm-up: the client, its
// transport and the worker coroutine's co_await, counted by replacing operator new).
// Queued mode: N calls started at once (callbacks, no coroutine per call) on a client with max_connections =
// 64, so that all but 64 wait in the client's queue; R rounds. Prints the peak RSS (VmHWM) with the same
// keys.

#include "alloc_counter.hpp"

#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/model.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

#include <sys/resource.h>

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;
using executor = asio::io_context::executor_type;
using bench_client = gchat::basic_client<executor>;

namespace {

/// The peak resident set size in KiB: VmHWM from /proc/self/status, else ru_maxrss.
long peak_rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/// Latencies in µs as a histogram of fixed size (exact below 4,096 µs, then 1/2,048 relative precision up
/// to 2^32 µs): keeping every sample instead would add ~1 MiB per 250,000 calls to the RSS being measured.
/// The counts are calloc'ed: untouched pages (most of them) stay out of the RSS.
class latency_histogram {
  public:
    latency_histogram() : counts_(static_cast<std::uint32_t*>(std::calloc(buckets, sizeof(std::uint32_t)))) {
        if (!counts_) std::abort();
    }
    latency_histogram(const latency_histogram&) = delete;
    latency_histogram& operator=(const latency_histogram&) = delete;
    ~latency_histogram() { std::free(counts_); }

    void add(std::uint64_t us) {
        ++counts_[bucket(std::min<std::uint64_t>(us, 0xFFFFFFFFu))];
        ++n_;
    }
    std::size_t size() const noexcept { return n_; }

    /// The smallest value v such that a fraction p of the samples are <= v (the bucket's lower bound).
    double percentile(double p) const {
        if (n_ == 0) return 0;
        const auto k = static_cast<std::uint64_t>(p * static_cast<double>(n_ - 1));
        std::uint64_t seen = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            seen += counts_[b];
            if (seen > k) return static_cast<double>(lower_bound(b));
        }
        return 0;
    }

  private:
    static constexpr unsigned exact_bits = 12; // exact below 2^12
    static constexpr std::size_t sub = std::size_t(1) << (exact_bits - 1);
    static constexpr std::size_t buckets = (std::size_t(1) << exact_bits) + (32 - exact_bits) * sub;

    static std::size_t bucket(std::uint64_t v) {
        if (v < (std::uint64_t(1) << exact_bits)) return static_cast<std::size_t>(v);
        unsigned e = 63u - static_cast<unsigned>(__builtin_clzll(v)) - (exact_bits - 1); // >= 1
        return (std::size_t(1) << exact_bits) + (e - 1) * sub + static_cast<std::size_t>((v >> e) - sub);
    }
    static std::uint64_t lower_bound(std::size_t b) {
        if (b < (std::size_t(1) << exact_bits)) return b;
        const std::size_t r = b - (std::size_t(1) << exact_bits);
        const unsigned e = static_cast<unsigned>(r / sub) + 1;
        return (std::uint64_t(r % sub) + sub) << e;
    }

    std::uint32_t* counts_;
    std::size_t n_ = 0;
};

struct run_state {
    steady::time_point end{};    ///< Throughput: stop starting calls after this...
    std::uint64_t remaining = 0; ///< ...or after this many calls (0: no limit).
    bool by_count = false;
    latency_histogram latency_us{}; ///< Of the successful calls.
    std::uint64_t errors = 0;
    std::string first_error{};
    unsigned active = 0; ///< Workers still running.
};

bool take_one(run_state& st) {
    if (st.by_count) {
        if (st.remaining == 0) return false;
        --st.remaining;
        return true;
    }
    return steady::now() < st.end;
}

asio::awaitable<void, executor> worker(bench_client chat, const gchat::message& m, run_state& st) {
    const gchat::create_message_params params{};
    while (take_one(st)) {
        const auto t0 = steady::now();
        gchat::diagnostics diag;
        auto [ec, created] = co_await chat.async_create_message(
            "spaces/BENCH", m, params, diag, asio::as_tuple(asio::use_awaitable_t<executor>()));
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - t0).count();
        if (ec) {
            if (st.errors++ == 0) st.first_error = ec.message() + " " + diag.summary();
        } else {
            st.latency_us.add(static_cast<std::uint64_t>(us));
        }
    }
    --st.active;
}

gchat::client_params make_params(const std::string& url, std::size_t connections) {
    gchat::client_params p;
    p.endpoint = url;
    if (!p.endpoint.empty() && p.endpoint.back() == '/') p.endpoint.pop_back();
    p.credentials = gchat::auth::static_token{"bench-token"};
    p.max_connections = connections;
    p.retry = gchat::retry_policy::none();
    return p;
}

/// One phase: `inflight` workers until `st` says stop. Returns the elapsed seconds. Runs the io_context
/// only until the last worker is done: the client's idle connections (and their idle timers) stay, for
/// the next phase.
double run_phase(asio::io_context& ioc, bench_client& chat, const gchat::message& m, unsigned inflight,
                 run_state& st) {
    const auto t0 = steady::now();
    st.active = inflight;
    for (unsigned i = 0; i < inflight; ++i)
        asio::co_spawn(ioc.get_executor(), worker(chat, m, st), asio::detached);
    while (st.active > 0 && ioc.run_one() > 0) {
    }
    return std::chrono::duration<double>(steady::now() - t0).count();
}

int usage() {
    std::fputs("usage: gchat_bench_client BASE_URL [--seconds S | --requests N] [--inflight N] [--warmup S]\n"
               "       gchat_bench_client BASE_URL --queued N [--rounds R]\n",
               stderr);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string url = argv[1];
    double seconds = 5, warmup = 0.5;
    std::uint64_t requests = 0, queued = 0;
    unsigned inflight = 1, rounds = 3;
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) return usage();
        const char* v = argv[++i];
        if (a == "--seconds")
            seconds = std::strtod(v, nullptr);
        else if (a == "--requests")
            requests = std::strtoull(v, nullptr, 10);
        else if (a == "--inflight")
            inflight = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else if (a == "--warmup")
            warmup = std::strtod(v, nullptr);
        else if (a == "--queued")
            queued = std::strtoull(v, nullptr, 10);
        else if (a == "--rounds")
            rounds = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else
            return usage();
    }
    if (inflight == 0) inflight = 1;

    asio::io_context ioc(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO);
    const gchat::message m{.text = "Hello, world!"};

    if (queued > 0) {
        // 10,000 calls in flight: 64 on the wire, the rest queued in the client.
        bench_client chat(ioc, make_params(url, 64));
        const long rss_before = peak_rss_kib();
        run_state st;
        const gchat::create_message_params params{};
        double total = 0;
        for (unsigned r = 0; r < rounds; ++r) {
            // All `queued` calls started at once, with plain callbacks (no coroutine per call): what stays
            // in memory is the client's own per-call state.
            const auto t0 = steady::now();
            st.active = static_cast<unsigned>(queued);
            for (std::uint64_t i = 0; i < queued; ++i)
                chat.async_create_message(
                    "spaces/BENCH", m, params,
                    [&st, t0](boost::system::error_code ec, const gchat::message&) {
                        const auto us =
                            std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - t0).count();
                        if (ec) {
                            if (st.errors++ == 0) st.first_error = ec.message();
                        } else {
                            st.latency_us.add(static_cast<std::uint64_t>(us));
                        }
                        --st.active;
                    });
            while (st.active > 0 && ioc.run_one() > 0) {
            }
            total += std::chrono::duration<double>(steady::now() - t0).count();
        }
        std::printf("mode=queued inflight=%llu rounds=%u requests=%zu errors=%llu seconds=%.3f rps=%.0f "
                    "p50_us=%.0f p99_us=%.0f rss_kib=%ld rss_before_kib=%ld sizeof_message=%zu\n",
                    static_cast<unsigned long long>(queued), rounds, st.latency_us.size(),
                    static_cast<unsigned long long>(st.errors), total,
                    static_cast<double>(st.latency_us.size()) / total, st.latency_us.percentile(0.50),
                    st.latency_us.percentile(0.99), peak_rss_kib(), rss_before, sizeof(gchat::message));
        if (st.errors) std::fprintf(stderr, "first error: %s\n", st.first_error.c_str());
        return st.errors ? 1 : 0;
    }

    bench_client chat(ioc, make_params(url, std::min(inflight, 64u)));
    if (warmup > 0) {
        run_state w;
        w.end = steady::now() +
                std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(warmup));
        run_phase(ioc, chat, m, inflight, w);
    }
    run_state st;
    if (requests > 0) {
        st.by_count = true;
        st.remaining = requests;
    } else {
        st.end = steady::now() +
                 std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(seconds));
    }
    const auto allocs0 = gchat::bench::allocations.load();
    const auto bytes0 = gchat::bench::allocated_bytes.load();
    const double elapsed = run_phase(ioc, chat, m, inflight, st);
    const double calls = static_cast<double>(std::max<std::size_t>(st.latency_us.size() + st.errors, 1));
    const double allocs = static_cast<double>(gchat::bench::allocations.load() - allocs0) / calls;
    const double alloc_bytes = static_cast<double>(gchat::bench::allocated_bytes.load() - bytes0) / calls;
    const std::size_t ok = st.latency_us.size();
    std::printf("mode=throughput inflight=%u requests=%zu errors=%llu seconds=%.3f rps=%.0f p50_us=%.0f "
                "p99_us=%.0f rss_kib=%ld allocs_per_call=%.1f alloc_bytes_per_call=%.0f\n",
                inflight, ok, static_cast<unsigned long long>(st.errors), elapsed,
                static_cast<double>(ok) / elapsed, st.latency_us.percentile(0.50),
                st.latency_us.percentile(0.99), peak_rss_kib(), allocs, alloc_bytes);
    if (st.errors) std::fprintf(stderr, "first error: %s\n", st.first_error.c_str());
    return st.errors ? 1 : 0;
}
