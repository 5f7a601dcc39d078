// What the element packet-path fuzzers (native/click-elements/<group>/fuzz/fuzz_*.cc)
// share: the router they push into, built in-process once from the harness's
// configuration, and the elements they push to. A harness includes this header by its
// path relative to its own folder ("../../../click-runtime/fuzz/element_fuzz_support.hh").
//
// A configuration that does not build, or an entry element it does not declare, stops
// the fuzzer at once with the reason on stderr: a harness whose router is missing would
// otherwise accept every input and fuzz nothing.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

#include "snf/click/chatter.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/element.hh"
#include "snf/click/router.hh"

namespace snf::click::fuzz_support {

// The router built from `configuration` on the first call; later calls return the same
// router (each harness has one configuration). It is never run unless the harness runs
// it: pushes go straight through the elements. Chatter is silenced, since elements
// report bad packets by the thousand.
inline Router& fuzz_router(std::string_view configuration) {
    static const std::unique_ptr<Router> router = [configuration] {
        set_chatter_sink([](std::string_view) {});
        Diagnostics diagnostics;
        std::unique_ptr<Router> built = Router::create(configuration, "fuzz.click", {}, diagnostics);
        if (!built) {
            std::fprintf(stderr, "fuzz configuration does not build:\n%s\n", diagnostics.to_string().c_str());
            __builtin_trap();
        }
        return built;
    }();
    return *router;
}

// The element named `name` in `router`.
inline Element* fuzz_entry(Router& router, std::string_view name) {
    Element* element = router.find(name);
    if (!element) {
        std::fprintf(stderr, "fuzz configuration has no element '%.*s'\n", int(name.size()), name.data());
        __builtin_trap();
    }
    return element;
}

// The elements named `names`, in that order, in the router of `configuration`; looked up
// on the first call, like the router (each harness has one list).
inline const std::vector<Element*>& fuzz_entries(std::string_view configuration,
                                                 std::initializer_list<std::string_view> names) {
    static const std::vector<Element*> entries = [&] {
        Router& router = fuzz_router(configuration);
        std::vector<Element*> found;
        for (std::string_view name : names)
            found.push_back(fuzz_entry(router, name));
        return found;
    }();
    return entries;
}

}  // namespace snf::click::fuzz_support
