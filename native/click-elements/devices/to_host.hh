// ToHost: hands Ethernet frames to the host's network stack through a TAP interface
// (user-level, /dev/net/tun), as if the frames had arrived on that interface.
//
//   ToHost([DEVNAME])
//
// DEVNAME names the TAP interface. A FromHost with the same DEVNAME shares it (that
// FromHost sets its addresses); otherwise ToHost creates the interface itself, brings it
// up without addresses, and it is removed when the router stops. Without DEVNAME (the
// kernel-driver form that mazu-nat.click uses), ToHost uses the device of the
// configuration's FromHost when there is exactly one, else a TAP named "tohost0"; every
// ToHost without DEVNAME shares it. The host accepts IPv4 packets for any of its own
// addresses on the TAP (and ARP replies); reverse-path filtering must be off
// (net.ipv4.conf.all.rp_filter=0), since ToHost turns it off only for the TAP itself.
// Frames must start with an Ethernet header. Like Click's kernel ToHost, which hands
// every packet to the host as addressed to it, ToHost replaces a unicast Ethernet
// destination with the TAP's own address (mazu-nat's ip_to_host frames carry the
// gateway interface's address there); broadcast and multicast destinations stay.
// Ports: one push input, no outputs.
//
// Handlers: count (read) frames written; drops (read) frames refused (shorter than an
// Ethernet header, or the TAP's queue full); reset_counts (write); dev_name (read).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "devices/frame_output.hh"
#include "snf/click/element.hh"
#include "snf/click/net_address.hh"

namespace snf::click {

class TapDevice;

class ToHost : public Element {
public:
    ToHost();
    ~ToHost() override;
    const char* class_name() const override { return "ToHost"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "h/"; }
    // After FromHost, so a shared interface already has its settings.
    int configure_phase() const override { return configure_phase_privileged + 1; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;

    static constexpr const char* default_devname = "tohost0";

private:
    std::string devname_;
    std::shared_ptr<TapDevice> tap_;
    EtherAddress tap_address_;
    FrameCounters counters_;
};

}  // namespace snf::click
