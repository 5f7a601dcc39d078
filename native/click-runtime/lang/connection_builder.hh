// Pairs the ports of one connector in a chain. Click lets each side of "->" or "=>" be
// a comma-separated list of elements, each with an optional port list:
//   a, b -> c              many-to-one        a -> b, c        one-to-many
//   c [0,1,2] => x, y, z   many-to-many       c => x, y, z     ports 0,1,2 of c implied
//   x [1,] => a, b         "[n,]" expands to as many ports as the other side needs
// This file turns such a connector into the list of (output port, input port) pairs and
// reports count mismatches.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "snf/click/diagnostics.hh"

namespace snf::click::lang {

struct PortList {
    bool given = false;       // brackets were written (or, for groups, implied)
    std::vector<int> ports;   // explicit port numbers
    bool expandable = false;  // ended with ',' or was "[]": continue counting from the last port
};

struct ChainEndpoint {
    std::size_t slot = 0;
    PortList in;   // ports written before the element
    PortList out;  // ports written after it
    std::string landmark;
};

struct PortPair {
    std::size_t from = 0;
    int from_port = 0;
    std::size_t to = 0;
    int to_port = 0;
};

// `sources` are the elements left of the connector (their `out` ports are used),
// `targets` those right of it (their `in` ports). `many_to_many` is true for "=>".
std::vector<PortPair> pair_ports(const std::vector<ChainEndpoint>& sources, const std::vector<ChainEndpoint>& targets,
                                 bool many_to_many, const std::string& landmark, Diagnostics& diagnostics);

}  // namespace snf::click::lang
