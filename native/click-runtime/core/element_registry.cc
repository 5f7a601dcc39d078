// ElementRegistry: a sorted map of factories, filled by static initializers.
#include "snf/click/element_registry.hh"

namespace snf::click {

ElementRegistry& ElementRegistry::global() {
    static ElementRegistry registry;
    return registry;
}

bool ElementRegistry::add(std::string class_name, Factory factory) {
    if (class_name.empty() || !factory)
        return false;
    return factories_.emplace(std::move(class_name), std::move(factory)).second;
}

bool ElementRegistry::contains(std::string_view class_name) const {
    return factories_.find(class_name) != factories_.end();
}

std::unique_ptr<Element> ElementRegistry::create(std::string_view class_name) const {
    auto it = factories_.find(class_name);
    if (it == factories_.end())
        return nullptr;
    return it->second();
}

std::vector<std::string> ElementRegistry::class_names() const {
    std::vector<std::string> names;
    names.reserve(factories_.size());
    for (const auto& [name, factory] : factories_)
        names.push_back(name);
    return names;
}

ClassSetCatalog ElementRegistry::catalog() const {
    ClassSetCatalog catalog;
    for (const auto& [name, factory] : factories_)
        catalog.add(name);
    return catalog;
}

}  // namespace snf::click
