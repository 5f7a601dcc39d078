// Timestamp: a point in wall-clock time with nanosecond resolution, the type of a
// packet's timestamp annotation. Printed the way Click prints timestamps,
// "seconds.microseconds" ("1000000000.000001").
#pragma once

#include <cstdint>
#include <string>

namespace snf::click {

class Timestamp {
public:
    constexpr Timestamp() = default;
    static constexpr Timestamp from_nsec(int64_t nsec) { return Timestamp(nsec); }
    static constexpr Timestamp make_sec(int64_t sec, uint32_t usec = 0) {
        return Timestamp(sec * 1000000000 + int64_t(usec) * 1000);
    }
    // The current wall-clock time.
    static Timestamp now();

    constexpr int64_t nsec() const noexcept { return nsec_; }
    constexpr int64_t sec() const noexcept { return floor_div(nsec_, 1000000000); }
    constexpr uint32_t subsec_usec() const noexcept {
        return uint32_t((nsec_ - sec() * 1000000000) / 1000);
    }
    constexpr double doubleval() const noexcept { return double(nsec_) / 1e9; }
    constexpr bool zero() const noexcept { return nsec_ == 0; }

    // "sec.usec" with six fraction digits.
    std::string unparse() const;

    friend constexpr bool operator==(Timestamp a, Timestamp b) { return a.nsec_ == b.nsec_; }
    friend constexpr auto operator<=>(Timestamp a, Timestamp b) { return a.nsec_ <=> b.nsec_; }

private:
    constexpr explicit Timestamp(int64_t nsec) : nsec_(nsec) {}
    static constexpr int64_t floor_div(int64_t a, int64_t b) {
        return a >= 0 ? a / b : -((-a + b - 1) / b);
    }
    int64_t nsec_ = 0;
};

}  // namespace snf::click
