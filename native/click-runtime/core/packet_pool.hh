// Per-thread free lists of packet headers and standard-size buffers. make() and kill()
// go through here, so after warm-up the packet path allocates nothing. The lists are
// bounded (a burst that frees many packets returns the excess to the heap) and are
// released when the thread exits.
#pragma once

#include <cstdint>

#include "snf/click/packet.hh"

namespace snf::click {

class PacketPool {
public:
    // Most headers and buffers each thread keeps for reuse.
    static constexpr uint32_t max_free = 8192;

    // A header with cleared annotations and no buffer; null when memory runs out.
    static WritablePacket* take_packet() noexcept;
    static void give_packet(Packet* p) noexcept;
    // A buffer of at least `capacity` bytes with one reference; null when memory runs out.
    static PacketBuffer* take_buffer(uint32_t capacity) noexcept;
    // Drops one reference; the buffer is recycled when it was the last.
    static void release_buffer(PacketBuffer* b) noexcept;

    static PacketPoolStats stats() noexcept;
    static void trim() noexcept;
};

}  // namespace snf::click
