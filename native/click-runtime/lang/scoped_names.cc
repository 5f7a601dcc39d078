// Compound-scoped name resolution: candidate generation from an element's prefix and a
// table of definitions keyed by their fully scoped names.
#include "snf/click/scoped_names.hh"

namespace snf::click {

std::string_view compound_prefix(std::string_view element_name) {
    std::size_t slash = element_name.rfind('/');
    if (slash == std::string_view::npos)
        return {};
    return element_name.substr(0, slash + 1);
}

std::vector<std::string> scoped_name_candidates(std::string_view context_element, std::string_view name) {
    std::vector<std::string> candidates;
    std::string_view prefix = compound_prefix(context_element);
    while (true) {
        candidates.push_back(std::string(prefix) + std::string(name));
        if (prefix.empty())
            break;
        // Drop the last component of the prefix: "a/b/" -> "a/".
        prefix.remove_suffix(1);
        prefix = compound_prefix(prefix);
    }
    return candidates;
}

bool ScopedNameTable::define(std::string_view defining_element, std::string_view name, std::string value) {
    std::string key = std::string(compound_prefix(defining_element)) + std::string(name);
    return values_.emplace(std::move(key), std::move(value)).second;
}

const std::string* ScopedNameTable::lookup(std::string_view context_element, std::string_view name) const {
    for (const std::string& candidate : scoped_name_candidates(context_element, name)) {
        auto it = values_.find(candidate);
        if (it != values_.end())
            return &it->second;
    }
    return nullptr;
}

}  // namespace snf::click
