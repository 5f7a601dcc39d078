// Router handlers: every element's standard handlers (name, class, config, ports,
// handlers), the global ones (version, driver, config, flatconfig, flatten, list,
// classes, requirements, handlers, stop), name lookup and calling conventions.
#include <cctype>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/router.hh"

namespace snf::click {
namespace {

std::string handler_list(const std::vector<Handler>& handlers) {
    std::string s;
    for (const Handler& h : handlers) {
        if (!h.readable() && !h.writable())
            continue;
        s += h.name + '\t' + h.flag_letters() + '\n';
    }
    return s;
}

Handler make_read(std::string name, std::function<std::string()> read, uint32_t flags = 0) {
    Handler h;
    h.name = std::move(name);
    h.flags = flags;
    h.read = [read = std::move(read)](const std::string&, ErrorHandler*) { return read(); };
    return h;
}

}  // namespace

void Router::add_default_handlers(Element* e) {
    e->add_read_handler("name", [e] { return e->name(); }, Handler::calm);
    e->add_read_handler("class", [e] { return std::string(e->class_name()); }, Handler::calm);
    e->add_read_handler("config", [this, e] { return configurations_[std::size_t(e->eindex())]; }, Handler::calm);
    if (e->can_live_reconfigure())
        e->add_write_handler("config", [this, e](const std::string& value, ErrorHandler* errh) {
            std::vector<std::string> conf = split_config(value);
            int r = e->live_reconfigure(conf, errh);
            if (r >= 0)
                configurations_[std::size_t(e->eindex())] = value;
            return r;
        });
    e->add_read_handler("ports", [this, e] { return element_ports_string(e); }, Handler::calm);
    e->add_read_handler("handlers", [e] { return handler_list(e->handlers()); }, Handler::calm);
}

void Router::add_global_handler(Handler handler) {
    for (Handler& h : global_handlers_)
        if (h.name == handler.name) {
            if (handler.read)
                h.read = std::move(handler.read);
            if (handler.write)
                h.write = std::move(handler.write);
            h.flags |= handler.flags;
            return;
        }
    global_handlers_.push_back(std::move(handler));
}

void Router::add_router_handlers() {
    add_global_handler(make_read("version", [] { return std::string(router_version); }, Handler::calm));
    add_global_handler(make_read("driver", [] { return std::string("userlevel"); }, Handler::calm));
    add_global_handler(make_read("config", [this] { return configuration_text_; }, Handler::calm));
    add_global_handler(make_read("flatconfig", [this] { return flat_configuration(); }, Handler::calm));
    add_global_handler(make_read("flatten", [this] { return flat_configuration(); }, Handler::calm));
    add_global_handler(make_read("list", [this] {
        std::string s = std::to_string(elements_.size()) + "\n";
        for (const auto& e : elements_)
            s += e->name() + "\n";
        return s;
    }, Handler::calm));
    add_global_handler(make_read("classes", [this] {
        std::string s;
        if (registry_)
            for (const std::string& name : registry_->class_names())
                s += name + "\n";
        return s;
    }, Handler::calm));
    add_global_handler(make_read("requirements", [this] {
        std::string s;
        for (const std::string& r : flat_.requirements)
            s += r + "\n";
        return s;
    }, Handler::calm));
    add_global_handler(make_read("handlers", [this] { return handler_list(global_handlers_); }));
    Handler stop;
    stop.name = "stop";
    stop.flags = Handler::button;
    stop.write = [this](const std::string& value, ErrorHandler* errh) {
        int32_t n = 1;
        std::string text = uncomment(value);
        if (!text.empty()) {
            Args args(nullptr, errh);
            args.push_back(text);
            if (args.read_p("COUNT", n).complete() < 0)
                return -EINVAL;
        }
        adjust_runcount(-n);
        return 0;
    };
    add_global_handler(std::move(stop));
}

Router::HandlerStatus Router::find_handler(std::string_view full_name, HandlerRef& out) const {
    std::size_t dot = full_name.find('.');
    if (dot == std::string_view::npos) {
        for (const Handler& h : global_handlers_)
            if (h.name == full_name) {
                out = HandlerRef{nullptr, &h};
                return HandlerStatus::ok;
            }
        return HandlerStatus::no_such_handler;
    }
    std::string_view element_name = full_name.substr(0, dot);
    std::string_view handler_name = full_name.substr(dot + 1);
    Element* e = find(element_name);
    if (!e && !element_name.empty() &&
        std::all_of(element_name.begin(), element_name.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        element_name.size() < 10) {
        int number = std::stoi(std::string(element_name));
        e = element(number - 1);
    }
    if (!e)
        return HandlerStatus::no_such_element;
    const Handler* h = e->find_handler(handler_name);
    if (!h)
        return HandlerStatus::no_such_handler;
    out = HandlerRef{e, h};
    return HandlerStatus::ok;
}

Router::HandlerStatus Router::call_read(const HandlerRef& ref, std::string_view param, std::string& result,
                                       ErrorHandler* errh) {
    if (!ref.handler || !ref.handler->readable())
        return HandlerStatus::not_readable;
    const int before = errh->nerrors();
    if (!param.empty() && !ref.handler->accepts_read_param()) {
        std::string name = ref.element ? ref.element->name() + "." + ref.handler->name : ref.handler->name;
        errh->error("read handler '" + name + "' does not take parameters");
        return HandlerStatus::handler_error;
    }
    result = ref.handler->read(std::string(param), errh);
    return errh->nerrors() == before ? HandlerStatus::ok : HandlerStatus::handler_error;
}

Router::HandlerStatus Router::call_write(const HandlerRef& ref, std::string_view value, ErrorHandler* errh) {
    if (!ref.handler || !ref.handler->writable())
        return HandlerStatus::not_writable;
    const int before = errh->nerrors();
    int r = ref.handler->write(std::string(value), errh);
    return (r < 0 || errh->nerrors() != before) ? HandlerStatus::handler_error : HandlerStatus::ok;
}

Router::HandlerStatus Router::call_read(std::string_view full_name, std::string_view param, std::string& result,
                                       ErrorHandler* errh) {
    HandlerRef ref;
    HandlerStatus status = find_handler(full_name, ref);
    if (status != HandlerStatus::ok)
        return status;
    return call_read(ref, param, result, errh);
}

Router::HandlerStatus Router::call_write(std::string_view full_name, std::string_view value, ErrorHandler* errh) {
    HandlerRef ref;
    HandlerStatus status = find_handler(full_name, ref);
    if (status != HandlerStatus::ok)
        return status;
    return call_write(ref, value, errh);
}

}  // namespace snf::click
