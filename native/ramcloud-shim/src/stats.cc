// Stats implementation: relaxed atomics; min and max move only when a sample beats them,
// so the common case is a plain load and no write.
#include "stats.hh"

#include <bit>
#include <limits>

namespace snf {
namespace {

constexpr uint64_t kNoSample = std::numeric_limits<uint64_t>::max();

constexpr auto relaxed = std::memory_order_relaxed;

}  // namespace

unsigned Stats::bucket_of(uint64_t latency_ns) noexcept {
    uint64_t us = latency_ns / 1000;
    // us == 0 -> 0; us in [2^(i-1), 2^i) -> i, which is the bit width of us.
    unsigned bucket = static_cast<unsigned>(std::bit_width(us));
    return bucket < SNF_LATENCY_BUCKETS ? bucket : SNF_LATENCY_BUCKETS - 1;
}

void Stats::record(OpKind kind, uint64_t latency_ns, uint64_t bytes, bool ok) noexcept {
    switch (kind) {
        case OpKind::Read:
            reads_.fetch_add(1, relaxed);
            if (ok) bytes_read_.fetch_add(bytes, relaxed);
            break;
        case OpKind::Write:
            writes_.fetch_add(1, relaxed);
            if (ok) bytes_written_.fetch_add(bytes, relaxed);
            break;
        case OpKind::Remove:
            removes_.fetch_add(1, relaxed);
            break;
    }
    if (!ok) errors_.fetch_add(1, relaxed);
    buckets_[bucket_of(latency_ns)].fetch_add(1, relaxed);
    latency_total_ns_.fetch_add(latency_ns, relaxed);

    uint64_t min = latency_min_ns_.load(relaxed);
    while (latency_ns < min && !latency_min_ns_.compare_exchange_weak(min, latency_ns, relaxed)) {
    }
    uint64_t max = latency_max_ns_.load(relaxed);
    while (latency_ns > max && !latency_max_ns_.compare_exchange_weak(max, latency_ns, relaxed)) {
    }
}

void Stats::snapshot(snf_client_stats& out, uint64_t reconnects_total) const noexcept {
    out.reads = reads_.load(relaxed);
    out.writes = writes_.load(relaxed);
    out.removes = removes_.load(relaxed);
    out.async_submitted = async_submitted_.load(relaxed);
    out.async_completed = async_completed_.load(relaxed);
    out.errors = errors_.load(relaxed);
    uint64_t base = reconnects_base_.load(relaxed);
    out.reconnects = reconnects_total >= base ? reconnects_total - base : 0;
    out.bytes_written = bytes_written_.load(relaxed);
    out.bytes_read = bytes_read_.load(relaxed);
    uint64_t min = latency_min_ns_.load(relaxed);
    out.latency_min_ns = min == kNoSample ? 0 : min;
    out.latency_max_ns = latency_max_ns_.load(relaxed);
    out.latency_total_ns = latency_total_ns_.load(relaxed);
    for (unsigned i = 0; i < SNF_LATENCY_BUCKETS; ++i) out.latency_buckets[i] = buckets_[i].load(relaxed);
}

void Stats::reset(uint64_t reconnects_total) noexcept {
    reads_.store(0, relaxed);
    writes_.store(0, relaxed);
    removes_.store(0, relaxed);
    async_submitted_.store(0, relaxed);
    async_completed_.store(0, relaxed);
    errors_.store(0, relaxed);
    reconnects_base_.store(reconnects_total, relaxed);
    bytes_written_.store(0, relaxed);
    bytes_read_.store(0, relaxed);
    latency_min_ns_.store(kNoSample, relaxed);
    latency_max_ns_.store(0, relaxed);
    latency_total_ns_.store(0, relaxed);
    for (auto& bucket : buckets_) bucket.store(0, relaxed);
}

}  // namespace snf
