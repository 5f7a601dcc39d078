// Port pairing for one connector: counts the ports on each side, decides which side
// walks through its ports and which repeats its single port, expands "[n,]" port lists,
// and checks that many-to-many connections use "=>" and balance.
#include "connection_builder.hh"

#include <algorithm>
#include <utility>

namespace snf::click::lang {
namespace {

struct Side {
    std::vector<std::pair<std::size_t, PortList>> items;  // slot and the ports facing the connector
    int min_ports = 0;    // ports listed (an element without a list counts as one)
    int expandable = -1;  // index of the item whose list grows, or -1
    int extra = 0;        // ports the expandable item adds
    bool steps = false;   // walks through its ports (otherwise repeats its only port)

    std::vector<std::pair<std::size_t, int>> endpoints() const {
        std::vector<std::pair<std::size_t, int>> out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& [slot, list] = items[i];
            if (list.ports.empty())
                out.emplace_back(slot, 0);
            for (int port : list.ports)
                out.emplace_back(slot, port);
            if (static_cast<int>(i) == expandable) {
                int last = list.ports.empty() ? 0 : list.ports.back();
                // Port numbers stay within what the parser accepts.
                for (int j = 1; j <= extra && last + j <= 65535; ++j)
                    out.emplace_back(slot, last + j);
            }
        }
        return out;
    }
};

}  // namespace

std::vector<PortPair> pair_ports(const std::vector<ChainEndpoint>& sources, const std::vector<ChainEndpoint>& targets,
                                 bool many_to_many, const std::string& landmark, Diagnostics& diagnostics) {
    std::vector<PortPair> pairs;
    if (sources.empty() || targets.empty())
        return pairs;

    Side in, out;
    for (const ChainEndpoint& t : targets)
        in.items.emplace_back(t.slot, t.in);
    for (const ChainEndpoint& s : sources)
        out.items.emplace_back(s.slot, s.out);

    int expandable_count = 0;
    for (Side* side : {&in, &out}) {
        for (std::size_t i = 0; i < side->items.size(); ++i) {
            const PortList& list = side->items[i].second;
            side->min_ports += std::max<int>(1, static_cast<int>(list.ports.size()));
            if (list.expandable) {
                ++expandable_count;
                if (side->expandable < 0)
                    side->expandable = static_cast<int>(i);
            }
        }
    }
    if (expandable_count > 1) {
        diagnostics.error(landmark, "at most one expandable port allowed per connection");
        // Keep the expansion on the side with fewer ports, where it can do something.
        (in.min_ports < out.min_ports ? out : in).expandable = -1;
    }

    // "=>" treats a lone element without ports as "[0,]" when the other side has several.
    if (many_to_many) {
        for (auto [mine, other] : {std::pair{&in, &out}, std::pair{&out, &in}}) {
            if (mine->min_ports == 1 && other->min_ports > 1 && mine->expandable < 0 &&
                !mine->items.front().second.given)
                mine->expandable = 0;
        }
    }

    for (auto [mine, other] : {std::pair{&in, &out}, std::pair{&out, &in}}) {
        mine->steps = mine->min_ports > 1 || mine->expandable >= 0;
        mine->extra = mine->expandable >= 0 ? std::max(0, other->min_ports - mine->min_ports) : 0;
    }

    if (in.steps && out.steps) {
        bool in_grows = in.expandable >= 0;
        bool out_grows = out.expandable >= 0;
        std::string n_out = std::to_string(out.min_ports);
        std::string n_in = std::to_string(in.min_ports);
        if (!many_to_many)
            diagnostics.error(landmark, "syntax error: many-to-many connections require '=>'");
        if (!in_grows && !out_grows && in.min_ports != out.min_ports)
            diagnostics.error(landmark, "connection mismatch: " + n_out + " outputs connected to " + n_in + " inputs");
        else if (!in_grows && in.min_ports < out.min_ports)
            diagnostics.error(landmark, "connection mismatch: " + n_out + " or more outputs connected to " + n_in +
                                            " inputs");
        else if (!out_grows && out.min_ports < in.min_ports)
            diagnostics.error(landmark, "connection mismatch: " + n_out + " outputs connected to " + n_in +
                                            " or more inputs");
    }

    auto from = out.endpoints();
    auto to = in.endpoints();
    if (!out.steps) {
        for (const auto& t : to)
            pairs.push_back({from.front().first, from.front().second, t.first, t.second});
    } else if (!in.steps) {
        for (const auto& f : from)
            pairs.push_back({f.first, f.second, to.front().first, to.front().second});
    } else {
        for (std::size_t i = 0; i < std::min(from.size(), to.size()); ++i)
            pairs.push_back({from[i].first, from[i].second, to[i].first, to[i].second});
    }
    return pairs;
}

}  // namespace snf::click::lang
