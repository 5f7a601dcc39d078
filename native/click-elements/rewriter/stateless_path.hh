// StatelessPath: the packet path a rewriter uses when its mappings live in the
// StatelessNF store (MODE sync, async or cache) instead of its own table. The rewriter
// keeps parsing, input specs, pattern choice and header rewriting; the path decides
// where a packet's mapping comes from and when the packet may leave.
//
// The implementation (stateless_rewriter_path.cc) sits on the flow-state tier and
// registers itself with register_stateless_path_factory() at program start, so the
// rewriters build and run in native mode without it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "rewriter/flow_key.hh"
#include "snf/click/error_handler.hh"

namespace snf::click {
class IPRewriterBase;
class Packet;
}  // namespace snf::click

namespace snf::click::rewriter {

enum class StateMode : uint8_t { native, sync, async, cache };

// "native", "sync", "async", "cache".
bool parse_mode_word(const std::string& word, StateMode& mode);
const char* mode_word(StateMode mode);

struct StatelessSettings {
    StateMode mode = StateMode::native;
    std::string store_uri = "embedded:";
    std::string table;              // empty: the element's name
    uint32_t cache_size = 65536;    // cache mode: local entries
    uint32_t max_parked = 4096;     // async mode: packets waiting for the store
    double state_ttl_sec = -1;      // < 0: the rewriter's longest flow timeout; 0: no expiry
};

class StatelessPath {
public:
    virtual ~StatelessPath() = default;
    // Opens the store (from the rewriter's initialize()).
    virtual int initialize(ErrorHandler* errh) = 0;
    virtual void cleanup() = 0;
    virtual void push(int port, Packet* p) = 0;
    // FTPPortMapper's requests: find (input < 0) or find-or-create the mapping of `key`
    // and report the flow it is rewritten to; change a TCP mapping's sequence numbers.
    virtual bool map_flow(const FlowKey& key, int input, FlowKey& rewritten) = 0;
    virtual bool update_seq_delta(const FlowKey& key, uint32_t trigger, int32_t delta) = 0;
    // Registers handlers (store_failures, parked, parked_drops, ...).
    virtual void add_handlers() = 0;
    virtual std::string backend() const = 0;
    virtual uint64_t mappings_created() const = 0;
};

using StatelessPathFactory = std::unique_ptr<StatelessPath> (*)(IPRewriterBase& rewriter,
                                                                const StatelessSettings& settings);
// Installs the factory rewriters use for MODE sync/async/cache; returns true.
bool register_stateless_path_factory(StatelessPathFactory factory);
StatelessPathFactory stateless_path_factory();

}  // namespace snf::click::rewriter
