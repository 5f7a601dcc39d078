// Unstrip: prepends bytes, reusing headroom when there is enough.
#include "unstrip.hh"

#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int Unstrip::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t length = 0;
    if (Args(conf, this, errh).read_mp("LENGTH", length).complete() < 0)
        return -EINVAL;
    if (length > (1u << 20))
        return errh->error("LENGTH: out of range, bound " + std::to_string(1u << 20));
    length_ = length;
    return 0;
}

Packet* Unstrip::simple_action(Packet* p) {
    const bool reuses_headroom = p->headroom() >= length_;
    WritablePacket* q = p->push(length_);
    if (q && !reuses_headroom)
        std::memset(q->data(), 0, length_);
    return q;
}

void Unstrip::add_handlers() {
    add_read_handler("length", [this] { return std::to_string(length_); });
}

SNF_EXPORT_ELEMENT(Unstrip)

}  // namespace snf::click
