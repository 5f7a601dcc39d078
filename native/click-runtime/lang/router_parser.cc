// parse_router: lexer -> parser -> compound expansion -> pass-through removal ->
// FlatRouter with sorted, de-duplicated connections.
#include "snf/click/router_parser.hh"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <tuple>

#include "flattener.hh"
#include "lexer.hh"
#include "parser.hh"
#include "tunnel_resolver.hh"

namespace snf::click {
namespace {

bool is_parameter_name(std::string_view name) {
    if (name.empty())
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

}  // namespace

bool add_definition(Definitions& defs, std::string_view assignment) {
    std::size_t equals = assignment.find('=');
    if (equals == std::string_view::npos)
        return false;
    std::string_view name = assignment.substr(0, equals);
    if (!name.empty() && name.front() == '$')
        name.remove_prefix(1);
    if (!is_parameter_name(name))
        return false;
    defs[std::string(name)] = std::string(assignment.substr(equals + 1));
    return true;
}

bool parse_router(std::string_view text, std::string_view filename, const Definitions& defs, FlatRouter& out,
                  Diagnostics& diagnostics, const ParseOptions& options) {
    const std::size_t errors_before = diagnostics.error_count();
    out = FlatRouter{};

    NamingConventionCatalog convention;
    const ElementClassCatalog& catalog = options.catalog ? *options.catalog : convention;

    lang::Lexer lexer(text, std::string(filename), diagnostics);
    lang::Parser parser(lexer, diagnostics, catalog);
    lang::ParsedConfig parsed = parser.parse();

    // Accept "$NAME" keys too; the scopes store names without '$'.
    Definitions normalized;
    for (const auto& [name, value] : defs)
        normalized[!name.empty() && name.front() == '$' ? name.substr(1) : name] = value;

    lang::Flattener flattener(parsed, normalized, options, diagnostics);
    lang::ExpandedGraph graph = flattener.expand();
    lang::TunnelResolver resolver(graph, options, diagnostics);
    std::vector<lang::GraphConnection> connections = resolver.resolve();

    std::vector<std::size_t> index(graph.nodes.size(), SIZE_MAX);
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        lang::GraphNode& node = graph.nodes[i];
        if (!node.real)
            continue;
        index[i] = out.elements.size();
        out.elements.push_back({std::move(node.name), std::move(node.class_name), std::move(node.config),
                                std::move(node.landmark)});
    }
    for (lang::GraphConnection& c : connections)
        if (index[c.from] != SIZE_MAX && index[c.to] != SIZE_MAX)
            out.connections.push_back({index[c.from], c.from_port, index[c.to], c.to_port, std::move(c.landmark)});

    auto endpoints = [](const FlatConnection& c) { return std::tie(c.from, c.from_port, c.to, c.to_port); };
    std::stable_sort(out.connections.begin(), out.connections.end(),
                     [&](const FlatConnection& a, const FlatConnection& b) { return endpoints(a) < endpoints(b); });
    // Repeating a connection is allowed in Click and means nothing more.
    out.connections.erase(std::unique(out.connections.begin(), out.connections.end(),
                                      [&](const FlatConnection& a, const FlatConnection& b) {
                                          return endpoints(a) == endpoints(b);
                                      }),
                          out.connections.end());

    for (std::string& requirement : parsed.requirements)
        if (std::find(out.requirements.begin(), out.requirements.end(), requirement) == out.requirements.end())
            out.requirements.push_back(std::move(requirement));

    return diagnostics.error_count() == errors_before;
}

}  // namespace snf::click
