// What the elements that hand frames to a descriptor share (ToDevice's packet socket,
// ToHost's TAP, ToHostSniffers' packet socket): the write of one frame and the counters
// behind their count, drops and reset_counts handlers.
#pragma once

#include <cstdint>

namespace snf::click {

class Element;
class Packet;

// How writing one frame went.
enum class FrameWrite {
    written,
    queue_full,  // the descriptor's queue has no room now (EAGAIN): writable later
    failed,      // refused for good: shorter than an Ethernet header, ENOBUFS, EMSGSIZE, ...
};

// Writes `p`'s bytes, an Ethernet frame, to the non-blocking descriptor `fd` in one
// write, again when a signal interrupts it. `p` stays the caller's.
FrameWrite write_frame(int fd, const Packet* p);

// Frames written and frames dropped, with their handlers.
struct FrameCounters {
    uint64_t count = 0;
    uint64_t drops = 0;

    // A frame that was not written counts as dropped.
    void record(FrameWrite result) noexcept { result == FrameWrite::written ? ++count : ++drops; }
    // count (read), drops (read), reset_counts (write) on `element`.
    void add_handlers(Element* element);
};

}  // namespace snf::click
