// Runs Redis commands on a cluster: each goes to the master serving its slot (or to a
// node named for it), grouped into one pipeline per node; the pipelines of all nodes are
// sent before any reply is read, so a batch spread over N masters costs one round trip,
// not N. Replies that only say "elsewhere" or "not now" are handled here, so callers
// only ever see final replies:
//   MOVED        the slot map is corrected (and reloaded once per round), the command resent
//   ASK          the command is resent once to the named node, after ASKING
//   TRYAGAIN, CLUSTERDOWN, LOADING, MASTERDOWN, a node that cannot be connected to, a
//                slot no master serves: resent with backoff (10 ms doubling to 200 ms)
//                after reloading the slot map, until command_timeout_ms has passed
// A command is resent after a lost connection only when it is a read (up to read_retries
// times); a write's outcome is then unknown and reported as such. At most 16
// redirections per command. With wait_replicas, each node's pipeline that carries a
// write ends with WAIT, whose verdict goes to the writes that node took.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redis_cluster_nodes.hh"
#include "redis_resp.hh"
#include "snf/snf_client.h"

namespace snf::redis {

struct ClusterCommand {
    // In.
    std::string encoded;                // exactly one RESP command
    uint16_t slot = 0;                  // routed to the slot's master...
    std::optional<NodeAddress> node;    // ...unless a node is named (no redirections then)
    bool is_write = false;              // never resent once it may have run
    bool wait_for_replicas = false;     // covered by the node's WAIT

    // Out: a final reply, or status != SNF_OK with a message.
    ReplyPtr reply;
    int32_t status = SNF_OK;
    std::string error;
    int32_t wait_status = SNF_OK;       // the WAIT verdict, for wait_for_replicas commands
    std::string wait_error;

    // Routing state.
    std::optional<NodeAddress> ask;     // the ASK target for the next attempt
    uint32_t redirects = 0;
    uint32_t resends = 0;
};

// Runs every command to its final reply or status. `nodes` must be prepared.
void run_cluster_commands(ClusterNodes& nodes, std::vector<ClusterCommand>& commands);

}  // namespace snf::redis
