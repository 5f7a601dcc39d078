// chatter(): where elements print diagnostic lines while running (Click's
// click_chatter), standard error by default. Embedders and tests can redirect it.
#pragma once

#include <functional>
#include <string_view>

namespace snf::click {

// Writes one line (a newline is added).
void chatter(std::string_view line);

// Replaces the destination; an empty function restores standard error. Not for use while
// another thread may be chattering.
void set_chatter_sink(std::function<void(std::string_view line)> sink);

}  // namespace snf::click
