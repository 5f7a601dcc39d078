// FlowTable: insertion, backward-shift deletion and growth.
#include "rewriter/flow_table.hh"

namespace snf::click::rewriter {

namespace {
std::size_t round_up_power_of_two(std::size_t n) {
    std::size_t p = 16;
    while (p < n)
        p <<= 1;
    return p;
}
}  // namespace

FlowTable::FlowTable(std::size_t initial_slots)
    : slots_(round_up_power_of_two(initial_slots)), mask_(slots_.size() - 1) {}

void FlowTable::place(uint32_t hash, uint32_t value) noexcept {
    std::size_t i = hash & mask_;
    while (slots_[i].value != npos)
        i = (i + 1) & mask_;
    slots_[i].hash = hash;
    slots_[i].value = value;
}

void FlowTable::insert(const FlowKey& key, uint32_t value) {
    if ((size_ + 1) * 3 > slots_.size() * 2)
        grow();
    place(hash_of(key), value);
    ++size_;
}

bool FlowTable::erase(const FlowKey& key, uint32_t value) noexcept {
    uint32_t h = hash_of(key);
    std::size_t i = h & mask_;
    while (true) {
        if (slots_[i].value == npos)
            return false;
        if (slots_[i].value == value)
            break;
        i = (i + 1) & mask_;
    }
    // Shift later members of the probe run back into the hole when their home slot
    // does not lie cyclically in (hole, j].
    std::size_t hole = i;
    std::size_t j = i;
    while (true) {
        j = (j + 1) & mask_;
        if (slots_[j].value == npos)
            break;
        std::size_t home = slots_[j].hash & mask_;
        bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole].value = npos;
    --size_;
    return true;
}

void FlowTable::clear() noexcept {
    for (Slot& s : slots_)
        s.value = npos;
    size_ = 0;
}

void FlowTable::grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
        if (s.value != npos)
            place(s.hash, s.value);
}

}  // namespace snf::click::rewriter
