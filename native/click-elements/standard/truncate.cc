// Truncate: configuration and the length handler.
#include "truncate.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int Truncate::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t length = 0;
    bool extra_length = true;
    if (Args(conf, this, errh).read_mp("LENGTH", length).read_p("EXTRA_LENGTH", extra_length).complete() < 0)
        return -EINVAL;
    length_ = length;
    return 0;
}

void Truncate::add_handlers() {
    add_read_handler("length", [this] { return std::to_string(length_); });
    add_parsed_write_handler<uint32_t>(this, "length", IntArg(), [this](uint32_t length, ErrorHandler* errh) {
        length_ = length;
        return 0;
    });
}

SNF_EXPORT_ELEMENT(Truncate)

}  // namespace snf::click
