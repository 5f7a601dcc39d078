// AsyncTier implementation.
#include "stateless/async_tier.hh"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "stateless/pair_creation.hh"

namespace snf::click::stateless {
namespace {

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
// Delivered operations go back to the tier's spares and are reused, so the vectors keep
// their capacity and a warm tier submits without allocating.
struct AsyncTier::Operation : PendingCompletion {
    Operation(AsyncTier& tier, TierCallback callback, void* context, uint64_t cookie)
        : PendingCompletion(callback, context, cookie), tier(tier) {}
    ~Operation() override { snf_op_free(read_handle); }

    bool uses_key(std::span<const uint8_t> key) const override {
        return std::ranges::equal(key, primary_key) ||
               (creation.has_value() && std::ranges::equal(key, secondary_key));
    }

    AsyncTier& tier;
    std::vector<uint8_t> primary_key, primary_value, secondary_key, secondary_value;
    std::optional<PairCreation> creation;
    // A read's client op, held until delivery: its value is copied on the element thread
    // and the op is freed there too, so the client's I/O thread never frees what the
    // element thread allocated (cross-thread frees contend on the allocator's locks).
    snf_op* read_handle = nullptr;
    bool table_missing = false;  // the store lost the table: recreate it on delivery
};

// Out of line: the spare operations' type is complete only here.
AsyncTier::AsyncTier(const TierOptions& options) : SyncTier(options) {}

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

std::unique_ptr<AsyncTier::Operation> AsyncTier::take_operation(TierCallback callback, void* context,
                                                                uint64_t cookie) {
    if (spare_.empty()) return std::make_unique<Operation>(*this, callback, context, cookie);
    std::unique_ptr<Operation> op = std::move(spare_.back());
    spare_.pop_back();
    op->rearm(callback, context, cookie);
    return op;
}

void AsyncTier::recycle(std::unique_ptr<PendingCompletion> entry) {
    if (spare_.size() >= kMaxSpareOperations) return;
    std::unique_ptr<Operation> op(static_cast<Operation*>(entry.release()));
    snf_op_free(std::exchange(op->read_handle, nullptr));
    op->creation.reset();
    op->table_missing = false;
    spare_.push_back(std::move(op));
}

bool AsyncTier::get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                          uint64_t cookie) {
    if (overloaded()) return false;
    ++counters_.gets;
    std::unique_ptr<Operation> op = take_operation(callback, context, cookie);
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
    std::unique_ptr<Operation> op = take_operation(callback, context, cookie);
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
                       length_of(op.primary_key), &AsyncTier::read_done, &op, &op.read_handle);
    if (status != SNF_OK) completions_.complete(op, unavailable_result(snf_client_last_error(store_.client())));
}

// Runs on the client's I/O thread (or inline): records the outcome without allocating;
// a found value is copied from the held op on delivery, on the element thread.
void AsyncTier::read_done(snf_op* sop, int32_t status, void* user_data) {
    auto& op = *static_cast<Operation*>(user_data);
    TierResult& result = op.result;
    if (status == SNF_OK) {
        result.status = TierStatus::found;
        result.version = snf_op_version(sop);
    } else if (status == SNF_ERR_OBJECT_DOESNT_EXIST) {
        result.status = TierStatus::missing;
    } else {
        op.table_missing = status == SNF_ERR_TABLE_DOESNT_EXIST;
        result.status = TierStatus::unavailable;
        result.error = op_error(sop, status);
    }
    op.tier.completions_.publish(op);
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
    if (op.read_handle != nullptr && op.result.status == TierStatus::found) {
        const void* data = nullptr;
        uint32_t length = 0;
        if (snf_op_value(op.read_handle, &data, &length) == SNF_OK && data != nullptr) {
            const auto* bytes = static_cast<const uint8_t*>(data);
            op.result.value.assign(bytes, bytes + length);
        }
    }
    snf_op_free(std::exchange(op.read_handle, nullptr));
    const TierResult& result = op.result;
    if (op.creation.has_value())
        account_creation(result, op.primary_key, op.secondary_key);
    else if (result.status == TierStatus::unavailable)
        ++counters_.failures;
    if (op.table_missing) store_.recover_table();
}

std::size_t AsyncTier::key_slot(std::span<const uint8_t> key) noexcept {
    const std::string_view bytes(reinterpret_cast<const char*>(key.data()), key.size());
    return std::hash<std::string_view>{}(bytes) & (kKeySlots - 1);
}

void AsyncTier::note_keys(const Operation& op, int delta) {
    if (keys_in_flight_.empty()) keys_in_flight_.assign(kKeySlots, 0);
    keys_in_flight_[key_slot(op.primary_key)] += static_cast<uint32_t>(delta);
    if (op.creation.has_value()) keys_in_flight_[key_slot(op.secondary_key)] += static_cast<uint32_t>(delta);
}

bool AsyncTier::wait_for_key(std::span<const uint8_t> key) {
    // A zero count proves no submission uses the key; a non-zero one may be another
    // key's, so the queue is scanned for the real ones.
    if (keys_in_flight_.empty() || keys_in_flight_[key_slot(key)] == 0) return true;
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
    // A refresh that is not due writes nothing, so it need not wait for anything.
    if (refresh_due(key, TouchTracker::now_ms()) && !wait_for_key(key)) return order_timeout();
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
