// Slot map parsing and upkeep for the redis-cluster backend (see redis_cluster_topology.hh).
#include "redis_cluster_topology.hh"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "redis_resp.hh"
#include "snf/snf_client.h"

namespace snf::redis {
namespace {

bool is_integer_in(const redisReply* r, long long low, long long high) {
    return r && r->type == REDIS_REPLY_INTEGER && r->integer >= low && r->integer <= high;
}

// [host, port, id, ...] of one node; false if malformed, `known` false for a node whose
// address the cluster does not know ("?").
bool parse_node(const redisReply* r, const NodeAddress& asked, NodeAddress& out, bool& known) {
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 2) return false;
    const redisReply* host = r->element[0];
    if (!is_integer_in(r->element[1], 0, 65535)) return false;
    out.port = static_cast<uint16_t>(r->element[1]->integer);
    known = true;
    if (host->type == REDIS_REPLY_NIL || (host->type == REDIS_REPLY_STRING && host->len == 0)) {
        out.host = asked.host;  // "the node you asked"
    } else if (host->type == REDIS_REPLY_STRING) {
        out.host.assign(host->str, host->len);
        if (out.host == "?") known = false;
    } else {
        return false;
    }
    return true;
}

size_t index_of(std::vector<NodeAddress>& nodes, const NodeAddress& node) {
    auto it = std::find(nodes.begin(), nodes.end(), node);
    if (it != nodes.end()) return static_cast<size_t>(it - nodes.begin());
    nodes.push_back(node);
    return nodes.size() - 1;
}

bool parse_address(std::string_view text, NodeAddress& out) {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::string_view port = text.substr(colon + 1);
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535)
        return false;
    out.host = std::string(host);
    out.port = static_cast<uint16_t>(value);
    return true;
}

}  // namespace

int32_t parse_cluster_slots(const redisReply* reply, const NodeAddress& asked, SlotMap& out,
                            std::string& error) {
    if (!reply || reply->type != REDIS_REPLY_ARRAY)
        return status_of_unexpected_reply(reply, "CLUSTER SLOTS", error);
    SlotMap map;
    for (size_t i = 0; i < reply->elements; ++i) {
        const redisReply* range = reply->element[i];
        if (!range || range->type != REDIS_REPLY_ARRAY || range->elements < 3 ||
            !is_integer_in(range->element[0], 0, kClusterSlots - 1) ||
            !is_integer_in(range->element[1], range->element[0]->integer, kClusterSlots - 1)) {
            error = "redis: malformed slot range in the CLUSTER SLOTS reply";
            return SNF_ERR_PROTOCOL;
        }
        NodeAddress master;
        bool known = false;
        if (!parse_node(range->element[2], asked, master, known)) {
            error = "redis: malformed node in the CLUSTER SLOTS reply";
            return SNF_ERR_PROTOCOL;
        }
        for (size_t r = 3; r < range->elements; ++r) {
            NodeAddress replica;
            bool replica_known = false;
            if (parse_node(range->element[r], asked, replica, replica_known) && replica_known)
                index_of(map.replicas, replica);
        }
        if (!known) continue;  // served, but by a node nobody can reach yet
        const auto owner = static_cast<int16_t>(index_of(map.masters, master));
        for (long long slot = range->element[0]->integer; slot <= range->element[1]->integer; ++slot)
            map.owner[static_cast<size_t>(slot)] = owner;
    }
    out = std::move(map);
    return SNF_OK;
}

bool parse_redirect(const redisReply* reply, Redirect& out) {
    if (!reply || reply->type != REDIS_REPLY_ERROR) return false;
    std::string_view text = reply_text(reply);
    Redirect r;
    if (text.starts_with("MOVED "))
        r.kind = Redirect::Kind::Moved;
    else if (text.starts_with("ASK "))
        r.kind = Redirect::Kind::Ask;
    else
        return false;
    text = text.substr(text.find(' ') + 1);
    const size_t space = text.find(' ');
    if (space == std::string_view::npos) return false;
    unsigned slot = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + space, slot);
    if (ec != std::errc() || p != text.data() + space || slot >= kClusterSlots) return false;
    r.slot = static_cast<uint16_t>(slot);
    if (!parse_address(text.substr(space + 1), r.target)) return false;
    out = std::move(r);
    return true;
}

bool is_retry_later(const redisReply* reply) noexcept {
    if (!reply || reply->type != REDIS_REPLY_ERROR) return false;
    std::string_view text = reply_text(reply);
    for (std::string_view code : {"TRYAGAIN", "CLUSTERDOWN", "LOADING", "MASTERDOWN"}) {
        if (text.starts_with(code) && (text.size() == code.size() || text[code.size()] == ' '))
            return true;
    }
    return false;
}

ClusterTopology::ClusterTopology(std::vector<NodeAddress> seeds) : seeds_(std::move(seeds)) {}

bool ClusterTopology::master_of(uint16_t slot, NodeAddress& out) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const int16_t owner = map_.owner[slot];
    if (owner == SlotMap::kNoOwner) return false;
    out = map_.masters[static_cast<size_t>(owner)];
    return true;
}

std::vector<NodeAddress> ClusterTopology::masters() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<NodeAddress> serving;
    std::vector<bool> used(map_.masters.size(), false);
    for (int16_t owner : map_.owner)
        if (owner != SlotMap::kNoOwner) used[static_cast<size_t>(owner)] = true;
    for (size_t i = 0; i < map_.masters.size(); ++i)
        if (used[i]) serving.push_back(map_.masters[i]);
    return serving;
}

std::vector<NodeAddress> ClusterTopology::discovery_candidates() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<NodeAddress> nodes;
    for (const auto* list : {&map_.masters, &map_.replicas, &seeds_})
        for (const NodeAddress& node : *list)
            if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
    return nodes;
}

bool ClusterTopology::loaded() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return loaded_;
}

void ClusterTopology::replace(SlotMap map) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Nodes that left the map stay known, so a later rediscovery can still ask them.
    for (const NodeAddress& node : map_.masters)
        if (std::find(map.masters.begin(), map.masters.end(), node) == map.masters.end())
            index_of(map.replicas, node);
    map_ = std::move(map);
    loaded_ = true;
}

void ClusterTopology::moved(uint16_t slot, const NodeAddress& node) {
    std::lock_guard<std::mutex> lock(mutex_);
    map_.owner[slot] = static_cast<int16_t>(index_of(map_.masters, node));
}

}  // namespace snf::redis
