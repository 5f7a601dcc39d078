// ClusterTopology: which master serves each of the 16384 slots, learned from CLUSTER
// SLOTS and corrected by MOVED redirections, shared by the blocking and async paths of
// one client (thread-safe). It also keeps every node it ever learned of (masters,
// replicas, the URI's seeds) to discover the cluster from again after a failover.
//
// The redirection replies: "MOVED <slot> <host>:<port>" (the slot lives elsewhere now:
// remember it, retry there) and "ASK <slot> <host>:<port>" (the slot is migrating and
// this key already moved: send ASKING then the command to that node, once, without
// remembering it).
#pragma once

#include <hiredis/hiredis.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "redis_cluster_options.hh"
#include "redis_cluster_slots.hh"

namespace snf::redis {

struct SlotMap {
    static constexpr int16_t kNoOwner = -1;
    std::vector<NodeAddress> masters;
    std::vector<NodeAddress> replicas;
    std::array<int16_t, kClusterSlots> owner;  // index into masters, or kNoOwner

    SlotMap() { owner.fill(kNoOwner); }
};

// Parses a CLUSTER SLOTS reply. `asked` stands in for nodes reported without an address.
// SNF_ERR_PROTOCOL (with a message) if the reply is not shaped like one.
int32_t parse_cluster_slots(const redisReply* reply, const NodeAddress& asked, SlotMap& out,
                            std::string& error);

struct Redirect {
    enum class Kind : uint8_t { Moved, Ask } kind = Kind::Moved;
    uint16_t slot = 0;
    NodeAddress target;
};

// True (filling `out`) for a MOVED or ASK error reply.
bool parse_redirect(const redisReply* reply, Redirect& out);

// True for the error replies that mean "not now, the same command may succeed soon":
// TRYAGAIN (keys of a multi-key command mid-migration), CLUSTERDOWN (no quorum, or a
// slot without a master during a failover), LOADING and MASTERDOWN.
bool is_retry_later(const redisReply* reply) noexcept;

class ClusterTopology {
public:
    explicit ClusterTopology(std::vector<NodeAddress> seeds);

    // The master serving `slot`; false when no node is known to serve it.
    bool master_of(uint16_t slot, NodeAddress& out) const;
    // Calls read(map) with the map locked: many slots looked up for one lock.
    template <class Read>
    void read_map(Read&& read) const {
        std::lock_guard<std::mutex> lock(mutex_);
        read(static_cast<const SlotMap&>(map_));
    }
    // Every master of the current map.
    std::vector<NodeAddress> masters() const;
    // Nodes to ask for the map, best first: masters, replicas, then the seeds.
    std::vector<NodeAddress> discovery_candidates() const;
    bool loaded() const;

    void replace(SlotMap map);
    // A MOVED reply: `slot` is served by `node` from now on.
    void moved(uint16_t slot, const NodeAddress& node);

private:
    mutable std::mutex mutex_;
    SlotMap map_;
    std::vector<NodeAddress> seeds_;
    bool loaded_ = false;
};

}  // namespace snf::redis
