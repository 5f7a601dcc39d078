// The router after compound expansion but before pass-through nodes are removed.
// Besides real elements it holds pass-through nodes: a compound instance, its
// "name/input" and "name/output" pseudo-elements, and element groups. A PassThrough
// says that connections into (entry, port p) continue as the connections out of
// (exit, port p), which is how Click's compound ports work ("connection tunnels").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "syntax_tree.hh"

namespace snf::click::lang {

struct GraphNode {
    std::string name;
    bool real = true;          // false for pass-through nodes and failed compounds
    std::string class_name;    // primitive class of a real node
    ClassRef cls;              // the class as bound in the configuration
    std::string config;        // after parameter substitution
    std::string landmark;
};

enum class PassRole { CompoundInput, CompoundOutput, GroupInput, GroupOutput };

struct PassThrough {
    std::size_t entry = 0;
    std::size_t exit = 0;
    PassRole role = PassRole::CompoundInput;
    std::size_t owner = 0;  // the compound instance or group node, named in errors
};

struct GraphConnection {
    std::size_t from = 0;
    int from_port = 0;
    std::size_t to = 0;
    int to_port = 0;
    std::string landmark;
};

struct ExpandedGraph {
    std::vector<GraphNode> nodes;
    std::vector<PassThrough> passes;
    std::vector<GraphConnection> connections;
};

}  // namespace snf::click::lang
