// KernelIngressDrop: keeps the host's network stack from processing the frames an
// interface receives, while packet sockets (FromDevice, tcpdump) still get them. This is
// what FromDevice(..., SNIFFER false) uses, so a userlevel router can own an interface
// the way Click's kernel driver does.
//
// How: a two-instruction BPF program that returns "drop" is attached to the interface's
// tcx ingress hook (Linux 6.6 and later). Packet sockets receive frames before that hook
// runs, the IP and ARP code after it. The attachment is a BPF link owned by this object;
// closing it (or the process exiting, even by a crash) detaches the filter, so nothing is
// left behind on the interface.
#pragma once

#include <string>

namespace snf::click {

class KernelIngressDrop {
public:
    KernelIngressDrop() = default;
    ~KernelIngressDrop() { detach(); }
    KernelIngressDrop(const KernelIngressDrop&) = delete;
    KernelIngressDrop& operator=(const KernelIngressDrop&) = delete;

    // Attaches to interface `ifindex`. Returns false with `error` set when the kernel
    // refuses (no BPF, no tcx, missing privileges).
    bool attach(int ifindex, std::string& error);
    void detach();
    bool attached() const noexcept { return link_fd_ >= 0; }

private:
    int program_fd_ = -1;
    int link_fd_ = -1;
};

}  // namespace snf::click
