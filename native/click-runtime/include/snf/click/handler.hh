// Handler: a named read and/or write operation on an element (or on the router as a
// whole), the way Click exposes element state to users: "c.count" reads a counter,
// writing "c.reset" resets it. Read handlers return text; write handlers take text and
// return 0 or a negative error after reporting to the ErrorHandler.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "snf/click/error_handler.hh"

namespace snf::click {

struct Handler {
    enum Flags : uint32_t {
        read_param = 1u << 0,  // the read handler accepts parameters
        raw = 1u << 1,         // value is binary: printed without an added newline
        calm = 1u << 2,        // value changes rarely
        expensive = 1u << 3,   // reading takes noticeable time
        button = 1u << 4,      // a write handler that takes no value
        checkbox = 1u << 5,    // a boolean value
    };

    using ReadFunction = std::function<std::string(const std::string& param, ErrorHandler* errh)>;
    using WriteFunction = std::function<int(const std::string& value, ErrorHandler* errh)>;

    std::string name;
    uint32_t flags = 0;
    ReadFunction read;
    WriteFunction write;

    bool readable() const noexcept { return bool(read); }
    bool writable() const noexcept { return bool(write); }
    bool accepts_read_param() const noexcept { return (flags & read_param) != 0; }

    // The flag letters of the "handlers" handler: "r", "w", "rw", then '+' for read
    // parameters, '%' raw, '.' calm, '$' expensive, 'b' button, 'c' checkbox.
    std::string flag_letters() const;
};

}  // namespace snf::click
