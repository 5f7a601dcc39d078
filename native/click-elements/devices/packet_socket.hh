// Linux packet (AF_PACKET) sockets bound to one interface, the way FromDevice and
// ToDevice reach a device: raw frames including the Ethernet header.
#pragma once

#include <cstdint>
#include <string>

namespace snf::click {

// What a packet socket is for.
enum class PacketSocketUse {
    receive,                // frames the interface receives
    receive_with_outgoing,  // those and the frames the host sends on it
    send_only,              // bound to no protocol: the kernel queues nothing to it
};

// A non-blocking, close-on-exec raw packet socket bound to interface `ifindex`. It is
// created unbound and bound afterwards, so no frame of another interface slips in
// between. Returns the descriptor, or -1 with `error` set.
int open_packet_socket(int ifindex, PacketSocketUse use, std::string& error);

// Adds (or drops) a promiscuous-mode membership for the socket's interface. The kernel
// removes it when the socket closes, so a crashed router leaves no device promiscuous.
int set_packet_socket_promiscuous(int fd, int ifindex, bool promiscuous);

// Frames the kernel dropped for this socket since the previous call (PACKET_STATISTICS
// resets on every read), or -1 when unknown.
int64_t packet_socket_drops(int fd);

}  // namespace snf::click
