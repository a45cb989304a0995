// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_SERIAL_EXECUTOR_HPP
#define GCHAT_DETAIL_SERIAL_EXECUTOR_HPP

// A strand seen only through the standard executor model (execute, query, require, prefer).
//
// Why: naming the strand itself as the executor type of sockets, timers and coroutines keeps each
// operation's work tracking on a concrete type. With any_io_executor there instead, every operation wraps
// the strand (too big for any_io_executor's small buffer) in a new heap-allocated any_io_executor: about
// 80 allocations per event in the event server. But asio::strand also declares the Networking TS members
// (context(), on_work_started(), ...) whatever executor it wraps, so Beast picks the TS work guard for it,
// which does not compile for strand<any_io_executor>. This wrapper has only the standard members.

#include <boost/asio/execution/executor.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>

#include <type_traits>
#include <utility>

namespace gchat::detail {

template <class Strand>
class serial_executor {
  public:
    explicit serial_executor(Strand s) noexcept : strand_(std::move(s)) {}

    /// The wrapped strand.
    const Strand& strand() const noexcept { return strand_; }

    template <class Property>
    requires boost::asio::can_query<const Strand&, Property>::value decltype(auto)
    query(const Property& p) const noexcept(boost::asio::is_nothrow_query<const Strand&, Property>::value) {
        return boost::asio::query(strand_, p);
    }

    template <class Property>
    requires boost::asio::can_require<const Strand&, Property>::value auto require(const Property& p) const {
        using result = std::decay_t<decltype(boost::asio::require(strand_, p))>;
        return serial_executor<result>(boost::asio::require(strand_, p));
    }

    template <class Property>
    requires boost::asio::can_prefer<const Strand&, Property>::value auto prefer(const Property& p) const {
        using result = std::decay_t<decltype(boost::asio::prefer(strand_, p))>;
        return serial_executor<result>(boost::asio::prefer(strand_, p));
    }

    template <class Function>
    void execute(Function&& f) const {
        strand_.execute(std::forward<Function>(f));
    }

    friend bool operator==(const serial_executor& a, const serial_executor& b) noexcept {
        return a.strand_ == b.strand_;
    }
    friend bool operator!=(const serial_executor& a, const serial_executor& b) noexcept {
        return a.strand_ != b.strand_;
    }

  private:
    Strand strand_;
};

} // namespace gchat::detail

#endif
