// Print: prints a line describing each packet to standard error, then passes it on.
//
//   Print([LABEL, MAXLENGTH, CONTENTS, TIMESTAMP, HEADROOM, PRINTANNO, ACTIVE])
//
// LABEL (string): printed first, followed by ": ". MAXLENGTH (integer, default 24; -1
// = all): bytes of contents shown. CONTENTS (NONE, HEX or ASCII, or a boolean; default
// HEX). TIMESTAMP (bool): print the timestamp annotation. HEADROOM (bool): print
// "(h<headroom> t<tailroom>)". PRINTANNO (bool): print the annotation area in hex.
// ACTIVE (bool, default true): print at all. The format is Click's:
// "label: <length> | 0a0b0c0d 0e0f..." with a space after every four bytes.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: active (read/write).
#pragma once

#include <string>

#include "snf/click/element.hh"

namespace snf::click {

class Print : public Element {
public:
    const char* class_name() const override { return "Print"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    // The line printed for `p` (without newline).
    std::string describe(const Packet* p) const;

private:
    enum class Contents { none, hex, ascii };
    std::string label_;
    int32_t max_length_ = 24;
    Contents contents_ = Contents::hex;
    bool timestamp_ = false;
    bool headroom_ = false;
    bool print_anno_ = false;
    bool active_ = true;
};

}  // namespace snf::click
