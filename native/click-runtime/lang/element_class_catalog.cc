// The naming-convention fallback catalog used when no element registry is supplied.
#include "snf/click/element_class_catalog.hh"

namespace snf::click {

bool NamingConventionCatalog::contains(std::string_view name) const {
    return !name.empty() && name.front() >= 'A' && name.front() <= 'Z';
}

}  // namespace snf::click
