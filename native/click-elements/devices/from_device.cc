// FromDevice: packet socket + receive ring, read from a task woken by readiness.
#include "from_device.hh"

#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "devices/net_device.hh"
#include "devices/packet_socket.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {
constexpr uint32_t ether_header_length = 14;
constexpr uint32_t max_snaplen = 65535;
constexpr uint32_t max_headroom = 4096;
constexpr uint32_t max_ring_size = 1u << 30;
}  // namespace

FromDevice::FromDevice() : task_(this) {}

int FromDevice::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string devname;
    bool sniffer = true, promisc = false, force_ip = false, outbound = false, timestamp = true;
    uint32_t snaplen = 2046, headroom = Packet::default_headroom, burst = 8;
    uint32_t ring_size = PacketRxRing::default_bytes;
    if (Args(conf, this, errh)
            .read_mp("DEVNAME", WordArg(), devname)
            .read("SNIFFER", sniffer)
            .read("PROMISC", promisc)
            .read("SNAPLEN", snaplen)
            .read("FORCE_IP", force_ip)
            .read("OUTBOUND", outbound)
            .read("HEADROOM", headroom)
            .read("BURST", burst)
            .read("TIMESTAMP", timestamp)
            .read("RING_SIZE", ring_size)
            .complete() < 0)
        return -EINVAL;
    if (snaplen < ether_header_length || snaplen > max_snaplen)
        return errh->error("SNAPLEN: must be between 14 and 65535");
    if (headroom > max_headroom)
        return errh->error("HEADROOM: out of range, bound 4096");
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    if (ring_size < PacketRxRing::block_size || ring_size > max_ring_size)
        return errh->error("RING_SIZE: must be between 131072 (one block) and 1073741824 bytes");
    devname_ = devname;
    sniffer_ = sniffer;
    promisc_ = promisc;
    snaplen_ = snaplen;
    force_ip_ = force_ip;
    outbound_ = outbound;
    headroom_ = headroom;
    burst_ = burst;
    timestamp_ = timestamp;
    ring_size_ = ring_size;
    return 0;
}

int FromDevice::initialize(ErrorHandler* errh) {
    std::string why;
    auto device = resolve_device(devname_, this, why);
    if (!device)
        return errh->error(why);
    ifname_ = device->name;
    fd_ = open_packet_socket(device->ifindex,
                             outbound_ ? PacketSocketUse::receive_with_outgoing : PacketSocketUse::receive, why);
    if (fd_ < 0)
        return errh->error(ifname_ + ": " + why);
    if (promisc_ && set_packet_socket_promiscuous(fd_, device->ifindex, true) < 0)
        return errh->error(ifname_ + ": cannot enter promiscuous mode: " + std::strerror(errno));
    if (!ring_.open(fd_, snaplen_, ring_size_, why))
        return errh->error(ifname_ + ": " + why);
    if (!sniffer_ && !ingress_drop_.attach(device->ifindex, why))
        return errh->error(ifname_ + ": SNIFFER false: " + why);
    task_.initialize(this, true);
    router()->scheduler().set_select(fd_, Scheduler::select_read, [this](int, int) { task_.reschedule(); });
    return 0;
}

void FromDevice::cleanup(CleanupStage) {
    ingress_drop_.detach();
    ring_.close();
    if (fd_ >= 0) {
        if (router())
            router()->scheduler().remove_select(fd_);
        close(fd_);
        fd_ = -1;
    }
}

Packet* FromDevice::make_packet(const PacketRxRing::Frame& frame) {
    const bool restore_vlan = frame.vlan_valid && frame.captured >= 12;
    const uint32_t length = frame.captured + (restore_vlan ? 4 : 0);
    uint32_t ip_header_length = 0;
    if (force_ip_) {
        // IPv4 behind a plain Ethernet header, with a header length that fits; checked on
        // the ring's bytes so other frames cost no packet. A restored tag puts its TPID
        // where the EtherType would be.
        const unsigned char* in = frame.data;
        const bool ipv4 = !restore_vlan && length >= ether_header_length + 20 && in[12] == 0x08 &&
                          in[13] == 0x00 && (in[14] >> 4) == 4;
        ip_header_length = ipv4 ? uint32_t(in[14] & 0x0F) * 4 : 0;
        if (!ipv4 || ip_header_length < 20 || ether_header_length + ip_header_length > length)
            return nullptr;
    }
    // The common untagged frame is copied once, by Packet::make itself.
    WritablePacket* p = Packet::make(headroom_, restore_vlan ? nullptr : frame.data, length, 0);
    if (!p)
        return nullptr;
    unsigned char* out = p->data();
    if (restore_vlan) {
        std::memcpy(out, frame.data, 12);
        out[12] = uint8_t(frame.vlan_tpid >> 8);
        out[13] = uint8_t(frame.vlan_tpid);
        out[14] = uint8_t(frame.vlan_tci >> 8);
        out[15] = uint8_t(frame.vlan_tci);
        std::memcpy(out + 16, frame.data + 12, frame.captured - 12);
    }
    p->set_mac_header(out);
    if (timestamp_)
        p->set_timestamp_anno(Timestamp::from_nsec(frame.timestamp_nsec));
    if (force_ip_)
        p->set_network_header(out + ether_header_length, ip_header_length);
    return p;
}

bool FromDevice::run_task(Task*) {
    uint32_t n = 0;
    PacketRxRing::Frame frame;
    while (n < burst_ && ring_.next(frame)) {
        ++n;
        if (!outbound_ && frame.packet_type == PACKET_OUTGOING) {
            ring_.release();
            continue;
        }
        Packet* p = make_packet(frame);
        ring_.release();
        if (p) {
            ++count_;
            output(0).push(p);
        }
    }
    // A full burst may have left frames behind; otherwise readiness wakes the task.
    if (n == burst_) {
        task_.fast_reschedule();
    } else if (n == 0) {
        // Woken without frames: a pending socket error (the interface went down or
        // away) keeps poll() reporting the socket; reading the error clears it.
        int error = 0;
        socklen_t length = sizeof error;
        (void) getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    }
    return n > 0;
}

uint64_t FromDevice::kernel_drops() {
    if (fd_ >= 0) {
        int64_t drops = packet_socket_drops(fd_);
        if (drops > 0)
            kernel_drops_ += uint64_t(drops);
    }
    return kernel_drops_;
}

void FromDevice::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        kernel_drops();
        kernel_drops_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("kernel_drops", [this] { return std::to_string(kernel_drops()); });
    add_read_handler("encap", [] { return std::string("ETHER"); }, Handler::calm);
    add_read_handler("dev_name", [this] { return ifname_; }, Handler::calm);
    add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(FromDevice)

}  // namespace snf::click
