// libFuzzer target: feeds arbitrary bytes to parse_router, twice (with the naming
// convention and with an authoritative class list), then unparses and re-parses the
// result. Any crash, sanitizer report, hang or out-of-memory is a bug: bad
// configurations must only ever produce diagnostics.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "snf/click/router_parser.hh"
#include "snf/click/router_unparser.hh"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    snf::click::Definitions defs;
    defs["DEV"] = "eth0";

    snf::click::FlatRouter router;
    snf::click::Diagnostics diagnostics;
    snf::click::ParseOptions options;
    options.max_elements = 20000;
    options.max_connections = 100000;
    bool ok = snf::click::parse_router(text, "fuzz.click", defs, router, diagnostics, options);

    snf::click::ClassSetCatalog catalog({"Idle", "Discard", "Queue", "Tee", "Classifier"});
    options.catalog = &catalog;
    snf::click::FlatRouter strict;
    snf::click::Diagnostics strict_diagnostics;
    snf::click::parse_router(text, "fuzz.click", defs, strict, strict_diagnostics, options);
    (void)strict_diagnostics.to_string();

    if (ok) {
        // What parsed cleanly must print as configuration text that parses again.
        std::string printed = snf::click::unparse_router(router);
        snf::click::FlatRouter again;
        snf::click::Diagnostics again_diagnostics;
        options.catalog = nullptr;
        snf::click::parse_router(printed, "flat.click", {}, again, again_diagnostics, options);
    }
    return 0;
}
