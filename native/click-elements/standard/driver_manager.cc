// DriverManager: parses the script and steps through it on stop requests and timers.
#include "driver_manager.hh"

#include <cctype>
#include <cstdio>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

DriverManager::DriverManager()
    : wait_timer_(this), start_timer_([this](Timer&) {
          if (run_until_block())
              router()->please_stop_driver();
      }) {}

int DriverManager::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::vector<Instruction> script;
    const int before = errh->nerrors();
    for (const std::string& arg : conf) {
        std::vector<std::string> words = split_words(arg);
        if (words.empty())
            continue;
        const std::string& op = words[0];
        std::string rest;
        if (std::size_t space = arg.find_first_of(" \t\r\n"); space != std::string::npos)
            rest = uncomment(arg.substr(space));
        Instruction insn{Op::stop, {}, {}, 1, 0};
        ArgContext ctx(this, errh);
        if (op == "pause" || op == "wait_stop") {
            insn.op = Op::pause;
            if (!rest.empty() && !IntArg().parse(rest, insn.count, ctx))
                continue;
        } else if (op == "wait" || op == "wait_time" || op == "wait_for") {
            insn.op = Op::wait;
            if (!SecondsArg().parse(rest, insn.seconds, ctx))
                continue;
        } else if (op == "stop") {
            insn.op = Op::stop;
        } else if (op == "end" || op == "exit") {
            insn.op = Op::end;
        } else if (op == "print") {
            insn.op = Op::print;
            insn.text = rest;
        } else if (op == "read" || op == "write") {
            insn.op = op == "read" ? Op::read : Op::write;
            if (words.size() < 2) {
                errh->error("'" + op + "' needs a handler name");
                continue;
            }
            insn.text = words[1];
            std::size_t at = rest.find(words[1]);
            insn.value = uncomment(rest.substr(at + words[1].size()));
        } else {
            errh->error("unknown instruction '" + op + "'");
            continue;
        }
        script.push_back(std::move(insn));
    }
    if (errh->nerrors() != before)
        return -EINVAL;
    script_ = std::move(script);
    return 0;
}

int DriverManager::initialize(ErrorHandler* errh) {
    if (!router()->set_driver_manager(this, [this] { return driver_step(); }))
        return errh->error("a router can have only one DriverManager");
    wait_timer_.initialize(this);
    start_timer_.initialize(this);
    start_timer_.schedule_now();
    return 0;
}

bool DriverManager::run_until_block() {
    // The script has no jumps, so it blocks or ends within script_.size() steps.
    while (pos_ < script_.size()) {
        const Instruction& insn = script_[pos_];
        switch (insn.op) {
        case Op::pause:
            state_ = State::paused;
            pause_remaining_ = insn.count;
            if (pause_remaining_ > 0)
                return false;
            ++pos_;
            continue;
        case Op::wait:
            state_ = State::waiting;
            wait_timer_.schedule_after_sec(insn.seconds);
            return false;
        case Op::stop:
        case Op::end:
            pos_ = script_.size();
            break;
        default:
            execute_io(insn);
            ++pos_;
            continue;
        }
    }
    state_ = State::ended;
    wait_timer_.unschedule();
    return true;
}

bool DriverManager::driver_step() {
    // Taking the stop request keeps the router running unless the script then ends.
    router()->adjust_runcount(1);
    if (state_ == State::idle) {
        // Stopped before the script started: start it, then let this request count.
        start_timer_.unschedule();
        if (run_until_block()) {
            router()->adjust_runcount(-1);
            return false;
        }
    }
    switch (state_) {
    case State::paused:
        if (pause_remaining_ > 0 && --pause_remaining_ > 0)
            return true;
        ++pos_;
        break;
    case State::waiting:
        wait_timer_.unschedule();
        ++pos_;
        break;
    case State::idle:
        break;
    case State::ended:
        router()->adjust_runcount(-1);
        return false;
    }
    state_ = State::idle;
    if (run_until_block()) {
        router()->adjust_runcount(-1);
        return false;
    }
    return true;
}

void DriverManager::run_timer(Timer*) {
    if (state_ != State::waiting)
        return;
    ++pos_;
    state_ = State::idle;
    if (run_until_block())
        router()->please_stop_driver();
}

void DriverManager::execute_io(const Instruction& insn) {
    StringErrorHandler errh;
    if (insn.op == Op::print) {
        std::string text;
        const std::string& arg = insn.text;
        if (!arg.empty() && (std::isalpha(static_cast<unsigned char>(arg[0])) || arg[0] == '_' || arg[0] == '@')) {
            if (router()->call_read(arg, "", text, &errh) != Router::HandlerStatus::ok) {
                chatter(declaration() + ": no readable handler '" + arg + "'");
                for (const auto& e : errh.entries())
                    chatter("  " + e.text);
                return;
            }
        } else {
            text = unquote(arg);
        }
        if (text.empty() || text.back() != '\n')
            text += '\n';
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    } else if (insn.op == Op::read) {
        std::string text;
        if (router()->call_read(insn.text, "", text, &errh) != Router::HandlerStatus::ok) {
            chatter(declaration() + ": no readable handler '" + insn.text + "'");
            return;
        }
        if (!text.empty() && text.back() == '\n')
            text.pop_back();
        chatter(insn.text + ":\n" + text);
    } else if (insn.op == Op::write) {
        if (router()->call_write(insn.text, insn.value, &errh) != Router::HandlerStatus::ok) {
            chatter(declaration() + ": write handler '" + insn.text + "' failed");
            for (const auto& e : errh.entries())
                chatter("  " + e.text);
        }
    }
}

void DriverManager::add_handlers() {
    add_write_handler("step", [this](const std::string&, ErrorHandler*) {
        router()->please_stop_driver();
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(DriverManager)

}  // namespace snf::click
