// The element registry: class name -> factory, filled at program start by
// SNF_EXPORT_ELEMENT lines in each element's .cc file (Click's EXPORT_ELEMENT). The
// router builds elements through it, and the configuration parser learns from it which
// words are element classes (an authoritative catalog, so unknown classes are errors).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/element.hh"
#include "snf/click/element_class_catalog.hh"

namespace snf::click {

class ElementRegistry {
public:
    using Factory = std::function<std::unique_ptr<Element>()>;

    // The process-wide registry the export macro fills.
    static ElementRegistry& global();

    // Registers a class; returns false (changing nothing) if the name is taken.
    bool add(std::string class_name, Factory factory);
    bool contains(std::string_view class_name) const;
    // A new element of the class, or null for an unknown class.
    std::unique_ptr<Element> create(std::string_view class_name) const;
    // Every class name, sorted.
    std::vector<std::string> class_names() const;
    // An authoritative catalog of this registry's classes for the parser.
    ClassSetCatalog catalog() const;

private:
    std::map<std::string, Factory, std::less<>> factories_;
};

namespace registry_detail {
template <class T>
bool register_element(const char* name) {
    return ElementRegistry::global().add(name, [] { return std::unique_ptr<Element>(new T()); });
}
}  // namespace registry_detail

}  // namespace snf::click

// Registers element class `cls` (a subclass of Element whose class_name() is "cls").
// Write it inside the namespace that declares the class.
#define SNF_EXPORT_ELEMENT(cls)                                                                   \
    namespace {                                                                                   \
    [[maybe_unused]] const bool snf_element_registered_##cls =                                    \
        ::snf::click::registry_detail::register_element<cls>(#cls);                               \
    }
