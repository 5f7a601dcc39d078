// FromDevice: emits the frames a Linux network interface receives (user-level, through a
// packet socket with a memory-mapped PACKET_RX_RING).
//
//   FromDevice(DEVNAME [, keywords SNIFFER, PROMISC, SNAPLEN, FORCE_IP, OUTBOUND,
//              HEADROOM, BURST, TIMESTAMP, RING_SIZE])
//
// DEVNAME names the interface, or gives its Ethernet address (00:50:ba:85:84:a9, or an
// AddressInfo name such as extern:eth), as Click's kernel FromDevice allows: an
// interface with that name wins, else the interface having that address is used.
// SNIFFER (bool, default true): when true the host stack also receives every frame, as
// with Click's user-level FromDevice. When false the frames are kept from the host stack
// (a BPF drop filter on the interface's tcx ingress hook, removed when the router stops
// or dies; needs Linux 6.6), so the router owns the interface like Click's kernel
// driver; the host can still send through it. PROMISC (bool, default false): put the
// interface in promiscuous mode while running. SNAPLEN (default 2046): longer frames are
// truncated. FORCE_IP (bool, default false): emit only IPv4 frames, with the network
// header annotation set. OUTBOUND (bool, default false): also emit frames the host sends
// on the interface.
// HEADROOM (default 48): bytes reserved in front of each packet. BURST (default 8):
// frames emitted per task run. TIMESTAMP (bool, default true): set the timestamp
// annotation to the kernel's receive time. RING_SIZE (bytes, default 33554432 = 32 MiB;
// our extension): the receive ring shared with the kernel, in 128 KiB blocks; frames
// arriving while it is full are dropped and counted in kernel_drops. A full ring also
// delays: 32 MiB holds about 180 ms of full-size frames at 1 Gbit/s.
//
// With OUTBOUND false, frames that ToDevice elements send on the same interface are not
// seen either (they are outgoing frames). Frames whose VLAN tag the kernel removed get
// it back. The task is woken by the socket's readiness and runs while frames remain.
// Ports: no inputs, one push output.
//
// Handlers: count (read) frames emitted; reset_counts (write); kernel_drops (read)
// frames the kernel dropped because the ring was full; encap (read) "ETHER"; dev_name
// (read) the interface used; scheduled, tickets (task).
#pragma once

#include <cstdint>
#include <string>

#include "devices/kernel_ingress_drop.hh"
#include "devices/packet_rx_ring.hh"
#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class FromDevice : public Element {
public:
    FromDevice();
    const char* class_name() const override { return "FromDevice"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "/h"; }
    int configure_phase() const override { return configure_phase_privileged - 1; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    bool run_task(Task* task) override;

private:
    // The frame as a new packet, or null (memory, or FORCE_IP filtered it).
    Packet* make_packet(const PacketRxRing::Frame& frame);
    uint64_t kernel_drops();

    Task task_;
    std::string devname_;
    std::string ifname_;
    int fd_ = -1;
    PacketRxRing ring_;
    KernelIngressDrop ingress_drop_;
    bool sniffer_ = true;
    bool promisc_ = false;
    bool force_ip_ = false;
    bool outbound_ = false;
    bool timestamp_ = true;
    uint32_t snaplen_ = 2046;
    uint32_t headroom_ = 48;
    uint32_t burst_ = 8;
    uint32_t ring_size_ = PacketRxRing::default_bytes;  // bytes of receive ring (RING_SIZE)
    uint64_t count_ = 0;
    uint64_t kernel_drops_ = 0;
};

}  // namespace snf::click
