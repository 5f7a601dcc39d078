// AsyncTier implementation.
#include "stateless/async_tier.hh"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "stateless/pair_creation.hh"

namespace snf::click::stateless {
namespace {

std::string key_string(std::span<const uint8_t> key) {
    return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

std::string op_error(const snf_op* op, int32_t status) {
    const char* message = snf_op_error(op);
    if (message == nullptr || message[0] == '\0') return snf_status_message(status);
    return message;
}

// The value of a completed read (empty if there is none).
std::vector<uint8_t> op_value(const snf_op* op) {
    const void* data = nullptr;
    uint32_t length = 0;
    if (snf_op_value(op, &data, &length) != SNF_OK || data == nullptr) return {};
    const auto* bytes = static_cast<const uint8_t*>(data);
    return std::vector<uint8_t>(bytes, bytes + length);
}

}  // namespace

// One submission: owned copies of its keys and values (the creation machine views
// them), and for a creation the machine itself. After submit, only the completion
// chain touches `creation`; the element thread reads the keys, which never change.
struct AsyncTier::Operation : PendingCompletion {
    Operation(AsyncTier& tier, TierCallback callback, void* context, uint64_t cookie)
        : PendingCompletion(callback, context, cookie), tier(tier) {}

    bool uses_key(std::span<const uint8_t> key) const override {
        return std::ranges::equal(key, primary_key) ||
               (creation.has_value() && std::ranges::equal(key, secondary_key));
    }

    AsyncTier& tier;
    std::vector<uint8_t> primary_key, primary_value, secondary_key, secondary_value;
    std::optional<PairCreation> creation;
    bool table_missing = false;  // the store lost the table: recreate it on delivery
};

AsyncTier::~AsyncTier() {
    // Chains must not submit into a client that is being freed: stop them, let the ones
    // in flight end (bounded; closing the client fails whatever is left), then close.
    // The client's I/O thread is gone before the operations it completes are freed.
    closing_.store(true, std::memory_order_seq_cst);
    const auto deadline = CompletionQueue::Clock::now() + std::chrono::milliseconds(kCloseWaitMs);
    completions_.for_each([&](const PendingCompletion& entry) { completions_.wait_done(entry, deadline); });
    store_.close();
}

// ---- Submissions -------------------------------------------------------------------

bool AsyncTier::get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                          uint64_t cookie) {
    if (overloaded()) return false;
    ++counters_.gets;
    auto op = std::make_unique<Operation>(*this, callback, context, cookie);
    op->primary_key.assign(key.begin(), key.end());
    Operation& submitted = *op;
    note_keys(submitted, +1);
    completions_.push(std::move(op));  // queued first: the embedded store completes inline
    submit_read(submitted);
    return true;
}

bool AsyncTier::create_pair_async(std::span<const uint8_t> primary_key,
                                  std::span<const uint8_t> primary_value,
                                  std::span<const uint8_t> secondary_key,
                                  std::span<const uint8_t> secondary_value, TierCallback callback,
                                  void* context, uint64_t cookie) {
    if (overloaded()) return false;
    ++counters_.creates;
    auto op = std::make_unique<Operation>(*this, callback, context, cookie);
    op->primary_key.assign(primary_key.begin(), primary_key.end());
    op->primary_value.assign(primary_value.begin(), primary_value.end());
    op->secondary_key.assign(secondary_key.begin(), secondary_key.end());
    op->secondary_value.assign(secondary_value.begin(), secondary_value.end());
    op->creation.emplace(op->primary_key, op->primary_value, op->secondary_key,
                         op->secondary_value);
    Operation& submitted = *op;
    note_keys(submitted, +1);
    completions_.push(std::move(op));
    run_creation(submitted);
    return true;
}

void AsyncTier::submit_read(Operation& op) {
    const int32_t status =
        snf_async_read(store_.client(), store_.table_id(), op.primary_key.data(),
                       length_of(op.primary_key), &AsyncTier::read_done, &op, nullptr);
    if (status != SNF_OK) completions_.complete(op, unavailable_result(snf_client_last_error(store_.client())));
}

void AsyncTier::read_done(snf_op* sop, int32_t status, void* user_data) {
    auto& op = *static_cast<Operation*>(user_data);
    TierResult result;
    if (status == SNF_OK) {
        result.status = TierStatus::found;
        result.value = op_value(sop);
        result.version = snf_op_version(sop);
    } else if (status == SNF_ERR_OBJECT_DOESNT_EXIST) {
        result.status = TierStatus::missing;
    } else {
        op.table_missing = status == SNF_ERR_TABLE_DOESNT_EXIST;
        result = unavailable_result(op_error(sop, status));
    }
    op.tier.completions_.complete(op, std::move(result));
}

// Submits the creation's current step; a submission refused at once is answered here
// and the machine moves on, so the loop ends with a submitted step or a finished machine.
void AsyncTier::run_creation(Operation& op) {
    PairCreation& creation = *op.creation;
    snf_client* client = store_.client();
    while (!creation.finished()) {
        const snf_reject_rules rules = creation.rules();
        if (closing_.load(std::memory_order_seq_cst)) {
            StoreReply closed;
            closed.status = SNF_ERR_CLOSED;
            closed.error = "the flow state tier is closing";
            creation.advance(closed);
            continue;
        }
        const std::span<const uint8_t> key = creation.key();
        int32_t status = SNF_OK;
        switch (creation.step()) {
            case PairCreation::Step::write_secondary:
            case PairCreation::Step::write_primary: {
                const std::span<const uint8_t> value = creation.value();
                status = snf_async_write(client, store_.table_id(), key.data(), length_of(key),
                                         value.data(), length_of(value), &rules, options_.ttl_ms,
                                         &AsyncTier::creation_step_done, &op, nullptr);
                break;
            }
            case PairCreation::Step::read_primary:
                status = snf_async_read(client, store_.table_id(), key.data(), length_of(key),
                                        &AsyncTier::creation_step_done, &op, nullptr);
                break;
            case PairCreation::Step::remove_secondary:
                status = snf_async_remove(client, store_.table_id(), key.data(), length_of(key),
                                          &rules, &AsyncTier::creation_step_done, &op, nullptr);
                break;
            case PairCreation::Step::finished:
                break;
        }
        // Submitted: the completion continues the chain (it may already have, inline).
        if (status == SNF_OK) return;
        StoreReply refused;
        refused.status = status;
        refused.error = snf_client_last_error(client);
        creation.advance(refused);
    }
    completions_.complete(op, creation.take_result());
}

void AsyncTier::creation_step_done(snf_op* sop, int32_t status, void* user_data) {
    auto& op = *static_cast<Operation*>(user_data);
    StoreReply reply;
    reply.status = status;
    if (status == SNF_OK) {
        reply.version = snf_op_version(sop);
        if (op.creation->step() == PairCreation::Step::read_primary) reply.value = op_value(sop);
    } else {
        reply.error = op_error(sop, status);
        if (status == SNF_ERR_TABLE_DOESNT_EXIST) op.table_missing = true;
    }
    op.creation->advance(reply);
    op.tier.run_creation(op);
}

// ---- Delivery and per-key order ------------------------------------------------------

void AsyncTier::on_delivered(PendingCompletion& entry) {
    auto& op = static_cast<Operation&>(entry);
    note_keys(op, -1);
    const TierResult& result = op.result;
    if (op.creation.has_value())
        account_creation(result, op.primary_key, op.secondary_key);
    else if (result.status == TierStatus::unavailable)
        ++counters_.failures;
    if (op.table_missing) store_.recover_table();
}

void AsyncTier::note_keys(const Operation& op, int delta) {
    auto adjust = [&](const std::vector<uint8_t>& key) {
        if (delta > 0) {
            ++keys_in_flight_[key_string(key)];
            return;
        }
        auto it = keys_in_flight_.find(key_string(key));
        if (it != keys_in_flight_.end() && --it->second == 0) keys_in_flight_.erase(it);
    };
    adjust(op.primary_key);
    if (op.creation.has_value()) adjust(op.secondary_key);
}

bool AsyncTier::wait_for_key(std::span<const uint8_t> key) {
    if (keys_in_flight_.empty() || !keys_in_flight_.contains(key_string(key))) return true;
    const auto deadline =
        CompletionQueue::Clock::now() + std::chrono::milliseconds(kKeyOrderWaitMs);
    bool completed = true;
    completions_.for_each([&](const PendingCompletion& entry) {
        if (completed && entry.uses_key(key) && !entry.is_done())
            completed = completions_.wait_done(entry, deadline);
    });
    return completed;
}

TierResult AsyncTier::order_timeout() {
    ++counters_.failures;
    return unavailable_result("earlier operations on this key are still in flight after " +
                              std::to_string(kKeyOrderWaitMs) + " ms");
}

// ---- Blocking calls ------------------------------------------------------------------

TierResult AsyncTier::get(std::span<const uint8_t> key) {
    if (!wait_for_key(key)) {
        ++counters_.gets;
        return order_timeout();
    }
    return SyncTier::get(key);
}

TierResult AsyncTier::create_pair(std::span<const uint8_t> primary_key,
                                  std::span<const uint8_t> primary_value,
                                  std::span<const uint8_t> secondary_key,
                                  std::span<const uint8_t> secondary_value) {
    if (!wait_for_key(primary_key) || !wait_for_key(secondary_key)) {
        ++counters_.creates;
        return order_timeout();
    }
    return SyncTier::create_pair(primary_key, primary_value, secondary_key, secondary_value);
}

TierResult AsyncTier::put(std::span<const uint8_t> key, std::span<const uint8_t> value) {
    if (!wait_for_key(key)) {
        ++counters_.puts;
        return order_timeout();
    }
    return SyncTier::put(key, value);
}

TierResult AsyncTier::touch(std::span<const uint8_t> key, std::span<const uint8_t> value) {
    if (!wait_for_key(key)) return order_timeout();
    return SyncTier::touch(key, value);
}

TierResult AsyncTier::remove(std::span<const uint8_t> key) {
    if (!wait_for_key(key)) {
        ++counters_.removes;
        return order_timeout();
    }
    return SyncTier::remove(key);
}

}  // namespace snf::click::stateless
