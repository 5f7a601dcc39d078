// PaintSwitch: configuration; the switching is one annotation read in push().
#include "paint_switch.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int PaintSwitch::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh)
        .read_p("ANNO", BoundedIntArg{0, int64_t(Packet::anno_size) - 1}, anno_)
        .complete();
}

SNF_EXPORT_ELEMENT(PaintSwitch)

}  // namespace snf::click
