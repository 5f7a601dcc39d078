// Test helper that runs a real Redis Cluster (see redis_cluster.hh).
#include "redis_cluster.hh"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

namespace snf::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kReadyTimeoutMs = 20000;
constexpr size_t kSlotCount = 16384;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::stringstream in(line);
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

}  // namespace

RedisCluster::RedisCluster() : RedisCluster(Options{}) {}

RedisCluster::RedisCluster(Options options) : options_(options) {}

RedisCluster::~RedisCluster() {
    // Every RedisServer kills its process and removes its directory.
    nodes_.clear();
}

std::string RedisCluster::start() {
    const int total = options_.masters * (1 + options_.replicas_per_master);
    for (int i = 0; i < total; ++i) {
        // Not the default (the node's port + 10000), which excludes node ports above 55535.
        const uint16_t bus_port = pick_free_port();
        if (bus_port == 0) return "cannot find a free loopback port for a cluster bus";
        RedisServer::Options o;
        o.extra_args = {"--cluster-enabled", "yes",
                        "--cluster-port", std::to_string(bus_port),
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", std::to_string(options_.node_timeout_ms),
                        // A replica with no contact for a while may still take over.
                        "--cluster-replica-validity-factor", "0"};
        nodes_.push_back(std::make_unique<RedisServer>(o));
        bus_ports_.push_back(bus_port);
        if (std::string error = nodes_.back()->start(); !error.empty())
            return "node " + std::to_string(i) + ": " + error;
    }
    return join();
}

std::string RedisCluster::join() {
    // What `redis-cli --cluster create` does, without its one-second polling: distinct
    // config epochs, an equal share of the slots for each master, one MEET per node, and
    // each replica told its master once it has heard of it.
    const size_t masters = static_cast<size_t>(options_.masters);
    for (size_t i = 0; i < nodes_.size(); ++i) {
        const std::string which = " on node " + std::to_string(i) + ": ";
        std::string reply =
            nodes_[i]->command({"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)});
        if (reply != "OK") return "CLUSTER SET-CONFIG-EPOCH" + which + reply;
        if (i >= masters) continue;
        const size_t low = kSlotCount * i / masters, high = kSlotCount * (i + 1) / masters - 1;
        reply = nodes_[i]->command(
            {"CLUSTER", "ADDSLOTSRANGE", std::to_string(low), std::to_string(high)});
        if (reply != "OK") return "CLUSTER ADDSLOTSRANGE" + which + reply;
    }
    for (size_t i = 1; i < nodes_.size(); ++i) {
        const std::string reply = nodes_[0]->command({"CLUSTER", "MEET", "127.0.0.1",
                                                      std::to_string(nodes_[i]->port()),
                                                      std::to_string(bus_ports_[i])});
        if (reply != "OK") return "CLUSTER MEET of node " + std::to_string(i) + ": " + reply;
    }
    const auto met_deadline = Clock::now() + milliseconds(kReadyTimeoutMs);
    for (size_t i = masters; i < nodes_.size(); ++i) {
        const std::string master_id = node_id((i - masters) % masters);
        std::string reply;
        while (Clock::now() < met_deadline) {
            reply = nodes_[i]->command({"CLUSTER", "REPLICATE", master_id});
            if (reply == "OK") break;
            std::this_thread::sleep_for(milliseconds(20));  // not met yet
        }
        if (reply != "OK") return "CLUSTER REPLICATE on node " + std::to_string(i) + ": " + reply;
    }
    if (std::string error = wait_until_ok(kReadyTimeoutMs); !error.empty()) return error;
    if (options_.replicas_per_master == 0) return "";
    // Replicas count once each master streams to all of its own.
    const auto deadline = Clock::now() + milliseconds(kReadyTimeoutMs);
    std::string last;
    while (Clock::now() < deadline) {
        bool all = true;
        for (size_t m = 0; m < masters; ++m) {
            last = nodes_[m]->command({"INFO", "replication"});
            size_t online = 0;
            for (size_t at = last.find("state=online"); at != std::string::npos;
                 at = last.find("state=online", at + 1))
                ++online;
            if (online < static_cast<size_t>(options_.replicas_per_master)) all = false;
        }
        if (all) return "";
        std::this_thread::sleep_for(milliseconds(50));
    }
    return "replicas did not come online:\n" + last;
}

std::string RedisCluster::uri(const std::string& options) const {
    std::string u = "redis-cluster://";
    for (size_t i = 0; i < nodes_.size(); ++i) {
        if (i) u += ",";
        u += "127.0.0.1:" + std::to_string(nodes_[i]->port());
    }
    if (!options.empty()) u += "?" + options;
    return u;
}

int RedisCluster::index_of_address(const std::string& address) const {
    // "ip:port@bus-port" as CLUSTER NODES writes it.
    const std::string port = address.substr(address.find(':') + 1);
    return index_of_port(static_cast<uint16_t>(std::stoi(port.substr(0, port.find('@')))));
}

int RedisCluster::index_of_port(uint16_t port) const {
    for (size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i]->port() == port) return static_cast<int>(i);
    return -1;
}

std::string RedisCluster::node_id(size_t index) const {
    return nodes_[index]->command({"CLUSTER", "MYID"});
}

int RedisCluster::master_of_slot(uint16_t slot) const { return slot_owners()[slot]; }

std::vector<std::vector<std::string>> RedisCluster::live_master_lines() const {
    std::vector<std::vector<std::string>> result;
    // CLUSTER NODES lines: id addr flags master ping pong epoch link slot...
    for (const auto& n : nodes_) {
        if (!n->running()) continue;
        std::string error;
        const std::string text = n->command({"CLUSTER", "NODES"}, &error);
        if (text.empty()) continue;
        for (const std::string& line : lines_of(text)) {
            std::vector<std::string> w = words_of(line);
            if (w.size() < 9 || w[2].find("master") == std::string::npos ||
                w[2].find("fail") != std::string::npos)
                continue;
            result.push_back(std::move(w));
        }
        return result;
    }
    return result;
}

std::vector<int> RedisCluster::slot_owners() const {
    std::vector<int> owners(kSlotCount, -1);
    for (const std::vector<std::string>& w : live_master_lines()) {
        const int node = index_of_address(w[1]);
        for (size_t k = 8; k < w.size(); ++k) {
            if (w[k].front() == '[') continue;  // a migration in progress
            const size_t dash = w[k].find('-');
            const int low = std::stoi(w[k].substr(0, dash));
            const int high = dash == std::string::npos ? low : std::stoi(w[k].substr(dash + 1));
            for (int slot = low; slot <= high && slot < static_cast<int>(kSlotCount); ++slot)
                owners[static_cast<size_t>(slot)] = node;
        }
    }
    return owners;
}

std::vector<int> RedisCluster::masters() const {
    std::vector<int> result;
    for (const std::vector<std::string>& w : live_master_lines())
        result.push_back(index_of_address(w[1]));
    return result;
}

int RedisCluster::replica_of(size_t master) const {
    const std::string id = node_id(master);
    for (size_t i = 0; i < nodes_.size(); ++i) {
        if (i == master || !nodes_[i]->running()) continue;
        std::string error;
        const std::string text = nodes_[i]->command({"CLUSTER", "NODES"}, &error);
        for (const std::string& line : lines_of(text)) {
            std::vector<std::string> w = words_of(line);
            if (w.size() >= 4 && w[2].find("myself") != std::string::npos &&
                w[2].find("slave") != std::string::npos && w[3] == id)
                return static_cast<int>(i);
        }
    }
    return -1;
}

std::string RedisCluster::wait_until_ok(int timeout_ms) const {
    const auto deadline = Clock::now() + milliseconds(timeout_ms);
    std::string last;
    while (Clock::now() < deadline) {
        bool ok = true;
        std::vector<std::string> first_view;
        for (const auto& n : nodes_) {
            if (!n->running()) continue;
            std::string error;
            last = n->command({"CLUSTER", "INFO"}, &error);
            if (last.find("cluster_state:ok") == std::string::npos ||
                last.find("cluster_slots_ok:" + std::to_string(kSlotCount)) == std::string::npos) {
                ok = false;
                break;
            }
            // Every node must name the same owners, or clients may be sent back and forth.
            // Nodes list ranges in their own order, so the views are compared sorted.
            std::vector<std::string> view = lines_of(n->command({"CLUSTER", "SLOTS"}, &error));
            std::sort(view.begin(), view.end());
            if (first_view.empty()) {
                first_view = std::move(view);
            } else if (view != first_view) {
                ok = false;
                break;
            }
        }
        if (ok) return "";
        std::this_thread::sleep_for(milliseconds(50));
    }
    return "the cluster did not reach cluster_state:ok within " + std::to_string(timeout_ms) +
           " ms; last CLUSTER INFO:\n" + last;
}

std::string RedisCluster::move_slot(uint16_t slot, size_t target) {
    const int source = master_of_slot(slot);
    if (source < 0) return "no master serves slot " + std::to_string(slot);
    if (static_cast<size_t>(source) == target) return "slot already on the target";
    RedisServer& from = *nodes_[static_cast<size_t>(source)];
    RedisServer& to = *nodes_[target];
    const std::string s = std::to_string(slot);
    const std::string from_id = node_id(static_cast<size_t>(source));
    const std::string to_id = node_id(target);
    std::string reply = to.command({"CLUSTER", "SETSLOT", s, "IMPORTING", from_id});
    if (reply != "OK") return "IMPORTING: " + reply;
    reply = from.command({"CLUSTER", "SETSLOT", s, "MIGRATING", to_id});
    if (reply != "OK") return "MIGRATING: " + reply;
    for (;;) {
        const std::string keys = from.command({"CLUSTER", "GETKEYSINSLOT", s, "1000"});
        if (keys.empty()) break;
        std::vector<std::string> args = {"MIGRATE", "127.0.0.1", std::to_string(to.port()), "", "0",
                                         "5000", "KEYS"};
        for (const std::string& k : lines_of(keys)) args.push_back(k);
        reply = from.command(args);
        if (reply != "OK") return "MIGRATE: " + reply;
    }
    for (auto* n : {&to, &from}) {
        reply = n->command({"CLUSTER", "SETSLOT", s, "NODE", to_id});
        if (reply != "OK") return "SETSLOT NODE: " + reply;
    }
    for (const auto& n : nodes_) {
        if (!n->running() || n.get() == &to || n.get() == &from) continue;
        n->command({"CLUSTER", "SETSLOT", s, "NODE", to_id});
    }
    return "";
}

}  // namespace snf::test
