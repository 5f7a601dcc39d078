// Paint: writes one annotation byte.
#include "paint.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int Paint::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint8_t color = 0;
    uint32_t anno = kPaintAnnoOffset;
    if (Args(conf, this, errh)
            .read_mp("COLOR", color)
            .read_p("ANNO", BoundedIntArg{0, int64_t(Packet::anno_size) - 1}, anno)
            .complete() < 0)
        return -EINVAL;
    color_ = color;
    anno_ = anno;
    return 0;
}

void Paint::add_handlers() {
    add_read_handler("color", [this] { return std::to_string(color_); });
    add_parsed_write_handler<uint8_t>(this, "color", IntArg(), [this](uint8_t color, ErrorHandler* errh) {
        color_ = color;
        return 0;
    });
}

SNF_EXPORT_ELEMENT(Paint)

}  // namespace snf::click
