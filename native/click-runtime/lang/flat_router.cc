// Lookups over a FlatRouter by element name, plain and compound-scoped.
#include "snf/click/flat_router.hh"

#include "snf/click/scoped_names.hh"

namespace snf::click {

std::optional<std::size_t> find_element(const FlatRouter& router, std::string_view name) {
    for (std::size_t i = 0; i < router.elements.size(); ++i)
        if (router.elements[i].name == name)
            return i;
    return std::nullopt;
}

std::optional<std::size_t> find_element_from(const FlatRouter& router, std::string_view context_element,
                                             std::string_view name) {
    for (const std::string& candidate : scoped_name_candidates(context_element, name))
        if (auto index = find_element(router, candidate))
            return index;
    return std::nullopt;
}

}  // namespace snf::click
