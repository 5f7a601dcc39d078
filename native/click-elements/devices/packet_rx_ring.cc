// TPACKET_V2 receive ring: setup, frame walk, release.
#include "packet_rx_ring.hh"

#include <linux/if_packet.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace snf::click {

bool PacketRxRing::open(int fd, uint32_t snaplen, uint32_t ring_bytes, std::string& error) {
    close();
    int version = TPACKET_V2;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0) {
        error = std::string("PACKET_VERSION: ") + std::strerror(errno);
        return false;
    }
    // The kernel puts the frame after the header, the sockaddr_ll and room for a
    // re-inserted VLAN tag; leave that much in front of `snaplen` bytes of frame.
    const uint32_t header_room = TPACKET_ALIGN(TPACKET2_HDRLEN + 16);
    uint32_t frame_size = TPACKET_ALIGN(header_room + snaplen + 16);
    if (frame_size > block_size) {
        error = "SNAPLEN too large for the receive ring";
        return false;
    }
    const uint32_t block_count = ring_bytes / block_size;
    if (block_count == 0) {
        error = "receive ring smaller than one 128 KiB block";
        return false;
    }
    tpacket_req req;
    std::memset(&req, 0, sizeof req);
    req.tp_block_size = block_size;
    req.tp_block_nr = block_count;
    req.tp_frame_size = frame_size;
    req.tp_frame_nr = (block_size / frame_size) * block_count;
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        error = std::string("PACKET_RX_RING: ") + std::strerror(errno);
        return false;
    }
    const std::size_t size = std::size_t(req.tp_block_size) * req.tp_block_nr;
    void* map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        error = std::string("mmap receive ring: ") + std::strerror(errno);
        return false;
    }
    map_ = static_cast<unsigned char*>(map);
    map_size_ = size;
    block_size_ = req.tp_block_size;
    frame_size_ = req.tp_frame_size;
    frames_per_block_ = req.tp_block_size / req.tp_frame_size;
    frame_count_ = req.tp_frame_nr;
    current_ = 0;
    return true;
}

void PacketRxRing::close() {
    if (map_)
        munmap(map_, map_size_);
    map_ = nullptr;
    map_size_ = 0;
    frame_count_ = 0;
    current_ = 0;
}

unsigned char* PacketRxRing::frame_at(uint32_t index) const noexcept {
    return map_ + std::size_t(index / frames_per_block_) * block_size_ +
           std::size_t(index % frames_per_block_) * frame_size_;
}

bool PacketRxRing::next(Frame& frame) {
    if (!map_)
        return false;
    unsigned char* base = frame_at(current_);
    auto* header = reinterpret_cast<tpacket2_hdr*>(base);
    // The status word hands the frame between kernel and user; read it with acquire
    // ordering so the frame's bytes are seen after it.
    const uint32_t status = __atomic_load_n(&header->tp_status, __ATOMIC_ACQUIRE);
    if (!(status & TP_STATUS_USER))
        return false;
    // Offsets come from the kernel but are checked anyway: never read past the frame.
    uint32_t mac = header->tp_mac;
    uint32_t captured = header->tp_snaplen;
    if (mac >= frame_size_)
        captured = 0, mac = 0;
    else if (captured > frame_size_ - mac)
        captured = frame_size_ - mac;
    frame.data = base + mac;
    frame.captured = captured;
    frame.wire_length = header->tp_len;
    frame.timestamp_nsec = int64_t(header->tp_sec) * 1000000000 + int64_t(header->tp_nsec);
    const auto* sll = reinterpret_cast<const sockaddr_ll*>(base + TPACKET_ALIGN(sizeof(tpacket2_hdr)));
    frame.packet_type = sll->sll_pkttype;
    frame.vlan_valid = (status & TP_STATUS_VLAN_VALID) != 0;
    frame.vlan_tci = header->tp_vlan_tci;
    frame.vlan_tpid = (status & TP_STATUS_VLAN_TPID_VALID) ? header->tp_vlan_tpid : 0x8100;
    return true;
}

void PacketRxRing::release() {
    if (!map_)
        return;
    auto* header = reinterpret_cast<tpacket2_hdr*>(frame_at(current_));
    __atomic_store_n(&header->tp_status, uint32_t(TP_STATUS_KERNEL), __ATOMIC_RELEASE);
    current_ = current_ + 1 == frame_count_ ? 0 : current_ + 1;
}

}  // namespace snf::click
