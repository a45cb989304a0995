// Counts heap allocations in a benchmark binary (replaces global operator new/delete).
// Include in exactly one translation unit of the benchmark.
#ifndef GCHAT_BENCH_ALLOC_COUNTER_HPP
#define GCHAT_BENCH_ALLOC_COUNTER_HPP

#include <atomic>
#include <cstdlib>
#include <new>

namespace gchat::bench {
inline std::atomic<unsigned long long> allocations{0};
inline std::atomic<unsigned long long> allocated_bytes{0};
} // namespace gchat::bench

// The replaced operators pair malloc with free by design; g++ 12, seeing both inlined, reports a mismatch.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n) {
    gchat::bench::allocations.fetch_add(1, std::memory_order_relaxed);
    gchat::bench::allocated_bytes.fetch_add(n, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    return operator new(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
    gchat::bench::allocations.fetch_add(1, std::memory_order_relaxed);
    gchat::bench::allocated_bytes.fetch_add(n, std::memory_order_relaxed);
    if (void* p = std::aligned_alloc(static_cast<std::size_t>(a), (n + static_cast<std::size_t>(a) - 1) &
                                                                      ~(static_cast<std::size_t>(a) - 1)))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    std::free(p);
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#endif
