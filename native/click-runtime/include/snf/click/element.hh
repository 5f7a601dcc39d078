// Element: the base class of every Click element. A subclass names its class, declares
// its port counts ("1/1", "1-2/=", "-/-"), push/pull processing ("h/h", "a/ah", "h/l")
// and internal flow ("x/x", "x/y", "#/#"), parses its configuration in configure(),
// acquires resources in initialize(), and moves packets in push()/pull() (or just
// simple_action()). output(i).push(p) and input(i).pull() go straight to the connected
// element and port: one virtual call, no lookups.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/error_handler.hh"
#include "snf/click/handler.hh"
#include "snf/click/packet.hh"

namespace snf::click {

class Router;
class Task;
class Timer;
class NotifierSignal;

class Element {
public:
    // One side of a connection. An active port (push output, pull input) knows the
    // element and port at the other end.
    class Port {
    public:
        Port() = default;
        Port(Element* peer, int peer_port) : peer_(peer), peer_port_(peer_port) {}

        void push(Packet* p) const { peer_->push(peer_port_, p); }
        Packet* pull() const { return peer_->pull(peer_port_); }

        Element* element() const noexcept { return peer_; }
        int port() const noexcept { return peer_port_; }
        bool connected() const noexcept { return peer_ != nullptr; }

    private:
        Element* peer_ = nullptr;
        int peer_port_ = -1;
    };

    // How far configuration got, passed to cleanup().
    enum class CleanupStage {
        before_configure,
        configure_failed,
        configured,
        initialize_failed,
        initialized,
        router_initialized,
    };

    // configure_phase() values: lower phases are configured and initialized first.
    enum : int {
        configure_phase_first = 0,
        configure_phase_info = 20,
        configure_phase_privileged = 90,
        configure_phase_default = 100,
        configure_phase_last = 2000,
    };

    // Port personalities after push/pull resolution.
    enum class Processing : uint8_t { agnostic = 0, push = 1, pull = 2 };

    Element() = default;
    virtual ~Element() = default;
    Element(const Element&) = delete;
    Element& operator=(const Element&) = delete;

    // ---- Class properties -----------------------------------------------------------
    virtual const char* class_name() const = 0;
    virtual const char* port_count() const { return "0/0"; }
    virtual const char* processing() const { return "a/a"; }
    virtual const char* flow_code() const { return "x/x"; }
    virtual int configure_phase() const { return configure_phase_default; }
    // Whether writing the "config" handler reconfigures the element live.
    virtual bool can_live_reconfigure() const { return false; }
    // The element as class `name` (Click's cast): this for its own class name, else null.
    virtual void* cast(const char* name);

    // ---- Life cycle -------------------------------------------------------------------
    // Parses configuration arguments (already split at commas). The default accepts none.
    virtual int configure(std::vector<std::string>& conf, ErrorHandler* errh);
    // Registers the element's own handlers (the standard ones are added for it).
    virtual void add_handlers() {}
    virtual int initialize(ErrorHandler* errh) { return 0; }
    virtual void cleanup(CleanupStage stage) {}
    // Called when "config" is written; the default reruns configure().
    virtual int live_reconfigure(std::vector<std::string>& conf, ErrorHandler* errh);

    // ---- Packet and event processing ----------------------------------------------------
    // Defaults: push runs simple_action and pushes the result to output 0; pull pulls
    // input 0 and returns simple_action's result.
    virtual void push(int port, Packet* p);
    virtual Packet* pull(int port);
    virtual Packet* simple_action(Packet* p) { return p; }
    // Task and timer callbacks for elements that own a Task(this) or Timer(this).
    virtual bool run_task(Task* task) { return false; }
    virtual void run_timer(Timer* timer) {}
    // A file descriptor registered with Scheduler::add_select became ready.
    virtual void selected(int fd, int mask) {}
    // The signal that says whether pulling output `port` may yield a packet. Queues
    // provide one; agnostic pass-through elements forward their upstream's. Null means
    // unknown (pullers then keep polling).
    virtual NotifierSignal* empty_signal(int port);

    // ---- Identity and ports --------------------------------------------------------------
    const std::string& name() const noexcept { return name_; }
    const std::string& landmark() const noexcept { return landmark_; }
    int eindex() const noexcept { return eindex_; }
    Router* router() const noexcept { return router_; }
    // "name :: Class", the form Click's messages use.
    std::string declaration() const;

    int ninputs() const noexcept { return int(inputs_.size()); }
    int noutputs() const noexcept { return int(outputs_.size()); }
    const Port& input(int i) const noexcept { return inputs_[std::size_t(i)]; }
    const Port& output(int i) const noexcept { return outputs_[std::size_t(i)]; }
    bool input_is_pull(int i) const noexcept { return input_processing_[std::size_t(i)] == Processing::pull; }
    bool input_is_push(int i) const noexcept { return !input_is_pull(i); }
    bool output_is_push(int i) const noexcept { return output_processing_[std::size_t(i)] != Processing::pull; }
    bool output_is_pull(int i) const noexcept { return !output_is_push(i); }
    // Pushes p to output i when it exists, else frees it (for optional outputs).
    void checked_output_push(int i, Packet* p) const;

    // ---- Handlers ----------------------------------------------------------------------
    void add_read_handler(std::string name, std::function<std::string()> read, uint32_t flags = 0);
    void add_read_param_handler(std::string name, Handler::ReadFunction read, uint32_t flags = 0);
    void add_write_handler(std::string name, Handler::WriteFunction write, uint32_t flags = 0);
    // Adds "scheduled" (and "tickets") handlers for a task.
    void add_task_handlers(Task* task, std::string prefix = std::string());
    const std::vector<Handler>& handlers() const noexcept { return handlers_; }
    const Handler* find_handler(std::string_view name) const;

private:
    friend class Router;

    std::string name_;
    std::string landmark_;
    int eindex_ = -1;
    Router* router_ = nullptr;
    std::vector<Port> inputs_;
    std::vector<Port> outputs_;
    std::vector<Processing> input_processing_;
    std::vector<Processing> output_processing_;
    std::vector<Handler> handlers_;
};

}  // namespace snf::click
