// Timestamp: reading the wall clock and printing "sec.usec".
#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "snf/click/timestamp.hh"

namespace snf::click {

Timestamp Timestamp::now() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return Timestamp(int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec);
}

std::string Timestamp::unparse() const {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%" PRId64 ".%06u", sec(), unsigned(subsec_usec()));
    return buf;
}

}  // namespace snf::click
