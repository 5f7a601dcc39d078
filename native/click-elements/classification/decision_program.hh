// DecisionProgram: a classifier configuration compiled once into Click's wordwise
// decision program. Each step loads four packet bytes at an aligned offset, ANDs them with
// a mask, compares with a value and jumps forward (to a later step) or to an output. The
// program is optimized when it is built: tests whose outcome the path to them already
// decides are bypassed, unreachable steps removed and identical steps merged.
//
// Matching a packet interprets nothing: a loop over precompiled steps with 32-bit loads
// (memcpy, so alignment never matters). Packets at least "safe length" long take a loop
// without length checks; shorter ones check each step's required length, and a test whose
// bytes are missing takes its short-packet branch. Bytes outside the packet buffer are
// never read.
//
// unparse() prints the program in Click's format:
//    0  12/08060000%ffff0000  yes->step 1  no->step 2
//   ...
//   safe length 22
//   alignment offset 0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "classification/classification_expr.hh"
#include "snf/click/error_handler.hh"
#include "snf/click/packet.hh"

namespace snf::click::classification {

// One classification rule: packets that satisfy `expr` (and no earlier rule) go to
// `output`; output `drop_output` drops them.
struct Rule {
    Expr expr;
    int output = 0;
};

class DecisionProgram {
public:
    // The output number returned for dropped packets (never a real output).
    static constexpr int drop_output = 0x7FFFFFFF;

    struct Step {
        WordTest test;
        // Jump targets: > 0 is a step index (always later than this step); <= 0 is
        // -(output number); jump_drop drops the packet.
        int32_t yes = 0;
        int32_t no = 0;
        int32_t jump(bool branch) const noexcept { return branch ? yes : no; }
    };
    static constexpr int32_t jump_drop = -drop_output;

    DecisionProgram() = default;
    // Compiles rules (first match wins, unmatched packets dropped) and optimizes.
    static DecisionProgram compile(const std::vector<Rule>& rules, OffsetSpace space);

    OffsetSpace space() const noexcept { return space_; }
    const std::vector<Step>& steps() const noexcept { return steps_; }
    // The output every packet goes to when the program has no step, else -1.
    int output_everything() const noexcept { return output_everything_; }
    // The largest required length of any step, in the offset space (Click's "safe length").
    uint32_t safe_length() const noexcept { return safe_length_; }
    // Click's text rendering (the "program" handler).
    std::string unparse() const;
    // Warns "output N matches no packets" for each of `noutputs` outputs no path reaches.
    void warn_unused_outputs(int noutputs, ErrorHandler* errh) const;

    // The output for packet bytes [data, data + length), readable up to `readable_end`
    // (the end of the packet's buffer). Flat programs only.
    int match_flat(const unsigned char* data, uint32_t length, const unsigned char* readable_end) const noexcept;
    // The output for an IP packet: the IP header is the network header annotation when set,
    // else the packet data; the transport header is its annotation when set past the IP
    // header, else found from the IP header length. Ip programs only.
    int match_ip(const Packet* p) const noexcept;

private:
    // A step as the matcher runs it: region-relative offset and byte-order-native words.
    struct Compiled {
        uint32_t mask;
        uint32_t value;
        int32_t yes;
        int32_t no;
        uint32_t offset;    // from the region base
        uint32_t required;  // region-relative required length
        uint8_t region;
        uint8_t short_yes;
    };
    // Where each region's bytes are: region offset 0 is base[r]; avail[r] bytes are packet
    // bytes; readable[r] bytes from base[r] may be loaded.
    struct View {
        const unsigned char* base[region_count];
        uint32_t avail[region_count];
        uint32_t readable[region_count];
    };

    void optimize();
    void finish();
    int run(const View& view) const noexcept;
    int run_checked(const View& view) const noexcept;

    OffsetSpace space_ = OffsetSpace::flat;
    std::vector<Step> steps_;
    int output_everything_ = drop_output;
    uint32_t safe_length_ = 0;
    std::vector<Compiled> compiled_;
    // Per region: bytes that must be packet bytes / readable for the unchecked loop.
    uint32_t region_safe_[region_count] = {0, 0, 0};
    uint32_t region_load_[region_count] = {0, 0, 0};
};

}  // namespace snf::click::classification
