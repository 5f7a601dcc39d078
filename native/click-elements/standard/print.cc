// Print: formats packet lines the way Click's Print does.
#include "print.hh"

#include <cstdio>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int Print::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string label, contents = "HEX";
    int32_t max_length = 24;
    bool timestamp = false, headroom = false, print_anno = false, active = true;
    if (Args(conf, this, errh)
            .read_p("LABEL", label)
            .read_p("MAXLENGTH", max_length)
            .read("LENGTH", Args::deprecated, IntArg(), max_length)
            .read("NBYTES", Args::deprecated, IntArg(), max_length)
            .read("CONTENTS", WordArg(), contents)
            .read("TIMESTAMP", timestamp)
            .read("HEADROOM", headroom)
            .read("PRINTANNO", print_anno)
            .read("ACTIVE", active)
            .complete() < 0)
        return -EINVAL;
    Contents mode;
    if (auto b = BoolArg::parse(contents)) {
        mode = *b ? Contents::hex : Contents::none;
    } else {
        std::string upper = contents;
        for (char& c : upper)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        if (upper == "NONE")
            mode = Contents::none;
        else if (upper == "HEX")
            mode = Contents::hex;
        else if (upper == "ASCII")
            mode = Contents::ascii;
        else
            return errh->error("bad contents value '" + contents + "'; should be 'NONE', 'HEX', or 'ASCII'");
    }
    label_ = label;
    max_length_ = max_length;
    contents_ = mode;
    timestamp_ = timestamp;
    headroom_ = headroom;
    print_anno_ = print_anno;
    active_ = active;
    return 0;
}

std::string Print::describe(const Packet* p) const {
    std::string s;
    const char* sep = "";
    if (!label_.empty()) {
        s += label_;
        sep = ": ";
    }
    if (timestamp_) {
        s += sep;
        s += p->timestamp_anno().unparse();
        sep = ": ";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%4u", sep, p->length());
    s += buf;
    if (headroom_) {
        std::snprintf(buf, sizeof buf, " (h%u t%u)", p->headroom(), p->tailroom());
        s += buf;
    }
    if (print_anno_) {
        s += " | ";
        for (uint32_t i = 0; i < Packet::anno_size; ++i) {
            std::snprintf(buf, sizeof buf, "%02x", p->anno()[i]);
            s += buf;
        }
    }
    uint32_t bytes = contents_ == Contents::none ? 0 : p->length();
    if (contents_ != Contents::none && max_length_ >= 0 && uint32_t(max_length_) < bytes)
        bytes = uint32_t(max_length_);
    if (bytes) {
        s += " | ";
        const unsigned char* data = p->data();
        for (uint32_t i = 0; i < bytes; ++i) {
            if (contents_ == Contents::hex) {
                if (i && i % 4 == 0)
                    s += ' ';
                std::snprintf(buf, sizeof buf, "%02x", data[i]);
                s += buf;
            } else {
                if (i % 8 == 0)
                    s += ' ';
                s += (data[i] < 32 || data[i] > 126) ? '.' : char(data[i]);
            }
        }
    }
    return s;
}

Packet* Print::simple_action(Packet* p) {
    if (active_)
        chatter(describe(p));
    return p;
}

void Print::add_handlers() {
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        return 0;
    });
}

SNF_EXPORT_ELEMENT(Print)

}  // namespace snf::click
