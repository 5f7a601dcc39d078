// Element defaults: configuration with no arguments, push/pull through simple_action,
// upstream notifier lookup, and handler registration helpers.
#include "snf/click/element.hh"

#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/notifier.hh"
#include "snf/click/task.hh"

namespace snf::click {

void* Element::cast(const char* name) {
    return (name && std::strcmp(name, class_name()) == 0) ? this : nullptr;
}

int Element::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh).complete();
}

int Element::live_reconfigure(std::vector<std::string>& conf, ErrorHandler* errh) {
    if (!can_live_reconfigure())
        return errh->error("cannot reconfigure '" + declaration() + "' live");
    return configure(conf, errh);
}

void Element::push(int, Packet* p) {
    if ((p = simple_action(p)))
        output(0).push(p);
}

Packet* Element::pull(int) {
    Packet* p = input(0).pull();
    return p ? simple_action(p) : nullptr;
}

NotifierSignal* Element::empty_signal(int) {
    // Pass-through pullers report their upstream's signal; the depth bound protects
    // against pull cycles.
    thread_local int depth = 0;
    if (ninputs() != 1 || !input_is_pull(0) || !input(0).connected() || depth > 64)
        return nullptr;
    ++depth;
    NotifierSignal* s = input(0).element()->empty_signal(input(0).port());
    --depth;
    return s;
}

std::string Element::declaration() const {
    return name_ + " :: " + class_name();
}

void Element::checked_output_push(int i, Packet* p) const {
    if (i >= 0 && i < noutputs() && output(i).connected())
        output(i).push(p);
    else
        p->kill();
}

const Handler* Element::find_handler(std::string_view name) const {
    for (const Handler& h : handlers_)
        if (h.name == name)
            return &h;
    return nullptr;
}

// Adding a handler under an existing name replaces the read or write half, as in Click.
static Handler& slot(std::vector<Handler>& handlers, std::string& name) {
    for (Handler& h : handlers)
        if (h.name == name)
            return h;
    handlers.push_back(Handler{std::move(name), 0, nullptr, nullptr});
    return handlers.back();
}

void Element::add_read_handler(std::string name, std::function<std::string()> read, uint32_t flags) {
    Handler& h = slot(handlers_, name);
    h.read = [read = std::move(read)](const std::string&, ErrorHandler*) { return read(); };
    h.flags = (h.flags & ~Handler::read_param) | flags;
}

void Element::add_read_param_handler(std::string name, Handler::ReadFunction read, uint32_t flags) {
    Handler& h = slot(handlers_, name);
    h.read = std::move(read);
    h.flags |= flags | Handler::read_param;
}

void Element::add_write_handler(std::string name, Handler::WriteFunction write, uint32_t flags) {
    Handler& h = slot(handlers_, name);
    h.write = std::move(write);
    h.flags |= flags;
}

void Element::add_task_handlers(Task* task, std::string prefix) {
    add_read_handler(prefix + "scheduled", [task] { return std::string(task->scheduled() ? "true" : "false"); });
    add_read_handler(prefix + "tickets", [task] { return std::to_string(task->tickets()); });
    add_write_handler(prefix + "tickets", [task](const std::string& value, ErrorHandler* errh) {
        int tickets = 0;
        Args args(nullptr, errh);
        args.push_back(uncomment(value));
        if (args.read_mp("TICKETS", tickets).complete() < 0)
            return -EINVAL;
        if (tickets < 1 || tickets > Task::max_tickets)
            errh->warning("tickets pinned to the range 1-" + std::to_string(Task::max_tickets));
        task->set_tickets(tickets);
        return 0;
    });
}

std::string Handler::flag_letters() const {
    std::string s;
    if (readable())
        s += 'r';
    if (writable())
        s += 'w';
    if (flags & read_param)
        s += '+';
    if (flags & raw)
        s += '%';
    if (flags & calm)
        s += '.';
    if (flags & expensive)
        s += '$';
    if (flags & button)
        s += 'b';
    if (flags & checkbox)
        s += 'c';
    return s;
}

}  // namespace snf::click
