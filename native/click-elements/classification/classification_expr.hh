// The language every classifier configuration is lowered to before compilation: boolean
// trees (and, or, not, ternary, constants) over word tests. A word test compares four
// packet bytes at a 4-aligned offset, ANDed with a mask, against a value, the way Click's
// classifiers test packets. Bytes are written as they lie in the packet: the most
// significant byte of `value` and `mask` is the byte at `offset`.
//
// A test on a packet too short to hold every byte its mask selects does not look at the
// packet; it yields `short_result` instead (false unless a negation flipped it, see
// negate_keep_short()).
//
// Offsets are interpreted by an OffsetSpace: `flat` counts from the packet data
// (Classifier); `ip` is Click's IPFilter space, where 0-255 count from two bytes before
// the MAC header, 256-511 from the IP header and 512 onward from the transport header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snf::click::classification {

enum class OffsetSpace : uint8_t { flat, ip };

// Bases of the regions of the ip offset space.
inline constexpr uint32_t offset_mac = 0;
inline constexpr uint32_t offset_net = 256;
inline constexpr uint32_t offset_transp = 512;
inline constexpr int region_count = 3;

// Which region of `space` an offset lies in (always 0 for flat) and its base offset.
inline int region_of(OffsetSpace space, uint32_t offset) noexcept {
    if (space == OffsetSpace::flat)
        return 0;
    return offset >= offset_transp ? 2 : offset >= offset_net ? 1 : 0;
}
inline uint32_t region_base(OffsetSpace space, int region) noexcept {
    if (space == OffsetSpace::flat)
        return 0;
    return region == 2 ? offset_transp : region == 1 ? offset_net : offset_mac;
}

struct WordTest {
    uint32_t offset = 0;  // a multiple of 4
    uint32_t value = 0;   // always within mask
    uint32_t mask = 0;
    bool short_result = false;

    // One past the last byte the mask selects (0 when the mask is empty).
    uint32_t required_length() const noexcept {
        if (mask & 0xFFu)
            return offset + 4;
        if (mask & 0xFF00u)
            return offset + 3;
        if (mask & 0xFF0000u)
            return offset + 2;
        if (mask)
            return offset + 1;
        return 0;
    }
    friend bool operator==(const WordTest&, const WordTest&) = default;
};

struct Expr {
    enum class Kind : uint8_t { constant, test, negation, conjunction, disjunction, ternary };

    Kind kind = Kind::constant;
    bool constant_value = true;  // for constant
    WordTest test;               // for test
    std::vector<Expr> children;  // negation: 1; conjunction/disjunction: any; ternary: 3

    static Expr constant(bool value);
    // A test; an empty mask makes the constant true (nothing is read, nothing can be short).
    static Expr word(uint32_t offset, uint32_t value, uint32_t mask);
    static Expr negate(Expr e);
    static Expr all_of(std::vector<Expr> parts);
    static Expr any_of(std::vector<Expr> parts);
    static Expr ternary(Expr condition, Expr if_true, Expr if_false);

    bool is_constant(bool value) const noexcept { return kind == Kind::constant && constant_value == value; }
    // A readable rendering for test failures and debugging.
    std::string unparse() const;
};

// Flips the short-packet result of every test in `e`.
Expr flip_short(Expr e);
// Click's negation of a relation ('!=', '<=', ...): the tested bytes decide the opposite,
// but a packet too short for them still gets the same answer as before.
Expr negate_keep_short(Expr e);

}  // namespace snf::click::classification
