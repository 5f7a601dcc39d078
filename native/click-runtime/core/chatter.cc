// chatter(): the process-wide sink for element messages.
#include "snf/click/chatter.hh"

#include <cstdio>
#include <string>

namespace snf::click {
namespace {

std::function<void(std::string_view)>& sink() {
    static std::function<void(std::string_view)> s;
    return s;
}

}  // namespace

void chatter(std::string_view line) {
    if (auto& s = sink()) {
        s(line);
        return;
    }
    std::string text(line);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void set_chatter_sink(std::function<void(std::string_view line)> s) {
    sink() = std::move(s);
}

}  // namespace snf::click
