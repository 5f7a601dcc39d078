// Stats: the counters behind snf_client_stats. Every object operation records itself
// here, so everything is a relaxed atomic: no lock, no ordering, a few uncontended
// read-modify-writes per operation. A snapshot taken while operations run is not a
// consistent cut (a counter may be one operation ahead of another), which is fine for
// monitoring.
//
// What is counted: reads/writes/removes count object operations that reached the
// backend (each op of a multi-op counts once, with the batch's latency); errors counts
// those that failed plus calls rejected before reaching the store (bad arguments,
// failed table operations). The latency histogram holds exactly one sample per counted
// object operation, so its buckets sum to reads + writes + removes.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "snf/snf_client.h"

namespace snf {

enum class OpKind : uint8_t { Read, Write, Remove };

class Stats {
public:
    Stats() noexcept { reset(0); }

    // One object operation. `bytes` is what it moved: key + value bytes for a write, the
    // value bytes returned for a read, 0 for a remove.
    void record(OpKind kind, uint64_t latency_ns, uint64_t bytes, bool ok) noexcept;

    // A call that failed before any object operation was counted.
    void record_error() noexcept { errors_.fetch_add(1, std::memory_order_relaxed); }

    void record_async_submitted() noexcept {
        async_submitted_.fetch_add(1, std::memory_order_relaxed);
    }
    void record_async_completed() noexcept {
        async_completed_.fetch_add(1, std::memory_order_relaxed);
    }

    // Fills `out`. `reconnects_total` is the backend's count since open; the snapshot
    // reports what happened since the last reset.
    void snapshot(snf_client_stats& out, uint64_t reconnects_total) const noexcept;

    // Zeroes every counter; `reconnects_total` becomes the new baseline for reconnects.
    void reset(uint64_t reconnects_total) noexcept;

    // The histogram bucket of a latency (see snf_client_stats).
    static unsigned bucket_of(uint64_t latency_ns) noexcept;

private:
    using Counter = std::atomic<uint64_t>;

    Counter reads_{0};
    Counter writes_{0};
    Counter removes_{0};
    Counter async_submitted_{0};
    Counter async_completed_{0};
    Counter errors_{0};
    Counter reconnects_base_{0};
    Counter bytes_written_{0};
    Counter bytes_read_{0};
    Counter latency_min_ns_{0};
    Counter latency_max_ns_{0};
    Counter latency_total_ns_{0};
    std::array<Counter, SNF_LATENCY_BUCKETS> buckets_{};
};

}  // namespace snf
