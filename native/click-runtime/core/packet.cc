// Packet operations that are not inline: creation, cloning, copying shared or too-small
// buffers, freeing. Header offsets are relative to the buffer start, so a copy keeps them
// valid by preserving the layout (or shifting them by the added headroom).
#include <algorithm>
#include <new>

#include "packet_pool.hh"
#include "snf/click/packet.hh"

namespace snf::click {

WritablePacket* Packet::make(uint32_t headroom, const void* data, uint32_t length, uint32_t tailroom) {
    const uint64_t needed = uint64_t(headroom) + length + tailroom;
    if (needed > max_buffer_capacity)
        return nullptr;
    WritablePacket* p = PacketPool::take_packet();
    if (!p)
        return nullptr;
    PacketBuffer* b = PacketPool::take_buffer(uint32_t(needed));
    if (!b) {
        PacketPool::give_packet(p);
        return nullptr;
    }
    p->buffer_ = b;
    p->head_ = b->bytes();
    p->end_ = p->head_ + b->capacity;
    p->data_ = p->head_ + headroom;
    p->tail_ = p->data_ + length;
    if (length) {
        if (data)
            std::memcpy(p->data_, data, length);
        else
            std::memset(p->data_, 0, length);
    }
    return p;
}

void Packet::kill() {
    PacketPool::release_buffer(buffer_);
    PacketPool::give_packet(this);
}

Packet* Packet::clone() {
    WritablePacket* c = PacketPool::take_packet();
    if (!c)
        return nullptr;
    ++buffer_->references;
    c->buffer_ = buffer_;
    c->head_ = head_;
    c->end_ = end_;
    c->data_ = data_;
    c->tail_ = tail_;
    c->mac_ = mac_;
    c->nh_ = nh_;
    c->th_ = th_;
    c->timestamp_ = timestamp_;
    std::memcpy(c->anno_, anno_, anno_size);
    return c;
}

bool Packet::reallocate(uint32_t min_headroom, uint32_t min_tailroom) noexcept {
    const uint32_t old_headroom = headroom();
    const uint32_t old_tailroom = tailroom();
    // Leave the default headroom in front of a grown front so the next push is cheap.
    uint32_t shift = 0;
    if (min_headroom > old_headroom)
        shift = min_headroom - old_headroom + default_headroom;
    uint32_t grow_tail = min_tailroom > old_tailroom ? min_tailroom - old_tailroom : 0;
    const uint64_t capacity = uint64_t(buffer_length()) + shift + grow_tail;
    if (capacity > max_buffer_capacity)
        return false;
    PacketBuffer* b = PacketPool::take_buffer(uint32_t(capacity));
    if (!b)
        return false;
    unsigned char* new_head = b->bytes();
    // Copy everything up to the data's end so headers in the headroom survive.
    std::memcpy(new_head + shift, head_, size_t(tail_ - head_));
    const uint32_t data_offset = old_headroom + shift;
    const uint32_t length = this->length();
    PacketPool::release_buffer(buffer_);
    buffer_ = b;
    head_ = new_head;
    end_ = new_head + b->capacity;
    data_ = head_ + data_offset;
    tail_ = data_ + length;
    if (shift) {
        if (mac_ >= 0)
            mac_ += int32_t(shift);
        if (nh_ >= 0)
            nh_ += int32_t(shift);
        if (th_ >= 0)
            th_ += int32_t(shift);
    }
    return true;
}

WritablePacket* Packet::uniqueify() {
    if (!shared())
        return static_cast<WritablePacket*>(this);
    if (!reallocate(0, 0)) {
        kill();
        return nullptr;
    }
    return static_cast<WritablePacket*>(this);
}

void Packet::clear_annotations() noexcept {
    std::memset(anno_, 0, anno_size);
    timestamp_ = Timestamp();
    mac_ = nh_ = th_ = -1;
}

void Packet::copy_annotations(const Packet* other) noexcept {
    if (!other || other == this)
        return;
    std::memcpy(anno_, other->anno_, anno_size);
    timestamp_ = other->timestamp_;
}

PacketPoolStats Packet::pool_stats() noexcept {
    return PacketPool::stats();
}

void Packet::trim_pool() noexcept {
    PacketPool::trim();
}

}  // namespace snf::click
