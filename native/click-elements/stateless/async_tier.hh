// AsyncTier: the `async` access mode of FlowStateTier, on the client's async operations
// (snf_async_read / snf_async_write / snf_async_remove).
//
// get_async submits one read. create_pair_async runs PairCreation as a chain: each
// completion (on the client's I/O thread, or inline for the embedded store) feeds the
// store's answer to the machine and submits its next step at once, so a creation needs
// no help from the element thread until its result is ready. Results reach the element
// thread through the CompletionQueue and are delivered by poll() in submission order.
// At most max_in_flight submissions may be undelivered; beyond that the async calls
// return false and submit nothing.
//
// The per-packet path allocates nothing once warm: delivered operations are reused,
// in-flight keys are counted in a fixed array of hash slots, and a read's client op is
// held until delivery so its value is copied, and the op freed, on the element thread
// (the client's I/O thread then never frees the element thread's memory).
//
// Blocking calls first wait (bounded) until every earlier submission that uses the same
// key has completed, so per-key order holds between the two interfaces; then they run
// as in SyncTier. Async submissions themselves are not held back by earlier ones on the
// same key: an element that parks a flow's packets while its lookup or creation is in
// flight never has two for one flow.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "stateless/sync_tier.hh"

namespace snf::click::stateless {

class AsyncTier : public SyncTier {
public:
    explicit AsyncTier(const TierOptions& options);
    ~AsyncTier() override;

    StateMode mode() const noexcept override { return StateMode::async; }

    TierResult get(std::span<const uint8_t> key) override;
    TierResult create_pair(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                           std::span<const uint8_t> secondary_key,
                           std::span<const uint8_t> secondary_value) override;
    TierResult put(std::span<const uint8_t> key, std::span<const uint8_t> value) override;
    TierResult touch(std::span<const uint8_t> key, std::span<const uint8_t> value) override;
    TierResult remove(std::span<const uint8_t> key) override;

    bool get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                   uint64_t cookie) override;
    bool create_pair_async(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                           std::span<const uint8_t> secondary_key,
                           std::span<const uint8_t> secondary_value, TierCallback callback,
                           void* context, uint64_t cookie) override;

private:
    struct Operation;

    // How long a blocking call waits for earlier submissions of its key: longer than a
    // creation chain takes against a store that answers within its command timeout.
    static constexpr int64_t kKeyOrderWaitMs = 8000;
    // How long the destructor lets creation chains in flight finish.
    static constexpr int64_t kCloseWaitMs = 5000;

    // Delivered operations kept for reuse; more than this many are freed.
    static constexpr std::size_t kMaxSpareOperations = 4096;
    // Slots of the per-key in-flight counts (a power of two).
    static constexpr std::size_t kKeySlots = std::size_t{1} << 16;

    void on_delivered(PendingCompletion& entry) override;
    void recycle(std::unique_ptr<PendingCompletion> entry) override;
    std::unique_ptr<Operation> take_operation(TierCallback callback, void* context, uint64_t cookie);
    static std::size_t key_slot(std::span<const uint8_t> key) noexcept;

    void submit_read(Operation& op);
    void run_creation(Operation& op);
    static void read_done(snf_op* op, int32_t status, void* user_data);
    static void creation_step_done(snf_op* op, int32_t status, void* user_data);

    void note_keys(const Operation& op, int delta);
    // Waits for earlier submissions that use `key`; false if they are still in flight.
    bool wait_for_key(std::span<const uint8_t> key);
    TierResult order_timeout();

    // Set by the destructor: creation chains stop submitting further steps.
    std::atomic<bool> closing_{false};
    // Undelivered submissions per key hash slot, so blocking calls on keys nobody
    // submitted skip the wait without scanning the queue; a fixed array, so counting
    // costs no allocation per submission.
    std::vector<uint32_t> keys_in_flight_;
    std::vector<std::unique_ptr<Operation>> spare_;
};

}  // namespace snf::click::stateless
