// HeaderCheckDrops: the drop accounting CheckIPHeader, CheckTCPHeader, CheckUDPHeader
// and CheckICMPHeader share, as Click does it: a total drop count, per-reason counts
// (read through drop_details when DETAILS is true), a console message for the first bad
// packet or for every one (VERBOSE), and bad packets sent to output 1 when it is
// connected, freed otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snf::click {

class Element;
class ErrorHandler;
class Packet;

class HeaderCheckDrops {
public:
    // `failure`: the message head ("IP header check failed"), preceded by the element's
    // declaration when `name_in_message`; `reasons`: the reason texts by reason number.
    HeaderCheckDrops(const char* failure, bool name_in_message, std::vector<const char*> reasons)
        : failure_(failure), name_in_message_(name_in_message), reasons_(std::move(reasons)),
          reason_drops_(reasons_.size(), 0) {}

    void configure(bool verbose, bool details) {
        verbose_ = verbose;
        details_ = details;
    }
    // Configures from an argument list of only the VERBOSE and DETAILS keywords, the whole
    // configuration of the transport checks; Args reports anything else.
    int configure(const std::vector<std::string>& conf, const Element* element, ErrorHandler* errh);
    // Adds `element`'s drops handler, and drop_details when DETAILS is true.
    void add_handlers(Element* element) const;

    // Counts a bad packet for `reason`, prints the message when due, and sends the packet
    // to `element`'s output 1 (or frees it).
    void drop(const Element* element, int reason, Packet* p);

    // The drop_details handler text: one "<count>\t<reason>" line per reason.
    std::string unparse_details() const;

private:
    const char* failure_;
    bool name_in_message_;
    std::vector<const char*> reasons_;
    std::vector<uint64_t> reason_drops_;
    uint64_t drops_ = 0;
    bool verbose_ = false;
    bool details_ = false;
};

}  // namespace snf::click
