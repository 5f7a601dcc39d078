// One frame written to a device descriptor, and the output counters' handlers.
#include "frame_output.hh"

#include <unistd.h>

#include <cerrno>
#include <string>

#include "snf/click/element.hh"
#include "snf/click/packet.hh"

namespace snf::click {

namespace {
constexpr uint32_t ether_header_length = 14;
}  // namespace

FrameWrite write_frame(int fd, const Packet* p) {
    if (p->length() < ether_header_length)
        return FrameWrite::failed;
    // write() on a socket is send() without flags; the descriptors are non-blocking.
    ssize_t r;
    do
        r = ::write(fd, p->data(), p->length());
    while (r < 0 && errno == EINTR);
    if (r >= 0)
        return FrameWrite::written;
    return errno == EAGAIN || errno == EWOULDBLOCK ? FrameWrite::queue_full : FrameWrite::failed;
}

void FrameCounters::add_handlers(Element* element) {
    element->add_read_handler("count", [this] { return std::to_string(count); });
    element->add_read_handler("drops", [this] { return std::to_string(drops); });
    element->add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count = drops = 0;
        return 0;
    }, Handler::button);
}

}  // namespace snf::click
