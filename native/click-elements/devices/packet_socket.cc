// Packet socket setup shared by FromDevice, ToDevice and ToHostSniffers.
#include "packet_socket.hh"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace snf::click {

int open_packet_socket(int ifindex, PacketSocketUse use, std::string& error) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("packet socket: ") + std::strerror(errno);
        return -1;
    }
    if (use == PacketSocketUse::receive) {
        int on = 1;
        // Older kernels lack the option; FromDevice also checks each frame's direction.
        (void) setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof on);
    }
    sockaddr_ll sll;
    std::memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = use == PacketSocketUse::send_only ? 0 : htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    if (bind(fd, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
        error = std::string("bind packet socket: ") + std::strerror(errno);
        close(fd);
        return -1;
    }
    return fd;
}

int set_packet_socket_promiscuous(int fd, int ifindex, bool promiscuous) {
    packet_mreq mreq;
    std::memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    const int option = promiscuous ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP;
    if (setsockopt(fd, SOL_PACKET, option, &mreq, sizeof mreq) < 0)
        return -errno;
    return 0;
}

int64_t packet_socket_drops(int fd) {
    tpacket_stats stats;
    socklen_t length = sizeof stats;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &length) < 0)
        return -1;
    return int64_t(stats.tp_drops);
}

}  // namespace snf::click
