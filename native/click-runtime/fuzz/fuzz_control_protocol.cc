// libFuzzer target: feeds arbitrary bytes to a ControlSocket connection (the protocol
// parser, without sockets) attached to a small live router, split into two chunks at a
// point the input chooses so partial lines and data blocks are exercised, on a
// read-write and a read-only connection. Command lines carry handler names, so the
// handler-name lookup ("e.h", "N.h", global names) is fuzzed too, and a passive Script's
// "run" handler feeds handler parameters through the script expansions. Any crash, sanitizer
// report, hang or out-of-memory is a bug: bad input must only ever produce error replies.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "snf/click/chatter.hh"
#include "snf/click/control_protocol.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/router.hh"

namespace {

// Elements with read, write, parameter and button handlers. The router is never run, so
// writes such as "stop" only change counters.
constexpr std::string_view fuzz_configuration =
    "src :: InfiniteSource(LIMIT 0) -> c :: Counter -> q :: Queue(4) -> u :: Unqueue -> d :: Discard;\n"
    "Idle -> p :: Paint(3) -> t :: Truncate(8) -> Discard;\n"
    "s :: Script(TYPE PASSIVE, export v 1, set v $(add $v $1), goto end $(gt $v 3), return $(mul $v $2),\n"
    "            label end, return $(if $(in $args a b) yes $(div $v $3)));\n";

snf::click::Router* fuzz_router() {
    static std::unique_ptr<snf::click::Router> router = [] {
        // Script errors are expected by the thousand; they would drown the fuzzer's log.
        snf::click::set_chatter_sink([](std::string_view) {});
        snf::click::Diagnostics diagnostics;
        return snf::click::Router::create(fuzz_configuration, "fuzz.click", {}, diagnostics);
    }();
    return router.get();
}

void drive(snf::click::Router* router, bool read_only, std::string_view bytes, std::size_t split) {
    snf::click::ControlConnection connection(router, read_only);
    connection.receive(bytes.substr(0, split));
    (void)connection.take_output();
    connection.receive(bytes.substr(split));
    connection.end_of_input();
    (void)connection.take_output();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // The first byte picks the split point; the rest is the connection's input.
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::size_t split = bytes.empty() ? 0 : std::size_t(data[0]) % (bytes.size() + 1);
    drive(fuzz_router(), true, bytes, split);
    drive(fuzz_router(), false, bytes, split);
    drive(nullptr, false, bytes, split);
    return 0;
}
