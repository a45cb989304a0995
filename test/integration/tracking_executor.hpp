// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Test helper: an executor that wraps another and records, per thread, which tracked executors are running
// a function right now, so a test can assert on which executor a completion handler ran.
#ifndef GCHAT_TEST_INTEGRATION_TRACKING_EXECUTOR_HPP
#define GCHAT_TEST_INTEGRATION_TRACKING_EXECUTOR_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <utility>
#include <vector>

namespace gchat::test {

/// What one tracking_executor (and the executors derived from it by require/prefer) did.
struct executor_tracker {
    std::atomic<std::size_t> executions{0};
};

namespace detail {
// The trackers whose functions are running on this thread, innermost last.
inline thread_local std::vector<const executor_tracker*> running_trackers;
} // namespace detail

/// True while the calling thread runs a function submitted through an executor of `t`.
inline bool running_in(const executor_tracker& t) {
    auto& r = detail::running_trackers;
    return std::find(r.begin(), r.end(), &t) != r.end();
}

/// Wraps an any_io_executor; every function it executes counts in, and is marked as running in, its tracker.
class tracking_executor {
  public:
    tracking_executor(boost::asio::any_io_executor inner, executor_tracker* tracker) noexcept
        : inner_(std::move(inner)), tracker_(tracker) {}

    template <class Property>
    auto query(const Property& p) const
        -> decltype(boost::asio::query(std::declval<const boost::asio::any_io_executor&>(), p)) {
        return boost::asio::query(inner_, p);
    }

    template <class Property>
    requires boost::asio::can_require<const boost::asio::any_io_executor&, const Property&>::value
        tracking_executor
        require(const Property& p)
    const { return tracking_executor(boost::asio::require(inner_, p), tracker_); }

    template <class Property>
    requires boost::asio::can_prefer<const boost::asio::any_io_executor&, const Property&>::value
        tracking_executor
        prefer(const Property& p)
    const { return tracking_executor(boost::asio::prefer(inner_, p), tracker_); }

    template <class F>
    void execute(F f) const {
        inner_.execute([f = std::move(f), t = tracker_]() mutable {
            ++t->executions;
            detail::running_trackers.push_back(t);
            struct pop {
                ~pop() { detail::running_trackers.pop_back(); }
            } guard;
            std::move(f)();
        });
    }

    friend bool operator==(const tracking_executor& a, const tracking_executor& b) noexcept {
        return a.tracker_ == b.tracker_ && a.inner_ == b.inner_;
    }
    friend bool operator!=(const tracking_executor& a, const tracking_executor& b) noexcept {
        return !(a == b);
    }

  private:
    boost::asio::any_io_executor inner_;
    executor_tracker* tracker_;
};

} // namespace gchat::test

#endif
