// libFuzzer target: arbitrary text as IPFilter rules and IPClassifier expressions (split
// into rules at newlines), and as Classifier patterns. Whatever parses is compiled,
// optimized, printed and run on a few packets. Bad text must only produce error
// messages; any sanitizer report, crash, hang or runaway compile is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classification/classifier_patterns.hh"
#include "classification/decision_program.hh"
#include "classification/ip_filter_language.hh"
#include "snf/click/error_handler.hh"
#include "snf/click/packet.hh"

namespace {

using namespace snf::click;
using namespace snf::click::classification;

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

void exercise(const DecisionProgram& prog) {
    (void)prog.unparse();
    static const uint8_t frame[] = {
        0x00, 0x50, 0xba, 0x85, 0x84, 0xa9, 0x02, 0x00, 0x0a, 0x11, 0x22, 0x1f, 0x08, 0x00,  // Ethernet
        0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00,              // IPv4
        0x0a, 0x00, 0x00, 0x02, 0xd1, 0x06, 0xc6, 0xd5,                                      // addresses
        0xc3, 0x50, 0x00, 0x16, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x12, 0x20, 0x00, 0, 0, 0, 0};  // TCP
    for (uint32_t length : {0u, 13u, 14u, 25u, 34u, 37u, uint32_t(sizeof frame)}) {
        WritablePacket* p = Packet::make(Packet::default_headroom, frame, length, 0);
        if (!p)
            return;
        p->set_mac_header(p->data());
        if (length >= 14)
            p->set_network_header(p->data() + 14, 20);
        if (prog.space() == OffsetSpace::ip)
            (void)prog.match_ip(p);
        else
            (void)prog.match_flat(p->data(), p->length(), p->buffer() + p->buffer_length());
        p->kill();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 2048)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> lines = split_lines(text);

    SilentErrorHandler errh;
    std::vector<Rule> rules;
    if (parse_ip_filter_rules(lines, 4, nullptr, &errh, rules))
        exercise(DecisionProgram::compile(rules, OffsetSpace::ip));

    Expr expr;
    if (parse_ip_expression(text, nullptr, &errh, expr))
        exercise(DecisionProgram::compile({Rule{std::move(expr), 1}}, OffsetSpace::ip));

    if (parse_classifier_patterns(lines, &errh, rules))
        exercise(DecisionProgram::compile(rules, OffsetSpace::flat));
    return 0;
}
