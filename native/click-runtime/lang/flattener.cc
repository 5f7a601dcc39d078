// Compound expansion into an ExpandedGraph: node creation in Click's order, parameter
// scopes per instance, overload selection, and the size bounds that protect against
// configurations that expand exponentially.
#include "flattener.hh"

#include <algorithm>
#include <utility>

#include "overload_resolution.hh"
#include "snf/click/config_string.hh"

namespace snf::click::lang {

Flattener::Flattener(const ParsedConfig& config, const Definitions& definitions, const ParseOptions& options,
                     Diagnostics& diagnostics)
    : config_(config), definitions_(definitions), options_(options), diagnostics_(diagnostics) {}

ExpandedGraph Flattener::expand() {
    const CompoundBody& file = *config_.file;
    VariableScope top;
    for (const ParameterDefinition& d : file.definitions)
        top.define(d.variable, d.value);
    // Command-line definitions override the file's.
    for (const auto& [name, value] : definitions_)
        top.define(name, value, true);
    expand_body(file, top, "", std::nullopt, std::nullopt, 0);
    return std::move(graph_);
}

std::string Flattener::substitute(const std::string& text, const VariableScope& scope, const std::string& landmark) {
    std::string out;
    if (expand_variables(text, scope, out, budget_))
        return out;
    if (!substitution_failed_) {
        diagnostics_.error(landmark, "parameter substitution too large (runaway or self-referential define?)");
        substitution_failed_ = true;
    }
    return text;
}

std::optional<std::size_t> Flattener::add_node(GraphNode node, bool check_name, const std::string& declared_at) {
    if (graph_.nodes.size() >= options_.max_elements) {
        if (!too_large_)
            diagnostics_.error(node.landmark, "configuration too large: more than " +
                                                  std::to_string(options_.max_elements) +
                                                  " elements after compound expansion");
        too_large_ = true;
        return std::nullopt;
    }
    if (check_name) {
        auto [it, inserted] = names_.emplace(node.name, graph_.nodes.size());
        if (!inserted) {
            diagnostics_.error(declared_at.empty() ? node.landmark : declared_at,
                               "redeclaration of element '" + node.name + "'");
            diagnostics_.note(graph_.nodes[it->second].landmark, "'" + node.name + "' previously declared here");
            return std::nullopt;
        }
    }
    graph_.nodes.push_back(std::move(node));
    inputs_used_.push_back(0);
    outputs_used_.push_back(0);
    return graph_.nodes.size() - 1;
}

void Flattener::connect(std::size_t from, int from_port, std::size_t to, int to_port, const std::string& landmark) {
    if (graph_.connections.size() >= options_.max_connections) {
        if (!too_large_)
            diagnostics_.error(landmark, "configuration too large: more than " +
                                             std::to_string(options_.max_connections) +
                                             " connections after compound expansion");
        too_large_ = true;
        return;
    }
    graph_.connections.push_back({from, from_port, to, to_port, landmark});
    inputs_used_[to] = std::max(inputs_used_[to], to_port + 1);
    outputs_used_[from] = std::max(outputs_used_[from], from_port + 1);
}

void Flattener::expand_body(const CompoundBody& body, const VariableScope& scope, const std::string& prefix,
                            std::optional<std::size_t> input_node, std::optional<std::size_t> output_node,
                            int level) {
    // Components of an instance report name clashes at the instance's declaration.
    const std::string instance_landmark =
        input_node ? graph_.nodes[*input_node].landmark : std::string();

    std::vector<std::optional<std::size_t>> nodes(body.slots.size());
    for (std::size_t i = 0; i < body.slots.size() && !too_large_; ++i) {
        const ElementSlot& slot = body.slots[i];
        switch (slot.kind) {
        case SlotKind::CompoundInput:
            nodes[i] = input_node;
            break;
        case SlotKind::CompoundOutput:
            nodes[i] = output_node;
            break;
        case SlotKind::GroupEntry: {
            if (i + 2 >= body.slots.size())
                break;
            GraphNode pass;
            pass.real = false;
            pass.landmark = slot.landmark;
            pass.name = prefix + slot.name;
            auto entry = add_node(pass, false, {});
            pass.name = prefix + body.slots[i + 1].name;
            auto in = add_node(pass, false, {});
            pass.name = prefix + body.slots[i + 2].name;
            auto out = add_node(std::move(pass), false, {});
            if (entry && in && out) {
                graph_.passes.push_back({*entry, *in, PassRole::GroupInput, *entry});
                graph_.passes.push_back({*out, *entry, PassRole::GroupOutput, *entry});
                nodes[i] = entry;
                nodes[i + 1] = in;
                nodes[i + 2] = out;
            }
            i += 2;
            break;
        }
        case SlotKind::GroupInput:
        case SlotKind::GroupOutput:
            break;  // created with their GroupEntry
        case SlotKind::Element: {
            GraphNode node;
            node.name = prefix + slot.name;
            node.cls = slot.cls;
            node.landmark = slot.landmark;
            node.config = substitute(slot.config, scope, slot.landmark);
            node.real = !slot.cls || !slot.cls->is_compound();
            if (node.real)
                node.class_name = slot.cls ? slot.cls->primitive : std::string("Error");
            nodes[i] = add_node(std::move(node), true, instance_landmark);
            break;
        }
        }
    }

    for (const SlotConnection& c : body.connections)
        if (c.from < nodes.size() && c.to < nodes.size() && nodes[c.from] && nodes[c.to])
            connect(*nodes[c.from], c.from_port, *nodes[c.to], c.to_port, c.landmark);

    // Nested compounds are expanded after all of this body's components exist, so
    // their port usage is known, and in declaration order, as Click does.
    for (std::size_t i = 0; i < body.slots.size() && !too_large_; ++i) {
        const ElementSlot& slot = body.slots[i];
        if (slot.kind == SlotKind::Element && nodes[i] && slot.cls && slot.cls->is_compound())
            expand_instance(*nodes[i], scope, level + 1);
    }
}

void Flattener::expand_instance(std::size_t index, const VariableScope& scope, int level) {
    // Copies: graph_.nodes grows below, which would invalidate references.
    const ClassRef cls = graph_.nodes[index].cls;
    const std::string name = graph_.nodes[index].name;
    const std::string landmark = graph_.nodes[index].landmark;
    graph_.nodes[index].real = false;

    if (level > kMaxExpansionDepth) {
        diagnostics_.error(landmark, "compound elements nested more than " + std::to_string(kMaxExpansionDepth) +
                                         " levels deep");
        return;
    }

    std::vector<std::string> arguments = split_config(graph_.nodes[index].config);
    Resolution chosen =
        resolve_compound(*cls, arguments, inputs_used_[index], outputs_used_[index], landmark, diagnostics_);
    if (!chosen.found())
        return;
    if (!chosen.body) {
        // "..." led back to a primitive class: the element is that primitive.
        graph_.nodes[index].real = true;
        graph_.nodes[index].class_name = chosen.primitive;
        return;
    }

    GraphNode pseudo;
    pseudo.real = false;
    pseudo.landmark = landmark;
    pseudo.name = name + "/input";
    std::optional<std::size_t> input = add_node(pseudo, true, landmark);
    pseudo.name = name + "/output";
    std::optional<std::size_t> output = add_node(std::move(pseudo), true, landmark);
    if (!input || !output)
        return;
    graph_.passes.push_back({index, *input, PassRole::CompoundInput, index});
    graph_.passes.push_back({*output, index, PassRole::CompoundOutput, index});

    // The instance's parameters: formals, then the body's define()s in order, in a
    // scope whose parent is the scope where the class was defined.
    const CompoundBody& body = *chosen.body;
    VariableScope local(scope.ancestor_below(body.depth));
    for (std::size_t i = 0; i < body.formals.size() && i < chosen.values.size(); ++i)
        local.define(body.formals[i].variable, chosen.values[i]);
    for (const ParameterDefinition& d : body.definitions)
        local.define(d.variable, substitute(d.value, local, d.landmark));

    expand_body(body, local, name + "/", input, output, level);
}

}  // namespace snf::click::lang
