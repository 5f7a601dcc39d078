// Packet: one contiguous data buffer with headroom before the data and tailroom after it,
// plus the annotations Click elements rely on (timestamp, header offsets, destination IP
// address, paint, a 48-byte annotation area laid out like Click's).
//
// Buffers are reference counted so clone() is cheap: a clone shares the bytes and gets
// its own annotations. Anything that writes bytes goes through a WritablePacket, which
// uniqueify() (or push()/put()) returns after copying a shared buffer. Packet headers and
// buffers of the standard size come from a per-thread free list, so the packet path of a
// warmed-up router never calls malloc. Buffer reference counts are not atomic: a packet
// and its clones belong to one router thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "snf/click/timestamp.hh"

namespace snf::click {

class WritablePacket;

// The shared byte storage behind packets: a reference count and the capacity, followed
// (at a 64-byte offset, for alignment) by the bytes themselves.
struct PacketBuffer {
    static constexpr std::size_t header_size = 64;
    uint32_t references = 1;
    uint32_t capacity = 0;
    bool pooled = false;
    PacketBuffer* next_free = nullptr;
    unsigned char* bytes() noexcept { return reinterpret_cast<unsigned char*>(this) + header_size; }
};
static_assert(sizeof(PacketBuffer) <= PacketBuffer::header_size);

// Counters of the calling thread's packet free lists.
struct PacketPoolStats {
    uint64_t packet_allocations = 0;  // packet headers obtained from the heap
    uint64_t buffer_allocations = 0;  // data buffers obtained from the heap
    uint64_t packets_reused = 0;      // headers taken from the free list
    uint64_t buffers_reused = 0;      // standard buffers taken from the free list
    uint32_t free_packets = 0;        // headers waiting on the free list now
    uint32_t free_buffers = 0;        // standard buffers waiting on the free list now
};

// Offsets into the annotation area, as in Click's packet_anno.hh.
enum : uint32_t {
    kDstIpAnnoOffset = 0,
    kDstIpAnnoSize = 4,
    kPaintAnnoOffset = 16,
    kPaintAnnoSize = 1,
};

class Packet {
public:
    static constexpr uint32_t default_headroom = 48;
    static constexpr uint32_t anno_size = 48;
    // Total bytes (headroom + data + tailroom) of a buffer that comes from the free list.
    static constexpr uint32_t pooled_buffer_capacity = 2048;
    // Largest packet buffer make() accepts.
    static constexpr uint32_t max_buffer_capacity = 16u << 20;

    // New packet of `length` bytes copied from `data` (zeroed when data is null), with at
    // least `headroom` and `tailroom` bytes around it. Annotations start cleared. Returns
    // null when memory runs out or the sizes exceed max_buffer_capacity.
    static WritablePacket* make(uint32_t headroom, const void* data, uint32_t length, uint32_t tailroom);
    static WritablePacket* make(const void* data, uint32_t length) { return make(default_headroom, data, length, 0); }
    static WritablePacket* make(uint32_t length) { return make(default_headroom, nullptr, length, 0); }

    // Frees the packet (its buffer when no clone still uses it).
    void kill();

    const unsigned char* data() const noexcept { return data_; }
    const unsigned char* end_data() const noexcept { return tail_; }
    uint32_t length() const noexcept { return uint32_t(tail_ - data_); }
    uint32_t headroom() const noexcept { return uint32_t(data_ - head_); }
    uint32_t tailroom() const noexcept { return uint32_t(end_ - tail_); }
    const unsigned char* buffer() const noexcept { return head_; }
    uint32_t buffer_length() const noexcept { return uint32_t(end_ - head_); }
    // True when a clone shares this packet's bytes.
    bool shared() const noexcept;

    // A packet sharing these bytes with its own copy of the annotations; null on
    // allocation failure (this packet is unchanged).
    Packet* clone();
    // This packet with bytes nobody else shares (copied if needed). Consumes the packet;
    // on allocation failure the packet is freed and null returned.
    WritablePacket* uniqueify();
    // Prepends n bytes (headroom shrinks, or the bytes move to a larger buffer). Consumes
    // the packet; null and freed on allocation failure.
    WritablePacket* push(uint32_t n);
    // Removes n bytes from the front (at most length()).
    void pull(uint32_t n) noexcept {
        if (n > length())
            n = length();
        data_ += n;
    }
    // Appends n bytes (tailroom shrinks, or the bytes move). Consumes the packet; null and
    // freed on allocation failure.
    WritablePacket* put(uint32_t n);
    // Removes n bytes from the end (at most length()).
    void take(uint32_t n) noexcept {
        if (n > length())
            n = length();
        tail_ -= n;
    }

    // Header annotations, kept as offsets into the buffer so they survive copies.
    bool has_mac_header() const noexcept { return mac_ >= 0; }
    const unsigned char* mac_header() const noexcept { return mac_ >= 0 ? head_ + mac_ : nullptr; }
    void set_mac_header(const unsigned char* p) noexcept { mac_ = offset_of(p); }
    bool has_network_header() const noexcept { return nh_ >= 0; }
    const unsigned char* network_header() const noexcept { return nh_ >= 0 ? head_ + nh_ : nullptr; }
    // Offset of the network header from data(); negative when it lies in the headroom.
    int network_header_offset() const noexcept { return int(nh_ - (data_ - head_)); }
    uint32_t network_header_length() const noexcept {
        return (nh_ >= 0 && th_ >= nh_) ? uint32_t(th_ - nh_) : 0;
    }
    void set_network_header(const unsigned char* p, uint32_t length) noexcept {
        nh_ = offset_of(p);
        th_ = nh_ >= 0 ? nh_ + int32_t(length) : -1;
    }
    bool has_transport_header() const noexcept { return th_ >= 0; }
    const unsigned char* transport_header() const noexcept { return th_ >= 0 ? head_ + th_ : nullptr; }
    int transport_header_offset() const noexcept { return int(th_ - (data_ - head_)); }
    void set_transport_header(const unsigned char* p) noexcept { th_ = offset_of(p); }
    void clear_headers() noexcept { mac_ = nh_ = th_ = -1; }

    Timestamp timestamp_anno() const noexcept { return timestamp_; }
    void set_timestamp_anno(Timestamp t) noexcept { timestamp_ = t; }

    // The destination IP address annotation, in network byte order.
    uint32_t dst_ip_anno() const noexcept { return anno_u32(kDstIpAnnoOffset); }
    void set_dst_ip_anno(uint32_t network_order_address) noexcept {
        set_anno_u32(kDstIpAnnoOffset, network_order_address);
    }
    uint8_t paint_anno() const noexcept { return anno_[kPaintAnnoOffset]; }
    void set_paint_anno(uint8_t color) noexcept { anno_[kPaintAnnoOffset] = color; }

    // The user annotation area (anno_size bytes); offsets past it are the caller's bug,
    // so every accessor clamps them into range rather than touching other memory.
    const unsigned char* anno() const noexcept { return anno_; }
    unsigned char* anno() noexcept { return anno_; }
    uint8_t anno_u8(uint32_t offset) const noexcept { return anno_[clamp(offset, 1)]; }
    void set_anno_u8(uint32_t offset, uint8_t v) noexcept { anno_[clamp(offset, 1)] = v; }
    uint16_t anno_u16(uint32_t offset) const noexcept { return read_anno<uint16_t>(offset); }
    void set_anno_u16(uint32_t offset, uint16_t v) noexcept { write_anno(offset, v); }
    uint32_t anno_u32(uint32_t offset) const noexcept { return read_anno<uint32_t>(offset); }
    void set_anno_u32(uint32_t offset, uint32_t v) noexcept { write_anno(offset, v); }
    uint64_t anno_u64(uint32_t offset) const noexcept { return read_anno<uint64_t>(offset); }
    void set_anno_u64(uint32_t offset, uint64_t v) noexcept { write_anno(offset, v); }
    // Clears the annotation area, the timestamp and the header offsets.
    void clear_annotations() noexcept;
    // Copies annotations and timestamp (not header offsets) from another packet.
    void copy_annotations(const Packet* other) noexcept;

    // Link for elements that keep packets in lists (queues).
    Packet* next() const noexcept { return next_; }
    void set_next(Packet* p) noexcept { next_ = p; }

    // Counters of the calling thread's free lists.
    static PacketPoolStats pool_stats() noexcept;
    // Returns the calling thread's free headers and buffers to the heap.
    static void trim_pool() noexcept;

protected:
    Packet() = default;
    ~Packet() = default;
    Packet(const Packet&) = delete;
    Packet& operator=(const Packet&) = delete;

    int32_t offset_of(const unsigned char* p) const noexcept {
        return (p && p >= head_ && p <= end_) ? int32_t(p - head_) : -1;
    }
    static constexpr uint32_t clamp(uint32_t offset, uint32_t size) noexcept {
        return offset <= anno_size - size ? offset : anno_size - size;
    }
    template <class T>
    T read_anno(uint32_t offset) const noexcept {
        T v;
        std::memcpy(&v, anno_ + clamp(offset, sizeof(T)), sizeof(T));
        return v;
    }
    template <class T>
    void write_anno(uint32_t offset, T v) noexcept {
        std::memcpy(anno_ + clamp(offset, sizeof(T)), &v, sizeof(T));
    }

    // Moves the bytes into a new buffer with at least the given room around the data.
    bool reallocate(uint32_t min_headroom, uint32_t min_tailroom) noexcept;

    PacketBuffer* buffer_ = nullptr;
    unsigned char* head_ = nullptr;
    unsigned char* end_ = nullptr;
    unsigned char* data_ = nullptr;
    unsigned char* tail_ = nullptr;
    int32_t mac_ = -1;
    int32_t nh_ = -1;
    int32_t th_ = -1;
    Timestamp timestamp_;
    Packet* next_ = nullptr;
    alignas(8) unsigned char anno_[anno_size] = {};

    friend class PacketPool;
};

// A packet whose bytes may be written.
class WritablePacket : public Packet {
public:
    unsigned char* data() const noexcept { return data_; }
    unsigned char* end_data() const noexcept { return tail_; }
    unsigned char* buffer() const noexcept { return head_; }
    unsigned char* network_header() const noexcept { return nh_ >= 0 ? head_ + nh_ : nullptr; }
    unsigned char* transport_header() const noexcept { return th_ >= 0 ? head_ + th_ : nullptr; }
    unsigned char* mac_header() const noexcept { return mac_ >= 0 ? head_ + mac_ : nullptr; }

private:
    WritablePacket() = default;
    friend class PacketPool;
};

inline bool Packet::shared() const noexcept {
    return buffer_->references > 1;
}

inline WritablePacket* Packet::push(uint32_t n) {
    if (n <= headroom() && !shared()) {
        data_ -= n;
        return static_cast<WritablePacket*>(this);
    }
    if (!reallocate(n, 0)) {
        kill();
        return nullptr;
    }
    data_ -= n;
    return static_cast<WritablePacket*>(this);
}

inline WritablePacket* Packet::put(uint32_t n) {
    if (n <= tailroom() && !shared()) {
        tail_ += n;
        return static_cast<WritablePacket*>(this);
    }
    if (!reallocate(0, n)) {
        kill();
        return nullptr;
    }
    tail_ += n;
    return static_cast<WritablePacket*>(this);
}

}  // namespace snf::click
