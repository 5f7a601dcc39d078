// Pass-through removal: an iterative walk per connection (no recursion, so long
// chains of groups cannot exhaust the stack) bounded by a step budget, plus the port
// consistency report for compound instances and groups.
#include "tunnel_resolver.hh"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace snf::click::lang {
namespace {

// (node, port) packed into one key; ports stay far below 2^24.
std::uint64_t endpoint_key(std::size_t node, int port) {
    return (static_cast<std::uint64_t>(node) << 24) | static_cast<std::uint64_t>(port & 0xFFFFFF);
}
std::size_t key_node(std::uint64_t key) {
    return static_cast<std::size_t>(key >> 24);
}
int key_port(std::uint64_t key) {
    return static_cast<int>(key & 0xFFFFFF);
}

// Walking steps allowed for the whole router; far above any real configuration.
constexpr std::size_t kMaxWalkSteps = 20000000;

}  // namespace

TunnelResolver::TunnelResolver(const ExpandedGraph& graph, const ParseOptions& options, Diagnostics& diagnostics)
    : graph_(graph), options_(options), diagnostics_(diagnostics) {}

void TunnelResolver::report_unmatched_ports() {
    std::vector<bool> is_entry(graph_.nodes.size(), false), is_exit(graph_.nodes.size(), false);
    for (const PassThrough& p : graph_.passes) {
        is_entry[p.entry] = true;
        is_exit[p.exit] = true;
    }
    std::unordered_map<std::size_t, std::set<int>> ports_into, ports_out_of;
    for (const GraphConnection& c : graph_.connections) {
        if (is_entry[c.to])
            ports_into[c.to].insert(c.to_port);
        if (is_exit[c.from])
            ports_out_of[c.from].insert(c.from_port);
    }
    static const std::set<int> none;
    auto ports_of = [&](const std::unordered_map<std::size_t, std::set<int>>& map, std::size_t node)
        -> const std::set<int>& {
        auto it = map.find(node);
        return it == map.end() ? none : it->second;
    };

    for (const PassThrough& p : graph_.passes) {
        const std::set<int>& into = ports_of(ports_into, p.entry);
        const std::set<int>& out_of = ports_of(ports_out_of, p.exit);
        std::set<int> ports = into;
        ports.insert(out_of.begin(), out_of.end());
        const GraphNode& owner = graph_.nodes[p.owner];
        bool input_side = p.role == PassRole::CompoundInput || p.role == PassRole::GroupInput;
        for (int port : ports) {
            bool used_before = into.count(port) != 0;  // something enters the pass-through
            bool used_after = out_of.count(port) != 0;  // something leaves it
            if (used_before == used_after)
                continue;
            std::string n = std::to_string(port);
            std::string message;
            if (input_side)
                message = used_before ? "has no input " + n : "input " + n + " unused";
            else
                message = used_before ? "output " + n + " unused" : "has no output " + n;
            diagnostics_.error(owner.landmark, "'" + owner.name + "' " + message);
        }
    }
}

std::vector<GraphConnection> TunnelResolver::resolve() {
    report_unmatched_ports();

    const std::vector<GraphNode>& nodes = graph_.nodes;
    const std::vector<GraphConnection>& connections = graph_.connections;
    std::vector<long> pass_from_entry(nodes.size(), -1);
    for (std::size_t i = 0; i < graph_.passes.size(); ++i)
        pass_from_entry[graph_.passes[i].entry] = static_cast<long>(i);
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> leaving;
    for (std::size_t i = 0; i < connections.size(); ++i)
        leaving[endpoint_key(connections[i].from, connections[i].from_port)].push_back(i);

    std::vector<GraphConnection> result;
    std::size_t steps = 0;
    auto emit = [&](const GraphConnection& c, std::size_t to, int to_port) {
        if (result.size() >= options_.max_connections) {
            diagnostics_.error(c.landmark, "configuration too large: more than " +
                                               std::to_string(options_.max_connections) + " connections");
            return false;
        }
        result.push_back({c.from, c.from_port, to, to_port, c.landmark});
        return true;
    };

    for (const GraphConnection& c : connections) {
        if (!nodes[c.from].real)
            continue;  // reached by walking from the real element upstream
        if (nodes[c.to].real) {
            if (!emit(c, c.to, c.to_port))
                return result;
            continue;
        }
        std::vector<std::uint64_t> stack{endpoint_key(c.to, c.to_port)};
        std::unordered_set<std::uint64_t> visited{stack.front()};
        while (!stack.empty()) {
            if (++steps > kMaxWalkSteps) {
                diagnostics_.error(c.landmark, "configuration too complex: compound and group connections "
                                               "expand to too many paths");
                return result;
            }
            std::uint64_t key = stack.back();
            stack.pop_back();
            std::size_t node = key_node(key);
            int port = key_port(key);
            if (nodes[node].real) {
                if (!emit(c, node, port))
                    return result;
                continue;
            }
            long pass = pass_from_entry[node];
            if (pass < 0)
                continue;  // a failed compound, or a pseudo-element used the wrong way round
            auto it = leaving.find(endpoint_key(graph_.passes[static_cast<std::size_t>(pass)].exit, port));
            if (it == leaving.end())
                continue;
            for (std::size_t next : it->second) {
                std::uint64_t k = endpoint_key(connections[next].to, connections[next].to_port);
                if (visited.insert(k).second)
                    stack.push_back(k);
            }
        }
    }
    return result;
}

}  // namespace snf::click::lang
