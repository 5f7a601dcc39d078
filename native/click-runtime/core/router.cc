// Router construction, Click's connection checks (port ranges, push/pull agreement,
// unused and reused ports), configuration and initialization in configure-phase order,
// and cleanup. Handlers and the run loop live in router_handlers.cc and router_run.cc.
#include "snf/click/router.hh"

#include <algorithm>
#include <numeric>

#include "port_spec.hh"
#include "snf/click/config_string.hh"
#include "snf/click/router_unparser.hh"
#include "snf/click/scoped_names.hh"

namespace snf::click {
namespace {

using Processing = Element::Processing;

// Stands in for an element whose class the registry does not know, so indices and
// messages stay right; the router never initializes with one.
class UnknownClassElement final : public Element {
public:
    explicit UnknownClassElement(std::string cls) : class_(std::move(cls)) {}
    const char* class_name() const override { return class_.c_str(); }
    const char* port_count() const override { return "-/-"; }
    const char* flow_code() const override { return "x/y"; }

private:
    std::string class_;
};

std::string quoted(const Element* e) {
    return "'" + e->declaration() + "'";
}

const char* processing_name(Processing p) {
    return p == Processing::pull ? "pull" : "push";
}

}  // namespace

std::unique_ptr<Router> Router::create(std::string_view text, std::string_view filename, const Definitions& definitions,
                                       Diagnostics& diagnostics, const ElementRegistry& registry) {
    ClassSetCatalog catalog = registry.catalog();
    ParseOptions options;
    options.catalog = &catalog;
    FlatRouter flat;
    if (!parse_router(text, filename, definitions, flat, diagnostics, options))
        return nullptr;
    auto router = std::make_unique<Router>(std::move(flat), std::string(text), registry, diagnostics);
    if (!router->initialize(diagnostics))
        return nullptr;
    return router;
}

Router::Router(FlatRouter flat, std::string configuration_text, const ElementRegistry& registry,
               Diagnostics& diagnostics)
    : flat_(std::move(flat)), configuration_text_(std::move(configuration_text)), registry_(&registry) {
    build_elements(registry, diagnostics);
    add_router_handlers();
}

Router::~Router() {
    if (state_ == State::live)
        for (auto it = order_.rbegin(); it != order_.rend(); ++it)
            elements_[*it]->cleanup(Element::CleanupStage::router_initialized);
    // Elements own tasks and timers that unschedule themselves from scheduler_, so they
    // go first, in reverse configuration order.
    if (!order_.empty())
        for (auto it = order_.rbegin(); it != order_.rend(); ++it)
            elements_[*it].reset();
    while (!elements_.empty())
        elements_.pop_back();
}

void Router::build_elements(const ElementRegistry& registry, Diagnostics& diagnostics) {
    elements_.reserve(flat_.elements.size());
    for (std::size_t i = 0; i < flat_.elements.size(); ++i) {
        const FlatElement& fe = flat_.elements[i];
        std::unique_ptr<Element> e = registry.create(fe.class_name);
        if (!e) {
            diagnostics.error(fe.landmark, "unknown element class '" + fe.class_name + "'");
            build_failed_ = true;
            e = std::make_unique<UnknownClassElement>(fe.class_name);
        }
        e->name_ = fe.name;
        e->landmark_ = fe.landmark;
        e->eindex_ = int(i);
        e->router_ = this;
        name_index_.emplace(fe.name, i);
        configurations_.push_back(fe.config);
        elements_.push_back(std::move(e));
    }
    // Connections that name missing elements or negative ports cannot be checked.
    auto bad = [&](const FlatConnection& c) {
        return c.from >= elements_.size() || c.to >= elements_.size() || c.from_port < 0 || c.to_port < 0;
    };
    flat_.connections.erase(std::remove_if(flat_.connections.begin(), flat_.connections.end(), bad),
                            flat_.connections.end());
}

Element* Router::find(std::string_view name, const Element* context) const {
    if (context) {
        for (const std::string& candidate : scoped_name_candidates(context->name(), name)) {
            auto it = name_index_.find(candidate);
            if (it != name_index_.end())
                return elements_[it->second].get();
        }
        return nullptr;
    }
    auto it = name_index_.find(name);
    return it == name_index_.end() ? nullptr : elements_[it->second].get();
}

const std::string& Router::element_configuration(const Element* e) const {
    static const std::string empty;
    if (!e || e->router() != this)
        return empty;
    return configurations_[std::size_t(e->eindex())];
}

// ---- Connection checks --------------------------------------------------------------------

bool Router::check_port_counts(Diagnostics& diagnostics) {
    const std::size_t before = diagnostics.error_count();
    const std::size_t n = elements_.size();
    std::vector<int> used_in(n, 0), used_out(n, 0);
    for (const FlatConnection& c : flat_.connections) {
        used_out[c.from] = std::max(used_out[c.from], c.from_port + 1);
        used_in[c.to] = std::max(used_in[c.to], c.to_port + 1);
    }
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        int nin = 0, nout = 0;
        if (auto count = ports::parse_port_count(e->port_count()))
            ports::resolve_port_count(*count, used_in[i], used_out[i], nin, nout);
        else
            diagnostics.error(e->landmark(), e->declaration() + ": bad port count");
        e->inputs_.assign(std::size_t(nin), Element::Port());
        e->outputs_.assign(std::size_t(nout), Element::Port());
        e->input_processing_.assign(std::size_t(nin), Processing::push);
        e->output_processing_.assign(std::size_t(nout), Processing::push);
    }
    auto out_of_range = [&](const FlatConnection& c) {
        bool bad = false;
        Element* from = elements_[c.from].get();
        Element* to = elements_[c.to].get();
        if (c.from_port >= from->noutputs()) {
            diagnostics.error(from->landmark(), quoted(from) + " has no output " + std::to_string(c.from_port));
            bad = true;
        }
        if (c.to_port >= to->ninputs()) {
            diagnostics.error(to->landmark(), quoted(to) + " has no input " + std::to_string(c.to_port));
            bad = true;
        }
        return bad;
    };
    flat_.connections.erase(std::remove_if(flat_.connections.begin(), flat_.connections.end(), out_of_range),
                            flat_.connections.end());
    return diagnostics.error_count() == before;
}

bool Router::check_push_pull(Diagnostics& diagnostics) {
    const std::size_t before = diagnostics.error_count();
    const std::size_t n = elements_.size();
    std::vector<std::vector<Processing>> in(n), out(n);
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        if (!ports::processing_vectors(e->processing(), e->ninputs(), e->noutputs(), in[i], out[i]))
            diagnostics.error(e->landmark(), quoted(e) + ": bad processing code");
    }

    struct Edge {
        std::size_t from;
        int from_port;
        std::size_t to;
        int to_port;
        const std::string* landmark;
        bool internal;  // an agnostic element's own input-to-output flow
        bool dead = false;
    };
    std::vector<Edge> edges;
    for (const FlatConnection& c : flat_.connections)
        edges.push_back({c.from, c.from_port, c.to, c.to_port, &c.landmark, false});
    // An agnostic input and the agnostic outputs it flows to must share a personality.
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        for (int p = 0; p < e->ninputs(); ++p) {
            if (in[i][std::size_t(p)] != Processing::agnostic)
                continue;
            std::string error;
            std::vector<bool> flow = ports::port_flow(e->flow_code(), false, p, e->noutputs(), &error);
            if (!error.empty())
                diagnostics.error(e->landmark(), quoted(e) + " " + error);
            for (int o = 0; o < e->noutputs(); ++o)
                if (flow[std::size_t(o)] && out[i][std::size_t(o)] == Processing::agnostic)
                    edges.push_back({i, o, i, p, &e->landmark_, true});
        }
    }

    // Spread known personalities across connections until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        for (Edge& edge : edges) {
            if (edge.dead)
                continue;
            Processing& pf = out[edge.from][std::size_t(edge.from_port)];
            Processing& pt = in[edge.to][std::size_t(edge.to_port)];
            if (pt == Processing::agnostic) {
                if (pf != Processing::agnostic) {
                    pt = pf;
                    changed = true;
                }
            } else if (pf == Processing::agnostic) {
                pf = pt;
                changed = true;
            } else if (pf != pt) {
                Element* from = elements_[edge.from].get();
                Element* to = elements_[edge.to].get();
                const char* type_out = processing_name(pf);
                const char* type_in = pf == Processing::push ? "pull" : "push";
                if (!edge.internal)
                    diagnostics.error(*edge.landmark, quoted(from) + " " + type_out + " output " +
                                                          std::to_string(edge.from_port) + " connected to " +
                                                          quoted(to) + " " + type_in + " input " +
                                                          std::to_string(edge.to_port));
                else
                    diagnostics.error(from->landmark(), "agnostic " + quoted(from) + " in mixed context: " + type_in +
                                                            " input " + std::to_string(edge.to_port) + ", " +
                                                            type_out + " output " + std::to_string(edge.from_port));
                edge.dead = true;
            }
        }
    }
    if (diagnostics.error_count() != before)
        return false;

    // Ports still agnostic (unconnected flows) behave as push.
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        for (int p = 0; p < e->ninputs(); ++p)
            e->input_processing_[std::size_t(p)] =
                in[i][std::size_t(p)] == Processing::pull ? Processing::pull : Processing::push;
        for (int p = 0; p < e->noutputs(); ++p)
            e->output_processing_[std::size_t(p)] =
                out[i][std::size_t(p)] == Processing::pull ? Processing::pull : Processing::push;
    }
    return true;
}

bool Router::check_completeness(Diagnostics& diagnostics) {
    const std::size_t before = diagnostics.error_count();
    const std::size_t n = elements_.size();
    std::vector<std::vector<int>> in_uses(n), out_uses(n);
    for (std::size_t i = 0; i < n; ++i) {
        in_uses[i].assign(std::size_t(elements_[i]->ninputs()), 0);
        out_uses[i].assign(std::size_t(elements_[i]->noutputs()), 0);
    }
    for (const FlatConnection& c : flat_.connections) {
        ++out_uses[c.from][std::size_t(c.from_port)];
        ++in_uses[c.to][std::size_t(c.to_port)];
    }
    // A push output or a pull input is the active end of one connection only.
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        for (int p = 0; p < e->noutputs(); ++p)
            if (out_uses[i][std::size_t(p)] > 1 && e->output_is_push(p))
                diagnostics.error(e->landmark(), "illegal reuse of " + quoted(e) + " push output " + std::to_string(p));
        for (int p = 0; p < e->ninputs(); ++p)
            if (in_uses[i][std::size_t(p)] > 1 && e->input_is_pull(p))
                diagnostics.error(e->landmark(), "illegal reuse of " + quoted(e) + " pull input " + std::to_string(p));
    }
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        for (int p = 0; p < e->ninputs(); ++p)
            if (in_uses[i][std::size_t(p)] == 0)
                diagnostics.error(e->landmark(), quoted(e) + " input " + std::to_string(p) + " unused");
    }
    for (std::size_t i = 0; i < n; ++i) {
        Element* e = elements_[i].get();
        for (int p = 0; p < e->noutputs(); ++p)
            if (out_uses[i][std::size_t(p)] == 0)
                diagnostics.error(e->landmark(), quoted(e) + " output " + std::to_string(p) + " unused");
    }
    return diagnostics.error_count() == before;
}

void Router::connect_ports() {
    for (const FlatConnection& c : flat_.connections) {
        Element* from = elements_[c.from].get();
        Element* to = elements_[c.to].get();
        from->outputs_[std::size_t(c.from_port)] = Element::Port(to, c.to_port);
        to->inputs_[std::size_t(c.to_port)] = Element::Port(from, c.from_port);
    }
}

std::vector<std::size_t> Router::configure_order() const {
    std::vector<std::size_t> order(elements_.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::vector<int> phase(elements_.size());
    for (std::size_t i = 0; i < elements_.size(); ++i)
        phase[i] = elements_[i]->configure_phase();
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return phase[a] < phase[b]; });
    return order;
}

// ---- Initialization -------------------------------------------------------------------------

bool Router::initialize(Diagnostics& diagnostics) {
    if (state_ != State::new_router) {
        diagnostics.error("", "second attempt to initialize router");
        return false;
    }
    order_ = configure_order();
    stages_.assign(elements_.size(), Element::CleanupStage::before_configure);

    bool ok = !build_failed_;
    if (ok && check_port_counts(diagnostics)) {
        ok = check_push_pull(diagnostics) && check_completeness(diagnostics);
        if (ok)
            connect_ports();
    } else {
        ok = false;
    }

    // Every element is configured even after one fails, so all errors are reported.
    if (ok) {
        for (std::size_t i : order_) {
            Element* e = elements_[i].get();
            ContextErrorHandler errh(diagnostics, e->landmark(), "While configuring " + quoted(e) + ":");
            std::vector<std::string> conf = split_config(configurations_[i]);
            if (e->configure(conf, &errh) < 0) {
                if (errh.nerrors() == 0)
                    errh.error("unspecified error");
                stages_[i] = Element::CleanupStage::configure_failed;
                ok = false;
            } else {
                stages_[i] = Element::CleanupStage::configured;
            }
        }
    }

    // Initialization stops at the first failure, as in Click.
    if (ok) {
        for (auto& e : elements_) {
            add_default_handlers(e.get());
            e->add_handlers();
        }
        for (std::size_t i : order_) {
            Element* e = elements_[i].get();
            ContextErrorHandler errh(diagnostics, e->landmark(), "While initializing " + quoted(e) + ":");
            if (e->initialize(&errh) < 0) {
                if (errh.nerrors() == 0)
                    errh.error("unspecified error");
                stages_[i] = Element::CleanupStage::initialize_failed;
                ok = false;
                break;
            }
            stages_[i] = Element::CleanupStage::initialized;
        }
    }

    if (ok) {
        state_ = State::live;
        std::fill(stages_.begin(), stages_.end(), Element::CleanupStage::router_initialized);
        return true;
    }

    state_ = State::dead;
    diagnostics.error("", "Router could not be initialized!");
    for (auto it = order_.rbegin(); it != order_.rend(); ++it)
        elements_[*it]->cleanup(stages_[*it]);
    for (auto& e : elements_)
        e->handlers_.clear();
    return false;
}

std::string Router::flat_configuration() const {
    FlatRouter copy = flat_;
    for (std::size_t i = 0; i < copy.elements.size() && i < configurations_.size(); ++i)
        copy.elements[i].config = configurations_[i];
    return unparse_router(copy);
}

std::string Router::element_ports_string(const Element* e) const {
    if (!e || e->router() != this)
        return std::string();
    std::vector<Processing> declared_in, declared_out;
    ports::processing_vectors(e->processing(), e->ninputs(), e->noutputs(), declared_in, declared_out);
    std::string s = std::to_string(e->ninputs()) + (e->ninputs() == 1 ? " input\n" : " inputs\n");
    for (int p = 0; p < e->ninputs(); ++p) {
        s += e->input_is_pull(p) ? "pull" : "push";
        if (declared_in[std::size_t(p)] == Processing::agnostic)
            s += '~';
        s += "\t-\t";
        const char* sep = "";
        for (const FlatConnection& c : flat_.connections)
            if (c.to == std::size_t(e->eindex()) && c.to_port == p) {
                s += sep + elements_[c.from]->name() + " [" + std::to_string(c.from_port) + "]";
                sep = ", ";
            }
        s += '\n';
    }
    s += std::to_string(e->noutputs()) + (e->noutputs() == 1 ? " output\n" : " outputs\n");
    for (int p = 0; p < e->noutputs(); ++p) {
        s += e->output_is_push(p) ? "push" : "pull";
        if (declared_out[std::size_t(p)] == Processing::agnostic)
            s += '~';
        s += "\t-\t";
        const char* sep = "";
        for (const FlatConnection& c : flat_.connections)
            if (c.from == std::size_t(e->eindex()) && c.from_port == p) {
                s += sep + std::string("[") + std::to_string(c.to_port) + "] " + elements_[c.to]->name();
                sep = ", ";
            }
        s += '\n';
    }
    return s;
}

}  // namespace snf::click
