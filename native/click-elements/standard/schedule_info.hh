// ScheduleInfo: gives the tasks of named elements a share of the router's thread.
//
//   ScheduleInfo(ELEMENT PARAM, ...)
//
// Each argument names an element (looked up in ScheduleInfo's compound scope first, as
// Click does) and a real PARAM: its tasks get PARAM times the default number of tickets,
// so "ScheduleInfo(from .1, to 1)" runs `to` ten times as often as `from`. Configured
// early, so the settings are in place when the elements' tasks start.
//
// Handlers: only the standard ones.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class ScheduleInfo : public Element {
public:
    const char* class_name() const override { return "ScheduleInfo"; }
    int configure_phase() const override { return configure_phase_info; }
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
};

}  // namespace snf::click
