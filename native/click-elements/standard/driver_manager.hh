// DriverManager: a script that decides when the driver stops.
//
//   DriverManager(INSTRUCTIONS...)
//
// Without a DriverManager the router stops at the first stop request (an element's STOP,
// a write to the global "stop" handler). With one, each stop request advances its script
// instead, and the router stops only when the script ends or runs "stop". The script
// starts when the router is initialized. Instructions, one per argument:
//   pause [COUNT], wait_stop [COUNT]   wait for COUNT stop requests (default 1)
//   wait TIME, wait_time TIME          wait TIME (e.g. 100ms), or until a stop request
//   stop                               stop the driver now
//   end, exit                          end the script (which stops the driver)
//   print [TEXT | HANDLER]             print text, or a read handler's value, to stdout
//   read HANDLER                       print "HANDLER:\nVALUE" to stderr
//   write HANDLER [VALUE]              call a write handler
// A word starting with a letter, '_' or '@' after print is a handler name
// ("c.count"; a name without '.' is a global handler); anything else is printed after
// one layer of quotes is removed.
//
// Handlers: step (write) counts as one stop request.
#pragma once

#include <string>
#include <vector>

#include "snf/click/element.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class DriverManager : public Element {
public:
    DriverManager();
    const char* class_name() const override { return "DriverManager"; }
    const char* port_count() const override { return "0/0"; }
    int configure_phase() const override { return configure_phase_last; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    void run_timer(Timer* timer) override;

private:
    enum class Op { pause, wait, stop, end, print, read, write };
    struct Instruction {
        Op op;
        std::string text;   // print text/handler, read/write handler
        std::string value;  // write value
        uint32_t count = 1; // pause count
        double seconds = 0; // wait time
    };
    enum class State { idle, paused, waiting, ended };

    // Hands one stop request to the script; false when the router should stop.
    bool driver_step();
    // Runs instructions until one blocks or the script ends; true if it ended.
    bool run_until_block();
    void execute_io(const Instruction& insn);

    std::vector<Instruction> script_;
    std::size_t pos_ = 0;
    State state_ = State::idle;
    uint32_t pause_remaining_ = 0;
    Timer wait_timer_;
    Timer start_timer_;
};

}  // namespace snf::click
