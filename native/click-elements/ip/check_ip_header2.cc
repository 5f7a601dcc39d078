// CheckIPHeader2: registration; the checks live in CheckIPHeader.
#include "check_ip_header2.hh"

#include "snf/click/element_registry.hh"

namespace snf::click {

SNF_EXPORT_ELEMENT(CheckIPHeader2)

}  // namespace snf::click
