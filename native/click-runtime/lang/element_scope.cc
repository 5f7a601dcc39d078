// Element table of one scope: declarations, anonymous numbering, pseudo-element checks.
#include "element_scope.hh"

#include <algorithm>
#include <cctype>

namespace snf::click::lang {
namespace {

// Click rejects names with a component made only of digits ("1", "a/2"), since such
// words are port numbers.
bool has_all_digit_component(std::string_view name) {
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t slash = name.find('/', start);
        std::size_t end = slash == std::string_view::npos ? name.size() : slash;
        bool all_digits = true;
        for (std::size_t i = start; i < end; ++i)
            if (!std::isdigit(static_cast<unsigned char>(name[i])))
                all_digits = false;
        if (all_digits)
            return true;
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return false;
}

}  // namespace

ElementScope::ElementScope(CompoundBody& body, bool compound_body, Diagnostics& diagnostics)
    : body_(body), diagnostics_(diagnostics), anonymous_offset_(0) {
    if (compound_body) {
        ElementSlot input;
        input.kind = SlotKind::CompoundInput;
        input.name = "input";
        input.landmark = body.landmark;
        ElementSlot output = input;
        output.kind = SlotKind::CompoundOutput;
        output.name = "output";
        body_.slots.push_back(std::move(input));
        body_.slots.push_back(std::move(output));
        bind("input", 0);
        bind("output", 1);
        anonymous_offset_ = 2;
    }
}

void ElementScope::bind(const std::string& name, std::size_t slot) {
    names_[name] = slot;
}

std::optional<std::size_t> ElementScope::find(std::string_view name) const {
    auto it = names_.find(std::string(name));
    if (it == names_.end())
        return std::nullopt;
    return it->second;
}

std::size_t ElementScope::add_named(const std::string& name, ClassRef cls, std::string config,
                                    std::string landmark) {
    if (has_all_digit_component(name))
        diagnostics_.error(landmark, "element name '" + name + "' has all-digit component");
    ElementSlot slot;
    slot.name = name;
    slot.cls = std::move(cls);
    slot.config = std::move(config);
    slot.landmark = std::move(landmark);
    body_.slots.push_back(std::move(slot));
    bind(name, body_.slots.size() - 1);
    return body_.slots.size() - 1;
}

std::size_t ElementScope::add_anonymous(const std::string& written_class, ClassRef cls, std::string config,
                                        std::string landmark) {
    ElementSlot slot;
    // Provisional: finish() moves the number past names the user declared.
    slot.name = written_class + "@" + std::to_string(body_.slots.size() - anonymous_offset_ + 1);
    slot.anonymous = true;
    slot.cls = std::move(cls);
    slot.config = std::move(config);
    slot.landmark = std::move(landmark);
    body_.slots.push_back(std::move(slot));
    return body_.slots.size() - 1;
}

std::size_t ElementScope::open_group(const std::string& landmark) {
    std::size_t entry = body_.slots.size();
    std::string name = "@" + std::to_string(entry - anonymous_offset_ + 1);
    ElementSlot slot;
    slot.landmark = landmark;
    slot.kind = SlotKind::GroupEntry;
    slot.name = name;
    body_.slots.push_back(slot);
    slot.kind = SlotKind::GroupInput;
    slot.name = name + "/input";
    body_.slots.push_back(slot);
    slot.kind = SlotKind::GroupOutput;
    slot.name = name + "/output";
    body_.slots.push_back(std::move(slot));
    return entry;
}

ElementScope::PseudoNames ElementScope::bind_pseudo(std::size_t input_slot, std::size_t output_slot) {
    PseudoNames saved{find("input"), find("output")};
    bind("input", input_slot);
    bind("output", output_slot);
    return saved;
}

void ElementScope::restore_pseudo(const PseudoNames& saved) {
    if (saved.input)
        bind("input", *saved.input);
    else
        names_.erase("input");
    if (saved.output)
        bind("output", *saved.output);
    else
        names_.erase("output");
}

bool ElementScope::is_pseudo(SlotKind kind) {
    return kind == SlotKind::CompoundInput || kind == SlotKind::CompoundOutput || kind == SlotKind::GroupInput ||
           kind == SlotKind::GroupOutput;
}

void ElementScope::connect(std::size_t from, int from_port, std::size_t to, int to_port, std::string landmark) {
    auto mark = [](std::vector<bool>& ports, int port) {
        if (ports.size() <= static_cast<std::size_t>(port))
            ports.resize(static_cast<std::size_t>(port) + 1, false);
        ports[static_cast<std::size_t>(port)] = true;
    };
    if (is_pseudo(body_.slots[from].kind))
        mark(pseudo_use_[from].sending, from_port);
    if (is_pseudo(body_.slots[to].kind))
        mark(pseudo_use_[to].receiving, to_port);
    body_.connections.push_back({from, from_port, to, to_port, std::move(landmark)});
}

int ElementScope::check_pseudo(std::size_t slot, bool is_output, const std::string& owner,
                               const std::string& landmark) {
    // "input" sends packets into the body, so its ports are the ones it sends from;
    // "output" receives them, so its ports are the ones it receives on.
    static const PseudoUse unused;
    auto it = pseudo_use_.find(slot);
    const PseudoUse& use = it == pseudo_use_.end() ? unused : it->second;
    const std::vector<bool>& used = is_output ? use.receiving : use.sending;
    bool wrong_direction = !(is_output ? use.sending : use.receiving).empty();

    const char* name = is_output ? "output" : "input";
    if (wrong_direction)
        diagnostics_.error(landmark, "'" + owner + "' pseudoelement '" + name + "' may only be used as " +
                                         (is_output ? "input" : "output"));
    for (std::size_t port = 0; port < used.size(); ++port)
        if (!used[port])
            diagnostics_.error(landmark, "'" + owner + "' " + name + " " + std::to_string(port) + " missing");
    return static_cast<int>(used.size());
}

void ElementScope::finish() {
    // A taken "Class@N" moves to the next free number. Numbers grow with the slot, so
    // everything up to the last number handed out for a prefix is known to be taken and
    // the search can resume there.
    std::unordered_map<std::string, unsigned long> last_moved;
    for (ElementSlot& slot : body_.slots) {
        if (!slot.anonymous)
            continue;
        if (names_.count(slot.name)) {
            std::size_t at = slot.name.rfind('@');
            std::string prefix = slot.name.substr(0, at + 1);
            unsigned long number = std::stoul(slot.name.substr(at + 1));
            unsigned long& last = last_moved[prefix];
            number = std::max(number, last);
            do {
                slot.name = prefix + std::to_string(++number);
            } while (names_.count(slot.name));
            last = number;
        }
        slot.anonymous = false;
        bind(slot.name, static_cast<std::size_t>(&slot - body_.slots.data()));
    }
}

}  // namespace snf::click::lang
