// Script: Click's scripting element, for controlling a configuration from inside it.
//
//   Script([TYPE ACTIVE | PASSIVE | DRIVER,] INSTRUCTIONS...)
//
// ACTIVE (the default) scripts start when the router is initialized; PASSIVE scripts run
// only through the "run" handler; a DRIVER script also decides when the driver stops,
// like DriverManager: each stop request wakes it as a step, and the router stops when it
// ends. Instructions, one per argument; text is expanded first (ScriptExpander: $VAR,
// $(HANDLER), $(add 1 2), ...), and the "q" forms then remove one layer of quotes:
//   set VAR TEXT, setq            set a variable
//   init VAR TEXT, initq          set a variable once, when the element is initialized
//   export VAR [TEXT], exportq    like init, plus read/write handlers named VAR
//   print [TEXT | HANDLER]        print text, or a read handler's value, to stdout
//   printn [TEXT | HANDLER]       the same without the newline
//   read HANDLER [ARGS], readq    print "HANDLER:\nVALUE" to stderr
//   write HANDLER [ARGS], writeq  call a write handler
//   label NAME                    a target for goto
//   goto NAME [CONDITION]         jump to label NAME (when CONDITION is true)
//   loop                          jump to the first instruction
//   wait TIME                     wait (e.g. 100ms); a step also ends the wait
//   pause [N], wait_step [N], wait_stop [N]   wait for N steps (default 1)
//   return [VALUE]                end this run; VALUE is what a "run" read returns
//   stop                          stop the driver and end the script
//   end                           end the script
//   exit                          end the script (a DRIVER script then stops the driver)
//   error [MESSAGE]               report MESSAGE and end the script
// One activation runs at most max_steps instructions without waiting; a script that
// runs more (an endless goto loop) is stopped with an error instead of hanging the
// router.
//
// Handlers: step (write [N]: N steps, waking a pause or wait), goto (write LABEL: jump
// and run), run (read [ARGS] or write [ARGS]: run from the start with $args and $1..$9
// set from ARGS; a read returns the "return" value), plus one per exported variable.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "script_expander.hh"
#include "snf/click/element.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class Script : public Element {
public:
    static constexpr uint32_t max_steps = 100000;

    Script() : Script(Type::active) {}
    const char* class_name() const override { return "Script"; }
    const char* port_count() const override { return "0/0"; }
    int configure_phase() const override { return configure_phase_last; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    void run_timer(Timer* timer) override;

protected:
    enum class Type { active, passive, driver };
    // For elements that are scripts of a fixed default type (DriverManager).
    explicit Script(Type default_type);

private:
    enum class Op {
        set, init, export_var, print, printn, read, write, label, go_to, loop, wait, pause,
        return_value, stop, end, exit, error
    };
    struct Instruction {
        Op op;
        bool unquote = false;   // the "q" form
        std::string first;      // variable, handler or label name (unexpanded)
        std::string text;       // the rest of the argument (unexpanded)
        std::string landmark;   // "Script instruction N" for messages
    };
    enum class State { idle, running, paused, waiting, ended };

    bool parse_instruction(const std::string& arg, std::size_t index, ErrorHandler* errh);
    // Runs from pos_ until the script blocks or ends.
    void run_script();
    // Executes one instruction; false when the activation should stop.
    bool execute(const Instruction& insn);
    // Wakes a pause or wait with `count` steps, then runs if it woke.
    void step(uint32_t count);
    void end_script();
    bool jump(const std::string& label);
    // Runs the whole script from the start with the given arguments; the return value.
    std::string run_from_start(const std::string& args, ErrorHandler* errh);
    std::string expand(const std::string& text, bool unquote_result);
    void report(const std::string& text);
    bool driver_step();

    Type type_ = Type::active;
    std::vector<Instruction> script_;
    std::map<std::string, std::size_t, std::less<>> labels_;
    ScriptExpander::Variables vars_;
    std::size_t pos_ = 0;
    State state_ = State::idle;
    uint32_t pause_remaining_ = 0;
    std::string return_value_;
    bool in_driver_step_ = false;
    Timer wait_timer_;
    Timer start_timer_;
};

}  // namespace snf::click
