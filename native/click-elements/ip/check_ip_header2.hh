// CheckIPHeader2: CheckIPHeader without the header checksum test, for packets whose
// checksum is known good or deliberately not maintained.
//
//   CheckIPHeader2([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, VERBOSE, DETAILS])
//
// Everything else (length, version and source address checks, the annotations set, the
// optional output 1, the messages and the drops and drop_details handlers) is as in
// CheckIPHeader.
#pragma once

#include "check_ip_header.hh"

namespace snf::click {

class CheckIPHeader2 : public CheckIPHeader {
public:
    CheckIPHeader2() : CheckIPHeader(false) {}
    const char* class_name() const override { return "CheckIPHeader2"; }
};

}  // namespace snf::click
