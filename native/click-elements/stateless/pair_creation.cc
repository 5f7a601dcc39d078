// PairCreation implementation and its blocking driver.
#include "stateless/pair_creation.hh"

#include <algorithm>
#include <utility>

namespace snf::click::stateless {

TierResult unavailable_result(std::string error) {
    TierResult result;
    result.status = TierStatus::unavailable;
    result.error = std::move(error);
    return result;
}

PairCreation::PairCreation(std::span<const uint8_t> primary_key,
                           std::span<const uint8_t> primary_value,
                           std::span<const uint8_t> secondary_key,
                           std::span<const uint8_t> secondary_value)
    : primary_key_(primary_key),
      primary_value_(primary_value),
      secondary_key_(secondary_key),
      secondary_value_(secondary_value) {
    // With one key for both objects the secondary would always look like the winner.
    if (std::ranges::equal(primary_key, secondary_key)) {
        result_ = unavailable_result("the primary and secondary keys are the same");
        step_ = Step::finished;
    }
}

std::span<const uint8_t> PairCreation::key() const noexcept {
    switch (step_) {
        case Step::write_secondary:
        case Step::remove_secondary: return secondary_key_;
        case Step::write_primary:
        case Step::read_primary: return primary_key_;
        case Step::finished: break;
    }
    return {};
}

std::span<const uint8_t> PairCreation::value() const noexcept {
    if (step_ == Step::write_secondary) return secondary_value_;
    if (step_ == Step::write_primary) return primary_value_;
    return {};
}

snf_reject_rules PairCreation::rules() const noexcept {
    if (step_ == Step::remove_secondary) return only_version_rules(secondary_version_);
    return create_if_absent_rules();
}

void PairCreation::fail(const StoreReply& reply) {
    result_ = unavailable_result(reply.error.empty() ? std::string(snf_status_message(reply.status))
                                                     : reply.error);
    step_ = Step::finished;
}

void PairCreation::advance(const StoreReply& reply) {
    switch (step_) {
        case Step::write_secondary:
            if (reply.status == SNF_OK) {
                secondary_version_ = reply.version;
                step_ = Step::write_primary;
            } else if (reply.status == SNF_ERR_OBJECT_EXISTS) {
                result_ = TierResult{};
                result_.status = TierStatus::secondary_taken;
                step_ = Step::finished;
            } else {
                fail(reply);
            }
            break;
        case Step::write_primary:
            ++primary_attempts_;
            if (reply.status == SNF_OK) {
                result_ = TierResult{};
                result_.status = TierStatus::created;
                result_.version = reply.version;
                step_ = Step::finished;
            } else if (reply.status == SNF_ERR_OBJECT_EXISTS) {
                step_ = Step::read_primary;
            } else {
                fail(reply);
            }
            break;
        case Step::read_primary:
            if (reply.status == SNF_OK) {
                result_ = TierResult{};
                result_.status = TierStatus::lost_race;
                result_.value = reply.value;
                result_.version = reply.version;
                step_ = Step::remove_secondary;
            } else if (reply.status == SNF_ERR_OBJECT_DOESNT_EXIST &&
                       primary_attempts_ < kPrimaryAttempts) {
                step_ = Step::write_primary;
            } else if (reply.status == SNF_ERR_OBJECT_DOESNT_EXIST) {
                StoreReply gone = reply;
                gone.error = "the primary key kept disappearing between create and read";
                fail(gone);
            } else {
                fail(reply);
            }
            break;
        case Step::remove_secondary:
            step_ = Step::finished;
            break;
        case Step::finished:
            break;
    }
}

TierResult run_pair_creation(StoreHandle& store, uint64_t ttl_ms, std::span<const uint8_t> primary_key,
                             std::span<const uint8_t> primary_value,
                             std::span<const uint8_t> secondary_key,
                             std::span<const uint8_t> secondary_value) {
    PairCreation creation(primary_key, primary_value, secondary_key, secondary_value);
    while (!creation.finished()) {
        const snf_reject_rules rules = creation.rules();
        switch (creation.step()) {
            case PairCreation::Step::write_secondary:
            case PairCreation::Step::write_primary:
                creation.advance(store.write(creation.key(), creation.value(), &rules, ttl_ms));
                break;
            case PairCreation::Step::read_primary:
                creation.advance(store.read(creation.key()));
                break;
            case PairCreation::Step::remove_secondary:
                creation.advance(store.remove(creation.key(), &rules));
                break;
            case PairCreation::Step::finished:
                break;
        }
    }
    return creation.take_result();
}

}  // namespace snf::click::stateless
