// ControlConnection: one client's side of Click's ControlSocket protocol (version 1.3),
// independent of sockets so it can be driven byte by byte. Commands are lines ending in
// CR, LF or CRLF; replies are lines "CODE text" (continuation lines "CODE-text") ending in
// CRLF, and handler values follow a "DATA n" line. Commands: READ, READDATA, READUNTIL,
// WRITE, WRITEDATA, WRITEUNTIL, CHECKREAD, CHECKWRITE, LLRPC (always refused: 501),
// HELP, QUIT/CLOSE. Codes: 200 OK, 220 OK with warnings, 500 syntax error, 501
// unimplemented, 510 no such element, 511 no such handler, 520 handler error, 521 data
// too large, 530 permission denied, 540 no router.
//
// Input is bounded: a command line longer than max_line_length gets "500 Line too long"
// and is skipped; a data block longer than max_data_length gets 521 and is skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click {

class Router;

class ControlConnection {
public:
    static constexpr const char* greeting_line = "Click::ControlSocket/1.3";
    static constexpr std::size_t max_line_length = 65536;
    static constexpr std::size_t max_data_length = 16u << 20;

    // router may be null: every handler command then answers 540.
    explicit ControlConnection(Router* router, bool read_only = false);

    // The greeting the server sends first.
    static std::string greeting() { return std::string(greeting_line) + "\r\n"; }

    // Processes received bytes; replies accumulate in the output.
    void receive(std::string_view bytes);
    // The peer will send nothing more: a final unterminated line is processed.
    void end_of_input();
    // Takes the replies produced so far.
    std::string take_output();
    bool has_output() const noexcept { return !output_.empty(); }
    // True after QUIT: the server closes the connection once the output is sent.
    bool closing() const noexcept { return closing_; }

private:
    // Returns false when the command needs more input than has arrived.
    bool process_line(std::string_view line, std::size_t consumed);
    void process_input();

    void reply(int code, std::string_view text, bool more = false);
    void reply_messages(int code, std::string_view first, const std::vector<std::string>& messages);
    void read_command(std::string_view name, std::string_view param);
    void write_command(std::string_view name, std::string_view value);
    void check_command(std::string_view name, bool write);
    void help();

    Router* router_;
    bool read_only_;
    std::string input_;
    std::string output_;
    bool input_ended_ = false;
    bool closing_ = false;
    bool skipping_line_ = false;   // discarding the rest of an oversize line
    std::size_t skip_bytes_ = 0;   // bytes of a refused data block still to discard
};

}  // namespace snf::click
