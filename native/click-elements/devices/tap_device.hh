// TapDevice: a Linux TAP interface (/dev/net/tun, IFF_TAP | IFF_NO_PI) through which the
// router exchanges Ethernet frames with the host's network stack. A TAP interface takes
// one descriptor, so every element of the process that names the same device (FromHost,
// ToHost, ToHostSniffers) shares one TapDevice: open() returns the existing one while any
// user holds it. The interface lives as long as the descriptor: it disappears when the
// last user releases it or the process exits.
#pragma once

#include <memory>
#include <string>

#include "snf/click/net_address.hh"

namespace snf::click {

class TapDevice {
public:
    // The TAP called `name` (at most 15 characters), created or attached to. Null with
    // `error` set on failure.
    static std::shared_ptr<TapDevice> open(const std::string& name, std::string& error);
    ~TapDevice();
    TapDevice(const TapDevice&) = delete;
    TapDevice& operator=(const TapDevice&) = delete;

    int fd() const noexcept { return fd_; }
    const std::string& name() const noexcept { return name_; }
    int ifindex() const noexcept { return ifindex_; }

    // Interface settings; each returns 0 or a negative errno.
    int set_ether_address(const EtherAddress& address);
    int set_ip_prefix(const IPPrefix& prefix);
    int set_up();
    int mtu() const;
    // Frames the host transmits on the interface are dropped by the TAP driver before
    // reaching the descriptor (packet sockets such as tcpdump still see them).
    int drop_transmitted_frames();
    // Writes a per-interface sysctl under /proc/sys/net/<family>/conf/<name>/ (best
    // effort: returns false when the file cannot be written).
    bool set_conf(const char* family, const char* setting, const char* value) const;

private:
    TapDevice(std::string name, int fd, int ifindex) : name_(std::move(name)), fd_(fd), ifindex_(ifindex) {}

    std::string name_;
    int fd_ = -1;
    int ifindex_ = 0;
};

}  // namespace snf::click
