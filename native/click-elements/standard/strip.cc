// Strip: configuration and handlers (the packet path is inline in strip.hh).
#include "strip.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int Strip::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t length = 0;
    if (Args(conf, this, errh).read_mp("LENGTH", length).complete() < 0)
        return -EINVAL;
    length_ = length;
    return 0;
}

void Strip::add_handlers() {
    add_read_handler("length", [this] { return std::to_string(length_); });
}

SNF_EXPORT_ELEMENT(Strip)

}  // namespace snf::click
