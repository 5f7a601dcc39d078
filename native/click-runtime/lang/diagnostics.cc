// Diagnostics collector: stores reports in order and prints them the way Click does,
// with the landmark in front of every line of a multi-line message.
#include "snf/click/diagnostics.hh"

#include <string_view>

namespace snf::click {

std::string Diagnostic::to_string() const {
    std::string prefix;
    if (!landmark.empty())
        prefix = landmark + ": ";
    if (severity == Severity::Warning)
        prefix += "warning: ";

    std::string out;
    std::string_view rest = message;
    while (true) {
        std::size_t newline = rest.find('\n');
        out += prefix;
        out += rest.substr(0, newline);
        if (newline == std::string_view::npos)
            break;
        out += '\n';
        rest.remove_prefix(newline + 1);
    }
    return out;
}

void Diagnostics::error(std::string landmark, std::string message) {
    entries_.push_back({Severity::Error, std::move(landmark), std::move(message)});
    ++errors_;
}

void Diagnostics::warning(std::string landmark, std::string message) {
    entries_.push_back({Severity::Warning, std::move(landmark), std::move(message)});
    ++warnings_;
}

void Diagnostics::note(std::string landmark, std::string message) {
    entries_.push_back({Severity::Note, std::move(landmark), std::move(message)});
}

std::string Diagnostics::to_string() const {
    std::string out;
    for (const Diagnostic& d : entries_) {
        out += d.to_string();
        out += '\n';
    }
    return out;
}

void Diagnostics::clear() {
    entries_.clear();
    errors_ = warnings_ = 0;
}

}  // namespace snf::click
