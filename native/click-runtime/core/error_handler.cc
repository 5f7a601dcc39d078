// ErrorHandler implementations and the Click-style diagnostics printer.
#include "snf/click/error_handler.hh"

namespace snf::click {

int ErrorHandler::error(std::string_view text) {
    ++errors_;
    emit(Level::Error, text);
    return -EINVAL;
}

void ErrorHandler::warning(std::string_view text) {
    ++warnings_;
    emit(Level::Warning, text);
}

void ErrorHandler::message(std::string_view text) {
    emit(Level::Message, text);
}

void StringErrorHandler::emit(Level level, std::string_view text) {
    entries_.push_back({level, std::string(text)});
}

std::string StringErrorHandler::text() const {
    std::string out;
    for (const Entry& e : entries_) {
        if (e.level == Level::Warning)
            out += "warning: ";
        out += e.text;
        out += '\n';
    }
    return out;
}

void DiagnosticsErrorHandler::emit(Level level, std::string_view text) {
    switch (level) {
    case Level::Error:
        diagnostics_.error(landmark_, std::string(text));
        break;
    case Level::Warning:
        diagnostics_.warning(landmark_, std::string(text));
        break;
    case Level::Message:
        diagnostics_.note(landmark_, std::string(text));
        break;
    }
}

void ContextErrorHandler::emit(Level level, std::string_view text) {
    std::string message = context_;
    std::string_view rest = text;
    // Indent every line of the report under the context line.
    while (true) {
        std::size_t newline = rest.find('\n');
        message += "\n  ";
        if (level == Level::Warning && rest.data() == text.data())
            message += "warning: ";
        message += rest.substr(0, newline);
        if (newline == std::string_view::npos)
            break;
        rest.remove_prefix(newline + 1);
    }
    if (level == Level::Error)
        diagnostics_.error(landmark_, std::move(message));
    else if (level == Level::Warning)
        diagnostics_.warning(landmark_, std::move(message));
    else
        diagnostics_.note(landmark_, std::move(message));
}

void PrefixErrorHandler::emit(Level level, std::string_view text) {
    std::string prefixed;
    std::string_view rest = text;
    while (true) {
        std::size_t newline = rest.find('\n');
        prefixed += prefix_;
        prefixed += rest.substr(0, newline);
        if (newline == std::string_view::npos)
            break;
        prefixed += '\n';
        rest.remove_prefix(newline + 1);
    }
    if (level == Level::Error)
        target_->error(prefixed);
    else if (level == Level::Warning)
        target_->warning(prefixed);
    else
        target_->message(prefixed);
}

namespace {

// A context entry: a first line ending in ':' followed only by lines indented by two
// spaces, as ContextErrorHandler makes them.
bool is_context_entry(std::string_view message) {
    std::size_t newline = message.find('\n');
    if (newline == std::string_view::npos || newline == 0 || message[newline - 1] != ':')
        return false;
    std::string_view rest = message.substr(newline + 1);
    while (!rest.empty()) {
        if (rest.substr(0, 2) != "  ")
            return false;
        std::size_t next = rest.find('\n');
        if (next == std::string_view::npos)
            break;
        rest.remove_prefix(next + 1);
    }
    return true;
}

}  // namespace

std::string format_click_diagnostics(const Diagnostics& diagnostics) {
    std::string out;
    std::string last_context;  // landmark + context line last printed
    for (const Diagnostic& d : diagnostics.entries()) {
        if (!is_context_entry(d.message)) {
            out += d.to_string();
            out += '\n';
            last_context.clear();
            continue;
        }
        std::size_t newline = d.message.find('\n');
        std::string context = d.landmark + '\n' + d.message.substr(0, newline);
        if (context != last_context) {
            if (!d.landmark.empty())
                out += d.landmark + ": ";
            out += d.message.substr(0, newline);
            out += '\n';
            last_context = context;
        }
        out += d.message.substr(newline + 1);
        out += '\n';
    }
    return out;
}

}  // namespace snf::click
