// Script: parses the instructions, runs them on the router's thread (from timers, steps,
// stop requests and handlers) and bounds every activation.
#include "script.hh"

#include <cctype>
#include <cstdio>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {

std::string trim(std::string_view text) {
    std::size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    std::size_t e = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(b, e - b + 1));
}

// Splits `text` into its first word and the (trimmed) rest.
void split_first(std::string_view text, std::string& first, std::string& rest) {
    std::vector<std::string> words = split_words(text);
    first = words.empty() ? std::string() : words[0];
    std::size_t at = first.empty() ? std::string_view::npos : text.find(first);
    rest = at == std::string_view::npos ? std::string() : trim(text.substr(at + first.size()));
}

bool is_handler_name(std::string_view text) {
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_' || text[0] == '@'))
        return false;
    for (char c : text)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'')
            return false;
    return true;
}

}  // namespace

Script::Script(Type default_type)
    : type_(default_type), wait_timer_(this), start_timer_([this](Timer&) {
          if (state_ == State::idle && pos_ == 0)
              run_script();
      }) {}

bool Script::parse_instruction(const std::string& arg, std::size_t index, ErrorHandler* errh) {
    std::string op, rest;
    split_first(uncomment(arg), op, rest);
    if (op.empty())
        return true;
    Instruction insn{Op::end, false, {}, {}, "instruction " + std::to_string(index + 1)};
    bool needs_first = false;
    bool q = op.size() > 1 && op.back() == 'q' && op != "loop";
    std::string base = q ? op.substr(0, op.size() - 1) : op;
    insn.unquote = q;
    if (base == "set" || base == "init" || base == "export") {
        insn.op = base == "set" ? Op::set : base == "init" ? Op::init : Op::export_var;
        needs_first = true;
    } else if (base == "read" || base == "write") {
        insn.op = base == "read" ? Op::read : Op::write;
        needs_first = true;
    } else if (!q && (op == "print" || op == "printn")) {
        insn.op = op == "print" ? Op::print : Op::printn;
    } else if (!q && (op == "label" || op == "goto")) {
        insn.op = op == "label" ? Op::label : Op::go_to;
        needs_first = true;
    } else if (!q && op == "loop") {
        insn.op = Op::loop;
    } else if (!q && (op == "wait" || op == "wait_time" || op == "wait_for")) {
        insn.op = Op::wait;
        if (rest.empty()) {
            errh->error("'" + op + "' needs a time");
            return false;
        }
    } else if (!q && (op == "pause" || op == "wait_step" || op == "wait_stop")) {
        insn.op = Op::pause;
    } else if (!q && op == "return") {
        insn.op = Op::return_value;
    } else if (!q && (op == "stop" || op == "end" || op == "exit")) {
        insn.op = op == "stop" ? Op::stop : op == "end" ? Op::end : Op::exit;
    } else if (!q && op == "error") {
        insn.op = Op::error;
    } else {
        errh->error("unknown instruction '" + op + "'");
        return false;
    }
    if (needs_first) {
        split_first(rest, insn.first, insn.text);
        if (insn.first.empty()) {
            errh->error("'" + op + "' needs a " +
                        std::string(insn.op == Op::read || insn.op == Op::write ? "handler" :
                                    insn.op == Op::label || insn.op == Op::go_to ? "label" : "variable") +
                        " name");
            return false;
        }
    } else {
        insn.text = rest;
    }
    if (insn.op == Op::label) {
        if (!labels_.emplace(insn.first, script_.size()).second) {
            errh->error("label '" + insn.first + "' defined twice");
            return false;
        }
    }
    script_.push_back(std::move(insn));
    return true;
}

int Script::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    const int before = errh->nerrors();
    script_.clear();
    labels_.clear();
    std::size_t index = 0;
    for (const std::string& arg : conf) {
        std::vector<std::string> words = split_words(arg);
        if (!words.empty() && words[0] == "TYPE") {
            std::string type = words.size() == 2 ? words[1] : std::string();
            if (type == "ACTIVE")
                type_ = Type::active;
            else if (type == "PASSIVE")
                type_ = Type::passive;
            else if (type == "DRIVER")
                type_ = Type::driver;
            else
                errh->error("TYPE: expected ACTIVE, PASSIVE or DRIVER");
            continue;
        }
        parse_instruction(arg, index++, errh);
    }
    // A goto whose label is literal text must name a label that exists.
    for (const Instruction& insn : script_)
        if (insn.op == Op::go_to && insn.first.find('$') == std::string::npos &&
            !labels_.count(insn.first))
            errh->error("no label '" + insn.first + "'");
    return errh->nerrors() != before ? -EINVAL : 0;
}

int Script::initialize(ErrorHandler* errh) {
    if (type_ == Type::driver &&
        !router()->set_driver_manager(this, [this] { return driver_step(); }))
        return errh->error("a router can have only one DriverManager or DRIVER Script");
    vars_["0"] = name();
    for (const Instruction& insn : script_)
        if (insn.op == Op::init || insn.op == Op::export_var)
            vars_[insn.first] = expand(insn.text, insn.unquote);
    wait_timer_.initialize(this);
    start_timer_.initialize(this);
    if (type_ != Type::passive)
        start_timer_.schedule_now();
    else
        state_ = State::ended;
    return 0;
}

void Script::report(const std::string& text) {
    chatter(declaration() + ": " + text);
}

std::string Script::expand(const std::string& text, bool unquote_result) {
    StringErrorHandler errors;
    std::string result = ScriptExpander(this, vars_).expand(text, &errors);
    for (const auto& e : errors.entries())
        report(e.text);
    return unquote_result ? unquote(result) : result;
}

void Script::run_script() {
    if (state_ == State::running)
        return;
    state_ = State::running;
    uint32_t steps = 0;
    while (state_ == State::running) {
        if (pos_ >= script_.size()) {
            end_script();
            break;
        }
        if (++steps > max_steps) {
            report("more than " + std::to_string(max_steps) +
                   " instructions without waiting (endless loop?); script stopped");
            end_script();
            break;
        }
        if (!execute(script_[pos_]))
            break;
    }
}

bool Script::jump(const std::string& label) {
    auto it = labels_.find(label);
    if (it == labels_.end()) {
        report("no label '" + label + "'; script stopped");
        end_script();
        return false;
    }
    pos_ = it->second;
    return true;
}

bool Script::execute(const Instruction& insn) {
    StringErrorHandler errh;
    switch (insn.op) {
    case Op::set:
        vars_[insn.first] = expand(insn.text, insn.unquote);
        break;
    case Op::init:
    case Op::export_var:
    case Op::label:
        break;
    case Op::print:
    case Op::printn: {
        std::string text = trim(expand(insn.text, false));
        std::string value;
        if (is_handler_name(text) &&
            router()->call_read(text, "", value, &errh) == Router::HandlerStatus::ok) {
            if (!value.empty() && value.back() == '\n')
                value.pop_back();
        } else {
            value = unquote(text);
        }
        if (insn.op == Op::print)
            value += '\n';
        std::fwrite(value.data(), 1, value.size(), stdout);
        std::fflush(stdout);
        break;
    }
    case Op::read: {
        std::string handler = expand(insn.first, true);
        std::string value;
        if (router()->call_read(handler, expand(insn.text, insn.unquote), value, &errh) !=
            Router::HandlerStatus::ok) {
            report("no readable handler '" + handler + "'");
            for (const auto& e : errh.entries())
                chatter("  " + e.text);
            break;
        }
        if (!value.empty() && value.back() == '\n')
            value.pop_back();
        chatter(handler + ":\n" + value);
        break;
    }
    case Op::write: {
        std::string handler = expand(insn.first, true);
        if (router()->call_write(handler, expand(insn.text, insn.unquote), &errh) !=
            Router::HandlerStatus::ok) {
            report("write handler '" + handler + "' failed");
            for (const auto& e : errh.entries())
                chatter("  " + e.text);
        }
        // The handler may have ended or moved this script (write stop, goto...).
        if (state_ != State::running)
            return false;
        break;
    }
    case Op::go_to: {
        if (!insn.text.empty()) {
            std::string condition = expand(insn.text, true);
            bool yes = false;
            if (!ScriptExpander::parse_bool(condition, yes)) {
                report(insn.landmark + ": goto condition '" + condition + "' is not true or false");
                yes = false;
            }
            if (!yes)
                break;
        }
        return jump(expand(insn.first, true));
    }
    case Op::loop:
        pos_ = 0;
        return true;
    case Op::wait: {
        std::string text = expand(insn.text, true);
        std::optional<double> seconds = SecondsArg::parse_seconds(text);
        if (!seconds || *seconds < 0) {
            report(insn.landmark + ": '" + text + "' is not a time");
            break;
        }
        state_ = State::waiting;
        wait_timer_.schedule_after_sec(*seconds);
        return false;
    }
    case Op::pause: {
        uint32_t count = 1;
        std::string text = expand(insn.text, true);
        if (!text.empty()) {
            ArgContext ctx(this, &errh);
            if (!IntArg().parse(text, count, ctx)) {
                report(insn.landmark + ": '" + text + "' is not a step count");
                break;
            }
        }
        if (count == 0)
            break;
        state_ = State::paused;
        pause_remaining_ = count;
        return false;
    }
    case Op::return_value:
        return_value_ = expand(insn.text, true);
        end_script();
        return false;
    case Op::stop:
        end_script();
        if (type_ != Type::driver)
            router()->please_stop_driver();
        return false;
    case Op::end:
    case Op::exit:
        end_script();
        return false;
    case Op::error:
        report(expand(insn.text, true));
        end_script();
        return false;
    }
    ++pos_;
    return true;
}

void Script::end_script() {
    const bool was_ended = state_ == State::ended;
    state_ = State::ended;
    pos_ = script_.size();
    wait_timer_.unschedule();
    start_timer_.unschedule();
    // A DRIVER script's end stops the driver; inside driver_step the return value does.
    if (type_ == Type::driver && !was_ended && !in_driver_step_)
        router()->please_stop_driver();
}

void Script::step(uint32_t count) {
    if (state_ == State::paused) {
        if (pause_remaining_ > count) {
            pause_remaining_ -= count;
            return;
        }
    } else if (state_ == State::waiting) {
        wait_timer_.unschedule();
    } else {
        return;
    }
    ++pos_;
    state_ = State::idle;
    run_script();
}

void Script::run_timer(Timer*) {
    if (state_ != State::waiting)
        return;
    ++pos_;
    state_ = State::idle;
    run_script();
}

bool Script::driver_step() {
    // Taking the stop request keeps the router running unless the script then ends.
    router()->adjust_runcount(1);
    in_driver_step_ = true;
    if (state_ == State::idle && pos_ == 0 && start_timer_.scheduled()) {
        // Stopped before the script started: start it, then let this request count.
        start_timer_.unschedule();
        run_script();
    }
    step(1);
    in_driver_step_ = false;
    if (state_ == State::ended) {
        router()->adjust_runcount(-1);
        return false;
    }
    return true;
}

std::string Script::run_from_start(const std::string& args, ErrorHandler* errh) {
    if (state_ == State::running) {
        errh->error("the script is already running");
        return {};
    }
    wait_timer_.unschedule();
    start_timer_.unschedule();
    vars_["args"] = args;
    std::vector<std::string> words = split_words(args);
    for (int i = 1; i <= 9; ++i)
        vars_[std::to_string(i)] = std::size_t(i) <= words.size() ? words[std::size_t(i - 1)] : std::string();
    return_value_.clear();
    pos_ = 0;
    state_ = State::idle;
    run_script();
    return return_value_;
}

void Script::add_handlers() {
    add_write_handler("step", [this](const std::string& value, ErrorHandler* errh) {
        uint32_t count = 1;
        std::string text = trim(value);
        ArgContext ctx(this, errh);
        if (!text.empty() && !IntArg().parse(text, count, ctx))
            return -EINVAL;
        if (state_ == State::running)
            return errh->error("the script is running");
        step(count);
        return 0;
    });
    add_write_handler("goto", [this](const std::string& value, ErrorHandler* errh) {
        std::string label = unquote(trim(value));
        if (!labels_.count(label))
            return errh->error("no label '" + label + "'");
        if (state_ == State::running)
            return errh->error("the script is running");
        wait_timer_.unschedule();
        start_timer_.unschedule();
        pos_ = labels_[label];
        state_ = State::idle;
        run_script();
        return 0;
    });
    add_read_param_handler("run", [this](const std::string& param, ErrorHandler* errh) {
        return run_from_start(trim(param), errh);
    }, Handler::read_param);
    add_write_handler("run", [this](const std::string& value, ErrorHandler* errh) {
        StringErrorHandler errors;
        run_from_start(trim(value), &errors);
        for (const auto& e : errors.entries())
            errh->error(e.text);
        return errors.entries().empty() ? 0 : -EINVAL;
    });
    for (const Instruction& insn : script_) {
        if (insn.op != Op::export_var)
            continue;
        std::string var = insn.first;
        add_read_handler(var, [this, var] { return vars_[var]; }, Handler::calm);
        add_write_handler(var, [this, var](const std::string& value, ErrorHandler*) {
            vars_[var] = trim(value);
            return 0;
        });
    }
}

SNF_EXPORT_ELEMENT(Script)

}  // namespace snf::click
