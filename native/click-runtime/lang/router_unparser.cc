// Flat router to Click text: requirements, declarations, then connections.
#include "snf/click/router_unparser.hh"

namespace snf::click {

std::string unparse_router(const FlatRouter& router) {
    std::string out;
    if (!router.requirements.empty()) {
        out += "require(";
        for (std::size_t i = 0; i < router.requirements.size(); ++i) {
            if (i)
                out += ", ";
            out += "package " + router.requirements[i];
        }
        out += ");\n\n";
    }

    for (const FlatElement& e : router.elements) {
        out += e.name;
        out += " :: ";
        out += e.class_name;
        if (!e.config.empty()) {
            out += '(';
            out += e.config;
            out += ')';
        }
        out += ";\n";
    }
    if (!router.elements.empty())
        out += '\n';

    for (const FlatConnection& c : router.connections) {
        if (c.from >= router.elements.size() || c.to >= router.elements.size())
            continue;
        out += router.elements[c.from].name;
        out += " [" + std::to_string(c.from_port) + "] -> [" + std::to_string(c.to_port) + "] ";
        out += router.elements[c.to].name;
        out += ";\n";
    }
    return out;
}

}  // namespace snf::click
