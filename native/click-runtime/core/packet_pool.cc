// Per-thread packet free lists. The lists themselves are plain thread_local data (no
// constructor, so reaching them costs nothing on the fast path); a separate thread_local
// reaper with a destructor is touched only when the heap is used, and frees whatever the
// lists hold when the thread ends.
#include "packet_pool.hh"

#include <new>

namespace snf::click {
namespace {

struct FreeLists {
    Packet* packets = nullptr;
    PacketBuffer* buffers = nullptr;
    uint32_t npackets = 0;
    uint32_t nbuffers = 0;
    uint64_t packet_allocations = 0;
    uint64_t buffer_allocations = 0;
    uint64_t packets_reused = 0;
    uint64_t buffers_reused = 0;
};

thread_local FreeLists lists;

void free_all() noexcept {
    while (Packet* p = lists.packets) {
        lists.packets = p->next();
        ::operator delete(static_cast<void*>(p));
    }
    while (PacketBuffer* b = lists.buffers) {
        lists.buffers = b->next_free;
        b->~PacketBuffer();
        ::operator delete(static_cast<void*>(b));
    }
    lists.npackets = lists.nbuffers = 0;
}

struct Reaper {
    bool armed = false;
    ~Reaper() { free_all(); }
};
thread_local Reaper reaper;

void arm_reaper() noexcept {
    reaper.armed = true;
}

PacketBuffer* new_buffer(uint32_t capacity, bool pooled) noexcept {
    void* raw = ::operator new(PacketBuffer::header_size + capacity, std::nothrow);
    if (!raw)
        return nullptr;
    auto* b = new (raw) PacketBuffer;
    b->capacity = capacity;
    b->pooled = pooled;
    return b;
}

}  // namespace

// WritablePacket's constructor is private to everyone but this class; placement-new of
// a header happens only here.
WritablePacket* PacketPool::take_packet() noexcept {
    WritablePacket* p;
    if (Packet* reused = lists.packets) {
        lists.packets = reused->next_;
        --lists.npackets;
        ++lists.packets_reused;
        p = static_cast<WritablePacket*>(reused);
        p->~WritablePacket();
    } else {
        arm_reaper();
        void* raw = ::operator new(sizeof(WritablePacket), std::nothrow);
        if (!raw)
            return nullptr;
        ++lists.packet_allocations;
        p = static_cast<WritablePacket*>(raw);
    }
    return new (p) WritablePacket;
}

void PacketPool::give_packet(Packet* p) noexcept {
    if (lists.npackets < max_free) {
        p->next_ = lists.packets;
        lists.packets = p;
        ++lists.npackets;
    } else {
        ::operator delete(static_cast<void*>(p));
    }
}

PacketBuffer* PacketPool::take_buffer(uint32_t capacity) noexcept {
    if (capacity <= Packet::pooled_buffer_capacity) {
        if (PacketBuffer* b = lists.buffers) {
            lists.buffers = b->next_free;
            --lists.nbuffers;
            ++lists.buffers_reused;
            b->references = 1;
            b->next_free = nullptr;
            return b;
        }
        arm_reaper();
        PacketBuffer* b = new_buffer(Packet::pooled_buffer_capacity, true);
        if (b)
            ++lists.buffer_allocations;
        return b;
    }
    PacketBuffer* b = new_buffer(capacity, false);
    if (b)
        ++lists.buffer_allocations;
    return b;
}

void PacketPool::release_buffer(PacketBuffer* b) noexcept {
    if (--b->references != 0)
        return;
    if (b->pooled && lists.nbuffers < max_free) {
        b->next_free = lists.buffers;
        lists.buffers = b;
        ++lists.nbuffers;
        return;
    }
    b->~PacketBuffer();
    ::operator delete(static_cast<void*>(b));
}

PacketPoolStats PacketPool::stats() noexcept {
    PacketPoolStats s;
    s.packet_allocations = lists.packet_allocations;
    s.buffer_allocations = lists.buffer_allocations;
    s.packets_reused = lists.packets_reused;
    s.buffers_reused = lists.buffers_reused;
    s.free_packets = lists.npackets;
    s.free_buffers = lists.nbuffers;
    return s;
}

void PacketPool::trim() noexcept {
    free_all();
}

}  // namespace snf::click
