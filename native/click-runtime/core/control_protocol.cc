// ControlConnection: Click's ControlSocket line protocol over an in-memory byte stream.
#include "snf/click/control_protocol.hh"

#include <cctype>

#include "snf/click/router.hh"

namespace snf::click {
namespace {

enum Code {
    ok = 200,
    ok_with_warnings = 220,
    syntax_error = 500,
    unimplemented = 501,
    no_such_element = 510,
    no_such_handler = 511,
    handler_error = 520,
    data_too_big = 521,
    permission_denied = 530,
    no_router = 540,
};

struct Word {
    std::string_view text;
    std::size_t end;  // offset just past the word in the line
};

std::vector<Word> split_line(std::string_view line) {
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
            ++i;
        std::size_t start = i;
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
            ++i;
        if (i > start)
            words.push_back({line.substr(start, i - start), i});
    }
    return words;
}

std::string upper(std::string_view s) {
    std::string u(s);
    for (char& c : u)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return u;
}

bool parse_length(std::string_view s, std::size_t& n) {
    if (s.empty() || s.size() > 12)
        return false;
    n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        n = n * 10 + std::size_t(c - '0');
    }
    return true;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> message_lines(const StringErrorHandler& errh) {
    std::vector<std::string> lines;
    std::string text = errh.text();
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        lines.push_back(text.substr(start, nl - start));
        start = nl == std::string::npos ? text.size() : nl + 1;
    }
    return lines;
}

}  // namespace

ControlConnection::ControlConnection(Router* router, bool read_only) : router_(router), read_only_(read_only) {}

void ControlConnection::reply(int code, std::string_view text, bool more) {
    output_ += std::to_string(code);
    output_ += more ? '-' : ' ';
    output_ += text;
    output_ += "\r\n";
}

void ControlConnection::reply_messages(int code, std::string_view first, const std::vector<std::string>& messages) {
    std::vector<std::string_view> lines;
    if (!first.empty())
        lines.push_back(first);
    for (const std::string& m : messages)
        lines.push_back(m);
    if (lines.empty())
        lines.push_back("");
    for (std::size_t i = 0; i < lines.size(); ++i)
        reply(code, lines[i], i + 1 < lines.size());
}

std::string ControlConnection::take_output() {
    std::string out;
    out.swap(output_);
    return out;
}

void ControlConnection::receive(std::string_view bytes) {
    if (closing_)
        return;
    input_.append(bytes);
    process_input();
}

void ControlConnection::end_of_input() {
    input_ended_ = true;
    process_input();
}

void ControlConnection::process_input() {
    while (!closing_) {
        if (skip_bytes_) {
            std::size_t n = std::min(skip_bytes_, input_.size());
            input_.erase(0, n);
            skip_bytes_ -= n;
            if (skip_bytes_)
                return;
        }
        std::size_t pos = input_.find_first_of("\r\n");
        if (skipping_line_) {
            if (pos == std::string::npos) {
                input_.clear();
                return;
            }
            input_.erase(0, pos + 1);
            skipping_line_ = false;
            continue;
        }
        std::size_t consumed;
        if (pos == std::string::npos) {
            if (input_.size() > max_line_length) {
                reply(syntax_error, "Line too long");
                input_.clear();
                skipping_line_ = true;
                return;
            }
            if (!input_ended_ || input_.empty())
                return;
            pos = consumed = input_.size();
        } else if (pos > max_line_length) {
            reply(syntax_error, "Line too long");
            input_.erase(0, pos + 1);
            continue;
        } else if (input_[pos] == '\r') {
            if (pos + 1 < input_.size())
                consumed = pos + (input_[pos + 1] == '\n' ? 2 : 1);
            else if (!input_ended_)
                return;  // a '\n' may follow
            else
                consumed = pos + 1;
        } else {
            consumed = pos + 1;
        }
        std::string line = input_.substr(0, pos);
        if (!process_line(line, consumed))
            return;
    }
}

bool ControlConnection::process_line(std::string_view line, std::size_t consumed) {
    std::vector<Word> words = split_line(line);
    if (words.empty()) {
        input_.erase(0, consumed);
        return true;
    }
    const std::string command = upper(words[0].text);
    auto rest_of_line = [&](std::size_t from_word) -> std::string_view {
        if (words.size() <= from_word)
            return {};
        std::size_t start = words[from_word].end - words[from_word].text.size();
        return trim_right(line.substr(start));
    };

    if (command == "READ" || command == "GET" || command == "WRITE" || command == "SET") {
        std::string name = words.size() >= 2 ? std::string(words[1].text) : std::string();
        std::string value(rest_of_line(2));
        input_.erase(0, consumed);
        if (words.size() < 2)
            reply(syntax_error, "Wrong number of arguments");
        else if (command[0] == 'R' || command[0] == 'G')
            read_command(name, value);
        else
            write_command(name, value);
        return true;
    }

    if (command == "READDATA" || command == "WRITEDATA" || command == "SETDATA") {
        std::size_t n = 0;
        if (words.size() != 3) {
            input_.erase(0, consumed);
            reply(syntax_error, "Wrong number of arguments");
            return true;
        }
        if (!parse_length(words[2].text, n)) {
            input_.erase(0, consumed);
            reply(syntax_error, "Syntax error in '" + command + "'");
            return true;
        }
        std::string name(words[1].text);
        if (n > max_data_length) {
            input_.erase(0, consumed);
            reply(data_too_big, "Data too large for handler '" + name + "'");
            skip_bytes_ = n;
            return true;
        }
        if (input_.size() - consumed < n) {
            if (!input_ended_)
                return false;
            input_.clear();
            reply(syntax_error, "Not enough data");
            return true;
        }
        std::string data = input_.substr(consumed, n);
        input_.erase(0, consumed + n);
        if (command[0] == 'R')
            read_command(name, data);
        else
            write_command(name, data);
        return true;
    }

    if (command == "READUNTIL" || command == "WRITEUNTIL") {
        if (words.size() < 2) {
            input_.erase(0, consumed);
            reply(syntax_error, "Wrong number of arguments");
            return true;
        }
        std::string name(words[1].text);
        std::string terminator(rest_of_line(2));
        // Look for a line equal to the terminator (trailing spaces ignored).
        std::size_t start = consumed;
        while (true) {
            std::size_t nl = input_.find_first_of("\r\n", start);
            if (nl == std::string::npos) {
                if (input_.size() - consumed > max_data_length) {
                    input_.clear();
                    reply(data_too_big, "Data too large for handler '" + name + "'");
                    skipping_line_ = true;
                    return true;
                }
                if (!input_ended_)
                    return false;
                input_.clear();
                reply(syntax_error, "Connection closed");
                return true;
            }
            std::size_t next = nl + 1;
            if (input_[nl] == '\r' && next < input_.size() && input_[next] == '\n')
                ++next;
            if (trim_right(std::string_view(input_).substr(start, nl - start)) == terminator) {
                std::string data = input_.substr(consumed, start - consumed);
                input_.erase(0, next);
                if (command[0] == 'R')
                    read_command(name, data);
                else
                    write_command(name, data);
                return true;
            }
            start = next;
        }
    }

    if (command == "CHECKREAD" || command == "CHECKWRITE") {
        input_.erase(0, consumed);
        if (words.size() != 2)
            reply(syntax_error, "Wrong number of arguments");
        else
            check_command(words[1].text, command == "CHECKWRITE");
        return true;
    }

    if (command == "LLRPC") {
        std::size_t n = 0;
        if ((words.size() != 2 && words.size() != 3) || (words.size() == 3 && !parse_length(words[2].text, n))) {
            input_.erase(0, consumed);
            reply(syntax_error, words.size() == 3 ? "Syntax error in 'llrpc'" : "Wrong number of arguments");
            return true;
        }
        if (n > max_data_length) {
            input_.erase(0, consumed);
            reply(data_too_big, "Data too large for LLRPC");
            skip_bytes_ = n;
            return true;
        }
        if (input_.size() - consumed < n) {
            if (!input_ended_)
                return false;
            input_.clear();
            reply(syntax_error, "Not enough data");
            return true;
        }
        std::string name(words[1].text);
        input_.erase(0, consumed + n);
        std::size_t hash = name.find('#');
        std::string number = hash == std::string::npos ? std::string() : name.substr(hash + 1);
        bool hex_ok = !number.empty() && number.size() <= 8 &&
                      number.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        if (!hex_ok) {
            reply(syntax_error, "Syntax error in LLRPC name '" + name + "'");
            return true;
        }
        if (!router_) {
            reply(no_router, "No router installed");
            return true;
        }
        std::string element_name = name.substr(0, hash);
        if (!router_->find(element_name)) {
            reply(no_such_element, "No element named '" + element_name + "'");
            return true;
        }
        reply(unimplemented, "Cannot call LLRPC '" + name + "' remotely");
        return true;
    }

    if (command == "QUIT" || command == "CLOSE") {
        input_.clear();
        if (words.size() != 1)
            reply(syntax_error, "Bad command syntax");
        reply(ok, "Goodbye!");
        closing_ = true;
        return true;
    }

    if (command == "HELP") {
        input_.erase(0, consumed);
        help();
        return true;
    }

    input_.erase(0, consumed);
    reply(unimplemented, "Command '" + command + "' unimplemented");
    return true;
}

namespace {

// Resolves a handler name for the protocol; on failure fills the reply code and text.
bool lookup(Router* router, std::string_view name, Router::HandlerRef& ref, int& code, std::string& text) {
    if (!router) {
        code = no_router;
        text = "No router installed";
        return false;
    }
    switch (router->find_handler(name, ref)) {
    case Router::HandlerStatus::ok:
        return true;
    case Router::HandlerStatus::no_such_element:
        code = no_such_element;
        text = "No element named '" + std::string(name.substr(0, name.find('.'))) + "'";
        return false;
    default:
        code = no_such_handler;
        text = "No handler named '" + std::string(name) + "'";
        return false;
    }
}

}  // namespace

void ControlConnection::read_command(std::string_view name, std::string_view param) {
    Router::HandlerRef ref;
    int code = 0;
    std::string text;
    if (!lookup(router_, name, ref, code, text)) {
        reply(code, text);
        return;
    }
    if (!ref.handler->readable()) {
        reply(permission_denied, "Handler '" + std::string(name) + "' write-only");
        return;
    }
    StringErrorHandler errh;
    std::string data;
    Router::HandlerStatus status = Router::call_read(ref, param, data, &errh);
    if (status != Router::HandlerStatus::ok) {
        reply_messages(handler_error, "Read handler '" + std::string(name) + "' error", message_lines(errh));
        return;
    }
    reply(ok, "Read handler '" + std::string(name) + "' OK");
    output_ += "DATA " + std::to_string(data.size()) + "\r\n";
    output_ += data;
}

void ControlConnection::write_command(std::string_view name, std::string_view value) {
    Router::HandlerRef ref;
    int code = 0;
    std::string text;
    if (!lookup(router_, name, ref, code, text)) {
        reply(code, text);
        return;
    }
    if (!ref.handler->writable()) {
        reply(permission_denied, "Handler '" + std::string(name) + "' read-only");
        return;
    }
    if (read_only_) {
        reply(permission_denied, "Permission denied for '" + std::string(name) + "'");
        return;
    }
    StringErrorHandler errh;
    Router::HandlerStatus status = Router::call_write(ref, value, &errh);
    if (status != Router::HandlerStatus::ok)
        reply_messages(handler_error, "Write handler '" + std::string(name) + "' error", message_lines(errh));
    else if (errh.nwarnings() > 0)
        reply_messages(ok_with_warnings, "Write handler '" + std::string(name) + "' OK with warnings",
                       message_lines(errh));
    else
        reply_messages(ok, "Write handler '" + std::string(name) + "' OK", message_lines(errh));
}

void ControlConnection::check_command(std::string_view name, bool write) {
    Router::HandlerRef ref;
    int code = 0;
    std::string text;
    if (!lookup(router_, name, ref, code, text)) {
        reply(code, text);
        return;
    }
    const std::string n(name);
    if (write ? ref.handler->writable() : ref.handler->readable()) {
        if (write && read_only_)
            reply(permission_denied, "Permission denied for '" + n + "'");
        else
            reply(ok, std::string(write ? "Write" : "Read") + " handler '" + n + "' OK");
    } else {
        reply(no_such_handler, "Handler '" + n + (write ? "' not writable" : "' not readable"));
    }
}

void ControlConnection::help() {
    static const char* const lines[] = {
        "Commands supported:",
        "READ handler [arg...]   call read handler, return DATA",
        "READDATA handler len    call read handler with len data bytes, return DATA",
        "READUNTIL handler term  call read handler, take data until term, return DATA",
        "WRITE handler [arg...]  call write handler",
        "WRITEDATA handler len   call write handler, pass len data bytes",
        "WRITEUNTIL handler term call write handler, take data until term",
        "CHECKREAD handler       check if read handler is valid",
        "CHECKWRITE handler      check if write handler is valid",
        "LLRPC elt#number [len]  not available remotely",
        "QUIT                    close connection",
    };
    const std::size_t n = sizeof lines / sizeof lines[0];
    for (std::size_t i = 0; i < n; ++i)
        reply(ok, lines[i], i + 1 < n);
}

}  // namespace snf::click
