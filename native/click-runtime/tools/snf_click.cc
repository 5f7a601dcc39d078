// snf-click: runs a Click configuration at user level, like Click's `click` command.
//
//   snf-click [OPTION]... [ROUTERFILE] [NAME=VALUE]...
//
// The configuration comes from ROUTERFILE, -f FILE, -e EXPR, or standard input. Errors are
// printed the way Click prints them and make the command exit 1; a router that stops
// cleanly exits 0 (or with the -x handler's value). Options: -f/--file, -e/--expression,
// -p/--port PORT and -u/--unix-socket PATH (ControlSocket), -h/--handler ELEMENT.H (print
// a read handler after the run), -x/--exit-handler ELEMENT.H, -o/--output FILE (write
// the flat configuration), -q/--quit (do not run), -w/--no-warnings, --help, -v/--version.
#include <fnmatch.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/control_socket.hh"
#include "snf/click/error_handler.hh"
#include "snf/click/router.hh"

using namespace snf::click;

namespace {

const char* program_name = "snf-click";
using HandlerStatus = Router::HandlerStatus;

struct Options {
    std::optional<std::string> router_file;
    bool file_is_expression = false;
    std::optional<std::string> output_file;
    std::vector<std::string> handlers;
    std::optional<std::string> exit_handler;
    std::vector<uint16_t> ports;
    std::vector<std::string> unix_sockets;
    Definitions definitions;
    bool quit = false;
    bool warnings = true;
};

void short_usage() {
    std::fprintf(stderr, "Usage: %s [OPTION]... [ROUTERFILE]\nTry '%s --help' for more information.\n",
                 program_name, program_name);
}

void usage() {
    std::printf(
        "'%s' runs a Click router configuration at user level. It installs the\n"
        "configuration, reporting any errors to standard error, and then generally runs\n"
        "until interrupted.\n\n"
        "Usage: %s [OPTION]... [ROUTERFILE] [NAME=VALUE]...\n\n"
        "Options:\n"
        "  -f, --file FILE               Read router configuration from FILE.\n"
        "  -e, --expression EXPR         Use EXPR as router configuration.\n"
        "  -p, --port PORT               Listen for control connections on TCP port\n"
        "                                (on 127.0.0.1).\n"
        "  -u, --unix-socket FILE        Listen for control connections on Unix socket.\n"
        "  -h, --handler ELEMENT.H       Call ELEMENT's read handler H after running\n"
        "                                driver and print result to standard output.\n"
        "  -x, --exit-handler ELEMENT.H  Use handler ELEMENT.H value for exit status.\n"
        "  -o, --output FILE             Write flat configuration to FILE.\n"
        "  -q, --quit                    Do not run driver.\n"
        "  -w, --no-warnings             Do not print warnings.\n"
        "      --help                    Print this message and exit.\n"
        "  -v, --version                 Print version number and exit.\n",
        program_name, program_name);
}

bool is_definition(const std::string& arg) {
    std::size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
        return false;
    for (std::size_t i = 0; i < eq; ++i) {
        char c = arg[i];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (i == 0 && c == '$')))
            return false;
    }
    return true;
}

// Returns 0 to continue, or 1 + exit code to exit at once.
int parse_options(int argc, char** argv, Options& o) {
    struct Spec {
        char short_name;
        const char* long_name;
        bool takes_value;
    };
    static const Spec specs[] = {
        {'f', "file", true},          {'e', "expression", true}, {'p', "port", true},
        {'u', "unix-socket", true},   {'h', "handler", true},    {'x', "exit-handler", true},
        {'o', "output", true},        {'q', "quit", false},      {'w', "no-warnings", false},
        {'v', "version", false},      {0, "help", false},        {0, "warnings", false},
    };
    auto apply = [&](const Spec& s, const std::string& value) -> int {
        switch (s.short_name) {
        case 'f':
        case 'e':
            if (o.router_file) {
                std::fprintf(stderr, "%s: router configuration specified twice\n", program_name);
                short_usage();
                return 2;
            }
            o.router_file = value;
            o.file_is_expression = s.short_name == 'e';
            return 0;
        case 'p': {
            uint32_t port = 0;
            SilentErrorHandler silent;
            if (!IntArg().parse(value, port, ArgContext(nullptr, &silent)) || port > 65535) {
                std::fprintf(stderr, "%s: '--port' expects a TCP port number, not '%s'\n", program_name,
                             value.c_str());
                short_usage();
                return 2;
            }
            o.ports.push_back(uint16_t(port));
            return 0;
        }
        case 'u':
            o.unix_sockets.push_back(value);
            return 0;
        case 'h':
            o.handlers.push_back(value);
            return 0;
        case 'x':
            if (o.exit_handler) {
                std::fprintf(stderr, "%s: --exit-handler specified twice\n", program_name);
                short_usage();
                return 2;
            }
            o.exit_handler = value;
            return 0;
        case 'o':
            if (o.output_file) {
                std::fprintf(stderr, "%s: output file specified twice\n", program_name);
                short_usage();
                return 2;
            }
            o.output_file = value;
            return 0;
        case 'q':
            o.quit = true;
            return 0;
        case 'w':
            o.warnings = false;
            return 0;
        case 'v':
            std::printf("snf-click (StatelessNF Click-compatible runtime) %s\n", router_version);
            return 1;
        default:
            if (std::strcmp(s.long_name, "help") == 0) {
                usage();
                return 1;
            }
            o.warnings = true;
            return 0;
        }
    };

    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
            std::string name = arg.substr(2), value;
            bool has_value = false;
            if (std::size_t eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                has_value = true;
            }
            const Spec* spec = nullptr;
            for (const Spec& s : specs)
                if (name == s.long_name)
                    spec = &s;
            if (!spec) {
                std::fprintf(stderr, "%s: unrecognized option '--%s'\n", program_name, name.c_str());
                short_usage();
                return 2;
            }
            if (spec->takes_value && !has_value) {
                if (i + 1 >= argc) {
                    std::fprintf(stderr, "%s: '--%s' requires an argument\n", program_name, name.c_str());
                    short_usage();
                    return 2;
                }
                value = argv[++i];
            }
            if (int r = apply(*spec, value))
                return r;
            continue;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            // Clustered short options: "-qh c.count" is "-q -h c.count".
            for (std::size_t j = 1; j < arg.size(); ++j) {
                const Spec* spec = nullptr;
                for (const Spec& s : specs)
                    if (s.short_name == arg[j])
                        spec = &s;
                if (!spec) {
                    std::fprintf(stderr, "%s: unrecognized option '-%c'\n", program_name, arg[j]);
                    short_usage();
                    return 2;
                }
                std::string value;
                if (spec->takes_value) {
                    if (j + 1 < arg.size()) {
                        value = arg.substr(j + 1);
                    } else if (i + 1 < argc) {
                        value = argv[++i];
                    } else {
                        std::fprintf(stderr, "%s: '-%c' requires an argument\n", program_name, arg[j]);
                        short_usage();
                        return 2;
                    }
                    j = arg.size();
                }
                if (int r = apply(*spec, value))
                    return r;
            }
            continue;
        }
        if (is_definition(arg)) {
            std::string name = arg.substr(0, arg.find('='));
            if (!name.empty() && name[0] == '$')
                name.erase(0, 1);
            if (o.definitions.count(name)) {
                std::fprintf(stderr, "%s: parameter '%s' multiply defined\n", program_name, name.c_str());
                return 2;
            }
            add_definition(o.definitions, arg);
            continue;
        }
        Spec file_spec{'f', "file", true};
        if (int r = apply(file_spec, arg))
            return r;
    }
    return 0;
}

bool read_configuration(const Options& o, std::string& text, std::string& filename) {
    if (o.router_file && o.file_is_expression) {
        text = *o.router_file;
        filename = "config";
        return true;
    }
    if (!o.router_file || *o.router_file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        filename = "<stdin>";
        return true;
    }
    filename = *o.router_file;
    std::ifstream in(filename, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: %s\n", filename.c_str(), std::strerror(errno));
        return false;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

Router* running_router = nullptr;
volatile sig_atomic_t running = 0;

extern "C" void stop_signal(int sig) {
    if (!running || !running_router) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    // Lock-free atomics and an eventfd write: both safe in a signal handler.
    running_router->set_runcount(-0x7FFFFFFF);
}

// Prints handler values after the run, as Click does: one handler's value alone, or
// "name:\nvalue\n" blocks when there are several (or a pattern/class matched).
int print_handlers(Router& router, const std::vector<std::string>& handlers) {
    int status = 0;
    const bool many = handlers.size() > 1;
    auto print_one = [&](Element* e, const std::string& hname, bool print_name) {
        std::string full = e ? e->name() + "." + hname : hname;
        Router::HandlerRef ref;
        HandlerStatus st = e ? HandlerStatus::no_such_handler : router.find_handler(hname, ref);
        if (e) {
            if (const Handler* h = e->find_handler(hname)) {
                ref = Router::HandlerRef{e, h};
                st = HandlerStatus::ok;
            }
        }
        if (st != HandlerStatus::ok) {
            std::fprintf(stderr, "no '%s' handler\n", full.c_str());
            status = 1;
            return;
        }
        if (!ref.handler->readable()) {
            std::fprintf(stderr, "'%s' is a write handler\n", full.c_str());
            status = 1;
            return;
        }
        StringErrorHandler errh;
        std::string value;
        Router::call_read(ref, "", value, &errh);
        for (const auto& entry : errh.entries())
            std::fprintf(stderr, "%s\n", entry.text.c_str());
        if (print_name)
            std::printf("%s:\n", full.c_str());
        if (!(ref.handler->flags & Handler::raw) && !value.empty() && value.back() != '\n')
            value += '\n';
        std::fwrite(value.data(), 1, value.size(), stdout);
        if (print_name)
            std::fputs("\n", stdout);
    };
    for (const std::string& spec : handlers) {
        std::size_t dot = spec.find('.');
        if (dot == std::string::npos) {
            print_one(nullptr, spec, many);
            continue;
        }
        std::string pattern = spec.substr(0, dot), hname = spec.substr(dot + 1);
        if (Element* e = router.find(pattern)) {
            print_one(e, hname, many);
            continue;
        }
        const bool is_pattern = pattern.find_first_of("?*[") != std::string::npos;
        bool any = false;
        for (int i = 0; i < router.nelements(); ++i) {
            Element* e = router.element(i);
            bool match = is_pattern ? fnmatch(pattern.c_str(), e->name().c_str(), 0) == 0
                                    : e->cast(pattern.c_str()) != nullptr;
            if (!match)
                continue;
            any = true;
            if (const Handler* h = e->find_handler(hname); h && h->readable())
                print_one(e, hname, true);
        }
        if (!any) {
            std::fprintf(stderr, is_pattern ? "no element matching '%s'\n" : "no element '%s'\n", pattern.c_str());
            status = 1;
        }
    }
    std::fflush(stdout);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 0 && argv[0]) {
        const char* slash = std::strrchr(argv[0], '/');
        program_name = slash ? slash + 1 : argv[0];
    }
    Options options;
    if (int r = parse_options(argc, argv, options))
        return r - 1;

    std::string text, filename;
    if (!read_configuration(options, text, filename))
        return 1;

    Diagnostics diagnostics;
    ElementRegistry& registry = ElementRegistry::global();
    ClassSetCatalog catalog = registry.catalog();
    ParseOptions parse_options_;
    parse_options_.catalog = &catalog;
    FlatRouter flat;
    bool parsed = parse_router(text, filename, options.definitions, flat, diagnostics, parse_options_);
    std::unique_ptr<Router> router;
    if (parsed) {
        router = std::make_unique<Router>(std::move(flat), text, registry, diagnostics);
        if (!router->initialize(diagnostics))
            router.reset();
    }
    if (!options.warnings) {
        Diagnostics errors_only;
        for (const Diagnostic& d : diagnostics.entries())
            if (d.severity != Severity::Warning)
                errors_only.error(d.landmark, d.message);
        diagnostics = errors_only;
    }
    std::string report = format_click_diagnostics(diagnostics);
    std::fputs(report.c_str(), stderr);
    if (!router)
        return 1;

    // ControlSockets, as Click's driver adds them for -p and -u.
    std::unique_ptr<ControlSocket> control;
    if (!options.ports.empty() || !options.unix_sockets.empty()) {
        control = std::make_unique<ControlSocket>(*router);
        std::string error;
        bool ok = true;
        for (uint16_t port : options.ports) {
            ok = ok && control->listen_tcp(port, &error);
            if (ok && port == 0)
                std::fprintf(stderr, "%s: ControlSocket listening on 127.0.0.1:%u\n", program_name,
                             unsigned(control->tcp_port()));
        }
        for (const std::string& path : options.unix_sockets)
            ok = ok && control->listen_unix(path, &error);
        if (!ok) {
            std::fprintf(stderr, "click: While initializing 'click_driver@@ControlSocket :: ControlSocket':\n  %s\n"
                                 "Router could not be initialized!\n",
                         error.c_str());
            return 1;
        }
    }

    int exit_value = 0;
    if (options.output_file) {
        std::string flat_text = router->flat_configuration();
        if (*options.output_file == "-") {
            std::fwrite(flat_text.data(), 1, flat_text.size(), stdout);
            std::fflush(stdout);
        } else {
            FILE* f = std::fopen(options.output_file->c_str(), "w");
            if (!f) {
                std::fprintf(stderr, "%s: %s\n", options.output_file->c_str(), std::strerror(errno));
                exit_value = 1;
            } else {
                std::fwrite(flat_text.data(), 1, flat_text.size(), f);
                std::fclose(f);
            }
        }
    }

    if (!options.quit && router->nelements() > 0) {
        running_router = router.get();
        signal(SIGPIPE, SIG_IGN);
        struct sigaction sa {};
        sa.sa_handler = stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
        running = 1;
        router->run();
        running = 0;
    } else if (!options.quit && options.warnings) {
        std::fprintf(stderr, "warning: %s: configuration has no elements, exiting\n", filename.c_str());
    }

    if (!options.handlers.empty() && print_handlers(*router, options.handlers) != 0)
        exit_value = 1;

    if (options.exit_handler) {
        StringErrorHandler errh;
        std::string value;
        if (router->call_read(*options.exit_handler, "", value, &errh) != HandlerStatus::ok) {
            std::fprintf(stderr, "no '%s' handler\n", options.exit_handler->c_str());
            exit_value = 255;
        } else {
            std::string v = uncomment(value);
            int32_t n = 0;
            SilentErrorHandler silent;
            if (IntArg().parse(v, n, ArgContext(nullptr, &silent)))
                exit_value = n;
            else if (auto b = BoolArg::parse(v))
                exit_value = *b ? 0 : 1;
            else {
                std::fprintf(stderr, "exit handler value should be integer\n");
                exit_value = 255;
            }
        }
    }

    control.reset();
    router.reset();
    return exit_value;
}
