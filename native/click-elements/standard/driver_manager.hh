// DriverManager: a script that decides when the driver stops, as in Click: exactly a
// Script of TYPE DRIVER (script.hh has the instruction language and its expansions).
//
//   DriverManager(INSTRUCTIONS...)
//
// Without a DriverManager the router stops at the first stop request (an element's STOP,
// a write to the global "stop" handler). With one, each stop request advances its script
// instead (waking "pause"/"wait_stop"/"wait"), and the router stops only when the script
// ends or runs "stop". The script starts when the router is initialized.
#pragma once

#include "script.hh"

namespace snf::click {

class DriverManager : public Script {
public:
    DriverManager() : Script(Type::driver) {}
    const char* class_name() const override { return "DriverManager"; }
};

}  // namespace snf::click
