// FromHost: creates a TAP interface and emits the Ethernet frames the host's network
// stack sends through it (user-level, /dev/net/tun).
//
//   FromHost(DEVNAME [, DST, keywords ETHER, HEADROOM, BURST])
//
// DEVNAME (at most 15 characters) names the TAP interface, created when the router
// starts and removed when it stops. DST (IP prefix, "10.0.0.1/8"): the address and
// netmask the interface gets, so the host routes DST's network through it. ETHER: the
// interface's Ethernet address (default: the kernel's random one). HEADROOM (default
// 48) bytes reserved in front of each packet; BURST (default 8) frames per task run.
// The interface is brought up. ToHost elements with the same DEVNAME write into the
// same interface. Ports: no inputs, one push output.
//
// Handlers: count (read) frames emitted; reset_counts (write); dev_name (read);
// scheduled, tickets (task).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "snf/click/element.hh"
#include "snf/click/net_address.hh"
#include "snf/click/task.hh"

namespace snf::click {

class TapDevice;

class FromHost : public Element {
public:
    FromHost();
    ~FromHost() override;
    const char* class_name() const override { return "FromHost"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "/h"; }
    int configure_phase() const override { return configure_phase_privileged; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    bool run_task(Task* task) override;

    const std::string& devname() const noexcept { return devname_; }

private:
    Task task_;
    std::string devname_;
    std::optional<IPPrefix> destination_;
    std::optional<EtherAddress> ether_;
    uint32_t headroom_ = 48;
    uint32_t burst_ = 8;
    uint32_t frame_capacity_ = 1518;
    std::shared_ptr<TapDevice> tap_;
    uint64_t count_ = 0;
};

}  // namespace snf::click
