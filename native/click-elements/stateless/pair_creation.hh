// PairCreation: the steps of FlowStateTier::create_pair as a state machine, so the
// blocking tiers run it in a loop and the async tier drives it from store completions.
//
//   1. write the secondary key, create-if-absent:
//        exists           -> secondary_taken (nothing of ours was written)
//        acknowledged     -> 2
//   2. write the primary key, create-if-absent:
//        acknowledged     -> created (both objects are ours)
//        exists           -> 3 (another instance won the flow)
//   3. read the primary:
//        found            -> 4, the result is lost_race with the winner's value
//        absent           -> the winner's object is already gone (removed or expired):
//                            back to 2, a bounded number of times
//   4. remove our secondary, only if it still holds the version we wrote, so a flow
//      that raced for the same secondary afterwards keeps its own; the result stays
//      lost_race whether or not the remove got through (the TTL reclaims it otherwise).
// Any other failure ends the creation as `unavailable` with the client's message. A
// secondary written before such a failure is left to its TTL: after a failed primary
// write the store may or may not hold our primary, so removing the secondary could
// strand a flow that was in fact created.
//
// The machine holds views of the four keys and values; they must outlive it.
#pragma once

#include <cstdint>
#include <span>

#include "stateless/flow_state_tier.hh"
#include "stateless/store_handle.hh"

namespace snf::click::stateless {

class PairCreation {
public:
    enum class Step { write_secondary, write_primary, read_primary, remove_secondary, finished };

    PairCreation(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                 std::span<const uint8_t> secondary_key, std::span<const uint8_t> secondary_value);

    Step step() const noexcept { return step_; }
    bool finished() const noexcept { return step_ == Step::finished; }

    // What the current step sends to the store.
    std::span<const uint8_t> key() const noexcept;
    std::span<const uint8_t> value() const noexcept;  // writes only
    // Rules for the current step's write or remove (create-if-absent, or the version of
    // our secondary).
    snf_reject_rules rules() const noexcept;

    // Takes the store's answer to the current step and moves on.
    void advance(const StoreReply& reply);

    // The outcome, once finished.
    const TierResult& result() const noexcept { return result_; }
    TierResult take_result() noexcept { return std::move(result_); }

private:
    // How often step 2 is retried when the winner's primary vanished before we read it.
    static constexpr int kPrimaryAttempts = 3;

    void fail(const StoreReply& reply);

    std::span<const uint8_t> primary_key_, primary_value_, secondary_key_, secondary_value_;
    Step step_ = Step::write_secondary;
    uint64_t secondary_version_ = 0;
    int primary_attempts_ = 0;
    TierResult result_;
};

// Runs a creation to its end with blocking store calls.
TierResult run_pair_creation(StoreHandle& store, uint64_t ttl_ms, std::span<const uint8_t> primary_key,
                             std::span<const uint8_t> primary_value,
                             std::span<const uint8_t> secondary_key,
                             std::span<const uint8_t> secondary_value);

// The unavailable result for a failed store reply.
TierResult unavailable_result(std::string error);

}  // namespace snf::click::stateless
