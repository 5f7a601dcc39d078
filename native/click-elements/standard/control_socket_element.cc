// ControlSocket element: parses Click's arguments and owns a runtime ControlSocket for
// the router it belongs to; failed opens can be retried on a timer (RETRIES).
#include "control_socket_element.hh"

#include <cctype>
#include <cerrno>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/control_socket.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

ControlSocketElement::ControlSocketElement() : retry_timer_(this) {}

ControlSocketElement::~ControlSocketElement() = default;

int ControlSocketElement::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string type, where, proxy;
    bool read_only = false, verbose = false, localhost = false, retry_warnings = true;
    int retries = 0;
    if (Args(conf, this, errh)
            .read_mp("TYPE", WordArg(), type)
            .read_mp("PORT_OR_PATH", where)
            .read("READONLY", read_only)
            .read("PROXY", AnyArg(), proxy)
            .read("VERBOSE", verbose)
            .read("LOCALHOST", localhost)
            .read("RETRIES", retries)
            .read("RETRY_WARNINGS", retry_warnings)
            .complete() < 0)
        return -EINVAL;
    for (char& c : type)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    if (type == "TCP") {
        uint16_t port = 0;
        PrefixErrorHandler prefixed(errh, "PORTNUMBER: ");
        if (!IntArg().parse(where, port, ArgContext(this, &prefixed)))
            return -EINVAL;
        tcp_ = true;
        port_ = port;
    } else if (type == "UNIX") {
        if (where.empty())
            return errh->error("FILENAME: expected filename");
        tcp_ = false;
        path_ = where;
    } else {
        return errh->error("unknown socket type '" + type + "'; expected TCP or UNIX");
    }
    if (!proxy.empty())
        return errh->error("PROXY: handler proxies are not supported");
    if (verbose)
        errh->warning("VERBOSE: connection messages are not printed");
    read_only_ = read_only;
    retries_ = retries < 0 ? 0 : retries;
    retry_warnings_ = retry_warnings;
    return 0;
}

bool ControlSocketElement::open_socket(std::string& error) {
    auto socket = std::make_unique<ControlSocket>(*router(), read_only_);
    bool ok = tcp_ ? socket->listen_tcp(port_, &error) : socket->listen_unix(path_, &error);
    if (ok)
        socket_ = std::move(socket);
    return ok;
}

int ControlSocketElement::initialize(ErrorHandler* errh) {
    retry_timer_.initialize(this);
    std::string error;
    if (open_socket(error))
        return 0;
    if (retries_ == 0)
        return errh->error(error);
    if (retry_warnings_)
        errh->warning(error + " (retrying)");
    attempts_left_ = retries_;
    retry_timer_.schedule_after_sec(1);
    return 0;
}

void ControlSocketElement::run_timer(Timer*) {
    std::string error;
    if (open_socket(error))
        return;
    if (--attempts_left_ > 0) {
        if (retry_warnings_)
            chatter(declaration() + ": " + error + " (retrying)");
        retry_timer_.schedule_after_sec(1);
        return;
    }
    chatter(declaration() + ": " + error);
    router()->please_stop_driver();
}

void ControlSocketElement::cleanup(CleanupStage) {
    if (retry_timer_.initialized())
        retry_timer_.unschedule();
    socket_.reset();
}

void ControlSocketElement::add_handlers() {
    add_read_handler("port", [this] { return std::to_string(socket_ && tcp_ ? socket_->tcp_port() : 0); });
}

// Registered under Click's class name; the C++ name keeps it apart from the runtime's
// ControlSocket server class.
namespace {
[[maybe_unused]] const bool control_socket_registered =
    registry_detail::register_element<ControlSocketElement>("ControlSocket");
}

}  // namespace snf::click
