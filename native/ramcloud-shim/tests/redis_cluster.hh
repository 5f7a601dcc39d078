// RedisCluster: a real Redis Cluster for tests: `masters` redis-server processes (and
// `replicas_per_master` replicas of each) with cluster mode on, each on a free loopback
// port (and a free cluster bus port) in a temporary directory of its own (RedisServer),
// joined as `redis-cli --cluster create` would (slots split evenly, CLUSTER MEET,
// CLUSTER REPLICATE) and waited for (bounded) until every node reports cluster_state:ok
// and every master's replicas are streaming. The destructor kills every
// process and removes the directories, also after a failed start or a failed test.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "redis_server.hh"

namespace snf::test {

class RedisCluster {
public:
    struct Options {
        int masters = 3;
        int replicas_per_master = 0;
        // cluster-node-timeout: how long a silent master takes to count as failed.
        int node_timeout_ms = 1000;
    };

    RedisCluster();
    explicit RedisCluster(Options options);
    ~RedisCluster();
    RedisCluster(const RedisCluster&) = delete;
    RedisCluster& operator=(const RedisCluster&) = delete;

    // Starts and joins the cluster; "" on success, otherwise what went wrong.
    std::string start();

    // "redis-cluster://127.0.0.1:P1,127.0.0.1:P2,..." (every node), "?options" appended.
    std::string uri(const std::string& options = "") const;

    size_t size() const { return nodes_.size(); }
    RedisServer& node(size_t index) { return *nodes_[index]; }

    // The node that serves `slot` as master right now, by asking a live node; -1 if none.
    int master_of_slot(uint16_t slot) const;
    // The same for every slot at once (16384 entries).
    std::vector<int> slot_owners() const;
    // Indices of the nodes that are masters serving slots right now.
    std::vector<int> masters() const;
    // The node whose port is `port`; -1 if none.
    int index_of_port(uint16_t port) const;
    // The same for an address as CLUSTER NODES writes it ("ip:port@bus-port").
    int index_of_address(const std::string& address) const;
    // The node that replicates node `master` right now; -1 if none.
    int replica_of(size_t master) const;
    // The node id (CLUSTER MYID) of node `index`.
    std::string node_id(size_t index) const;

    // Waits (bounded by timeout_ms) until every running node reports cluster_state:ok and
    // agrees on who serves every slot; "" on success, otherwise why not.
    std::string wait_until_ok(int timeout_ms) const;

    // Moves `slot` from its master to node `target` by hand (SETSLOT IMPORTING/MIGRATING,
    // MIGRATE of its keys, SETSLOT NODE on every node). "" on success.
    std::string move_slot(uint16_t slot, size_t target);

private:
    std::string join();
    // The CLUSTER NODES lines (split into words) of the masters not marked failed, as the
    // first running node that answers sees them; empty if none answers.
    std::vector<std::vector<std::string>> live_master_lines() const;

    Options options_;
    std::vector<std::unique_ptr<RedisServer>> nodes_;
    std::vector<uint16_t> bus_ports_;
};

}  // namespace snf::test
