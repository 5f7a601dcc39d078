// ToHostSniffers: shows packets to packet sniffers on the host (tcpdump, wireshark)
// without the host's network stack acting on them.
//
//   ToHostSniffers([DEVNAME])
//
// Click's kernel driver makes the packets appear on device DEVNAME for sniffers only. A
// user-level router cannot inject frames into a real interface that way, so the packets
// go to a TAP interface of their own instead, which exists while the router runs:
//   - ToHostSniffers(DEVNAME), DEVNAME an interface name or Ethernet address (as for
//     FromDevice, e.g. extern:eth): "sn-" followed by the interface's name, cut to 15
//     characters ("sn-gw-ext" for gw-ext);
//   - ToHostSniffers without DEVNAME: "sniffers".
// Watch them with `tcpdump -i sn-gw-ext` (or -i sniffers). Each packet is sent out the
// TAP as an outgoing frame: sniffers see it, and the TAP driver discards it before
// anything could read it back, so no part of the host stack receives it. The TAP has no
// addresses and IPv6 is disabled on it, so the host sends nothing of its own there.
// Ports: one push input, no outputs.
//
// Handlers: count (read) packets shown; drops (read) packets that could not be sent;
// reset_counts (write); dev_name (read) the sniffer interface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "devices/frame_output.hh"
#include "snf/click/element.hh"

namespace snf::click {

class TapDevice;

class ToHostSniffers : public Element {
public:
    ToHostSniffers();
    ~ToHostSniffers() override;
    const char* class_name() const override { return "ToHostSniffers"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "h/"; }
    int configure_phase() const override { return configure_phase_privileged; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;

    // The sniffer interface's name for a device (empty: the shared default).
    static std::string sniffer_devname(const std::string& device_name);

private:
    std::string devname_;
    std::string sniffer_name_;
    std::shared_ptr<TapDevice> tap_;
    int fd_ = -1;
    FrameCounters counters_;
};

}  // namespace snf::click
