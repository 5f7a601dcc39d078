// HeaderCheckDrops: counting, reporting and routing of packets that fail a header check.
#include "header_check_drops.hh"

#include <cerrno>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/element.hh"

namespace snf::click {

int HeaderCheckDrops::configure(const std::vector<std::string>& conf, const Element* element, ErrorHandler* errh) {
    bool verbose = false, details = false;
    if (Args(conf, element, errh).read("VERBOSE", verbose).read("DETAILS", details).complete() < 0)
        return -EINVAL;
    configure(verbose, details);
    return 0;
}

void HeaderCheckDrops::add_handlers(Element* element) const {
    element->add_read_handler("drops", [this] { return std::to_string(drops_); });
    if (details_)
        element->add_read_handler("drop_details", [this] { return unparse_details(); });
}

void HeaderCheckDrops::drop(const Element* element, int reason, Packet* p) {
    if (drops_ == 0 || verbose_) {
        std::string message = name_in_message_ ? element->declaration() + ": " : std::string();
        chatter(message + failure_ + ": " + reasons_[std::size_t(reason)]);
    }
    ++drops_;
    ++reason_drops_[std::size_t(reason)];
    element->checked_output_push(1, p);
}

std::string HeaderCheckDrops::unparse_details() const {
    std::string out;
    for (std::size_t i = 0; i < reasons_.size(); ++i)
        out += std::to_string(reason_drops_[i]) + "\t" + reasons_[i] + "\n";
    return out;
}

}  // namespace snf::click
