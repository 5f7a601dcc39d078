// FlowTable: the native rewriter's index, an open-addressing hash table from a flow key
// to a 32-bit value (a mapping number and direction). Slots hold only the key's 32-bit
// hash and the value (8 bytes), so the whole index of tens of thousands of flows stays in
// the core's cache; the key itself is compared in the mapping the value names, which the
// packet needs next anyway. Linear probing over a power-of-two slot array kept at most
// two-thirds full, deletion by backward shifting (no tombstones); lookups allocate
// nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rewriter/flow_key.hh"

namespace snf::click::rewriter {

class FlowTable {
public:
    static constexpr uint32_t npos = ~uint32_t(0);

    explicit FlowTable(std::size_t initial_slots = 1024);

    static uint32_t hash_of(const FlowKey& key) noexcept { return uint32_t(key.hash()); }

    // The value stored for `key`, or npos. `key_of(value)` gives a stored value's key.
    template <class KeyOf>
    uint32_t find(const FlowKey& key, const KeyOf& key_of) const noexcept {
        uint32_t h = hash_of(key);
        std::size_t i = h & mask_;
        while (true) {
            const Slot& s = slots_[i];
            if (s.value == npos)
                return npos;
            if (s.hash == h && key_of(s.value) == key)
                return s.value;
            i = (i + 1) & mask_;
        }
    }

    // Adds a value for a key known to be absent.
    void insert(const FlowKey& key, uint32_t value);
    // Removes the slot holding `value` for `key`; false if there is none.
    bool erase(const FlowKey& key, uint32_t value) noexcept;
    void clear() noexcept;

    std::size_t size() const noexcept { return size_; }
    std::size_t slot_count() const noexcept { return slots_.size(); }

private:
    struct Slot {
        uint32_t hash = 0;
        uint32_t value = npos;
    };
    void grow();
    void place(uint32_t hash, uint32_t value) noexcept;

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace snf::click::rewriter
