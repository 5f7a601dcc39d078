// Helpers shared by the router tests: build a router from configuration text and keep
// the diagnostics, printed as Click prints them.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "snf/click/error_handler.hh"
#include "snf/click/router.hh"

namespace snf::click::testing {

struct Built {
    std::unique_ptr<Router> router;
    Diagnostics diagnostics;
    std::string errors() const { return format_click_diagnostics(diagnostics); }
};

inline Built build(std::string_view text, const Definitions& defs = {}) {
    Built b;
    b.router = Router::create(text, "test.click", defs, b.diagnostics);
    return b;
}

inline std::string read(Router& r, std::string_view name, std::string_view param = {}) {
    StringErrorHandler errh;
    std::string value;
    if (r.call_read(name, param, value, &errh) != Router::HandlerStatus::ok)
        return "<error: " + errh.text() + ">";
    return value;
}

inline bool write(Router& r, std::string_view name, std::string_view value = {}) {
    StringErrorHandler errh;
    return r.call_write(name, value, &errh) == Router::HandlerStatus::ok;
}

}  // namespace snf::click::testing
