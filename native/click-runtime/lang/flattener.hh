// Compound expansion. Starting from the file scope, every element whose class is a
// compound is replaced by the components of the definition its use selects (by
// arguments and by the ports its connections use), named "instance/component", with
// formal parameters bound and define()s evaluated in a scope of its own. Elements come
// out in Click's order: the file's elements first, then each compound's components
// followed by the expansions of its nested compounds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expanded_graph.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/router_parser.hh"
#include "syntax_tree.hh"
#include "variable_scope.hh"

namespace snf::click::lang {

class Flattener {
public:
    // Deepest chain of compounds inside compounds that is expanded.
    static constexpr int kMaxExpansionDepth = 100;

    Flattener(const ParsedConfig& config, const Definitions& definitions, const ParseOptions& options,
              Diagnostics& diagnostics);

    ExpandedGraph expand();

private:
    void expand_body(const CompoundBody& body, const VariableScope& scope, const std::string& prefix,
                     std::optional<std::size_t> input_node, std::optional<std::size_t> output_node, int level);
    void expand_instance(std::size_t node, const VariableScope& scope, int level);
    std::optional<std::size_t> add_node(GraphNode node, bool check_name, const std::string& declared_at);
    std::string substitute(const std::string& text, const VariableScope& scope, const std::string& landmark);
    void connect(std::size_t from, int from_port, std::size_t to, int to_port, const std::string& landmark);

    const ParsedConfig& config_;
    const Definitions& definitions_;
    const ParseOptions& options_;
    Diagnostics& diagnostics_;
    ExpandedGraph graph_;
    std::unordered_map<std::string, std::size_t> names_;
    std::vector<int> inputs_used_;   // per node: highest input port connected + 1
    std::vector<int> outputs_used_;  // per node: highest output port connected + 1
    SubstitutionBudget budget_;
    bool too_large_ = false;
    bool substitution_failed_ = false;
};

}  // namespace snf::click::lang
