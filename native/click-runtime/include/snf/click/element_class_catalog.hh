// Which identifiers name primitive element classes. Click's parser needs to know: in
// "a -> Discard" the word Discard is a class (so an anonymous Discard element is made)
// while "a -> d" refers to a declared element d. The element layer passes the catalog of
// the classes it can build (authoritative: unknown classes are errors, exactly as in
// Click). Without one, the parser falls back to Click's naming convention (classes start
// with an uppercase letter) and leaves unknown classes for the element layer to reject.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace snf::click {

class ElementClassCatalog {
public:
    virtual ~ElementClassCatalog() = default;

    // True when `name` is a primitive element class.
    virtual bool contains(std::string_view name) const = 0;

    // True when contains() is the complete truth, so an unknown class is an error.
    // False for guesses, which let unknown class names through.
    virtual bool authoritative() const = 0;
};

// Guesses by convention: a name starting with an uppercase ASCII letter is a class.
class NamingConventionCatalog final : public ElementClassCatalog {
public:
    bool contains(std::string_view name) const override;
    bool authoritative() const override { return false; }
};

// An explicit, authoritative list of class names.
class ClassSetCatalog final : public ElementClassCatalog {
public:
    ClassSetCatalog() = default;
    explicit ClassSetCatalog(std::set<std::string, std::less<>> names) : names_(std::move(names)) {}

    void add(std::string name) { names_.insert(std::move(name)); }
    bool contains(std::string_view name) const override { return names_.find(name) != names_.end(); }
    bool authoritative() const override { return true; }

private:
    std::set<std::string, std::less<>> names_;
};

}  // namespace snf::click
