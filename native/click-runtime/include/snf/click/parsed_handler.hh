// Write handlers whose value is parsed like a configuration argument: the handler parses
// the (uncommented) text with an Args parser and passes the typed result on, so an element
// states only what a new value does. A value that does not parse is reported through the
// handler's error handler, exactly as configure() would report it.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element.hh"

namespace snf::click {

// Adds write handler `name` to `element`: parses with `parser` into a T, then returns
// `apply(value, errh)` (0, or a negative errno after reporting).
template <typename T, typename Parser, typename Apply>
void add_parsed_write_handler(Element* element, std::string name, Parser parser, Apply apply,
                              uint32_t flags = 0) {
    element->add_write_handler(
        std::move(name),
        [element, parser, apply](const std::string& text, ErrorHandler* errh) -> int {
            T value{};
            if (!parser.parse(uncomment(text), value, ArgContext(element, errh)))
                return -EINVAL;
            return apply(value, errh);
        },
        flags);
}

}  // namespace snf::click
