// DriverManager: registers the DRIVER-type Script under Click's DriverManager name.
#include "driver_manager.hh"

#include "snf/click/element_registry.hh"

namespace snf::click {

SNF_EXPORT_ELEMENT(DriverManager)

}  // namespace snf::click
