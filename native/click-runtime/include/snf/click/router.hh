// Router: a running Click configuration. It is built from the frontend's FlatRouter
// (elements created through the ElementRegistry), checked the way Click checks it (port
// counts, push/pull agreement with agnostic ports resolved through flow codes, unused and
// reused ports), then configured and initialized in configure-phase order and run on one
// thread by its Scheduler. Every error goes to Diagnostics with its file:line; a router
// that fails any stage reports "Router could not be initialized!" and never runs.
//
// Stopping follows Click's driver: the runcount starts at 1, each stop request (the
// "stop" handler, an element's please_stop_driver()) lowers it, and the run ends when it
// reaches 0 unless a DriverManager consumes the stop events. Handlers are looked up by
// "element.handler", "N.handler" (element number from 1) or "handler" (global).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "snf/click/diagnostics.hh"
#include "snf/click/element.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/flat_router.hh"
#include "snf/click/handler.hh"
#include "snf/click/router_parser.hh"
#include "snf/click/scheduler.hh"

namespace snf::click {

// The runtime's version, reported by the "version" handler and snf-click --version.
inline constexpr const char* router_version = "0.1.0";

class Router {
public:
    enum class HandlerStatus {
        ok,
        no_such_element,
        no_such_handler,
        not_readable,  // exists, but write-only
        not_writable,  // exists, but read-only
        handler_error, // the handler reported an error
    };

    // Parses `text`, builds and initializes the router. Returns null when anything
    // failed; `diagnostics` then says why (warnings are reported either way).
    static std::unique_ptr<Router> create(std::string_view text, std::string_view filename,
                                          const Definitions& definitions, Diagnostics& diagnostics,
                                          const ElementRegistry& registry = ElementRegistry::global());

    // Builds the elements of `flat` without checking or initializing them. Unknown
    // classes are reported and make initialize() fail.
    Router(FlatRouter flat, std::string configuration_text, const ElementRegistry& registry,
           Diagnostics& diagnostics);
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Checks connections, configures and initializes every element. True on success.
    bool initialize(Diagnostics& diagnostics);
    bool initialized() const noexcept { return state_ == State::live; }

    // ---- Elements -----------------------------------------------------------------------
    int nelements() const noexcept { return int(elements_.size()); }
    Element* element(int i) const noexcept {
        return i >= 0 && i < nelements() ? elements_[std::size_t(i)].get() : nullptr;
    }
    // The element called `name`; with a context element, looked up from its compound
    // scope outward as Click does for names inside configuration strings.
    Element* find(std::string_view name, const Element* context = nullptr) const;
    const FlatRouter& flat() const noexcept { return flat_; }
    // The element's current configuration string (what the "config" handler shows).
    const std::string& element_configuration(const Element* e) const;
    // The "ports" handler text for an element.
    std::string element_ports_string(const Element* e) const;

    // ---- Handlers -----------------------------------------------------------------------
    struct HandlerRef {
        Element* element = nullptr;  // null for a global handler
        const Handler* handler = nullptr;
    };
    HandlerStatus find_handler(std::string_view full_name, HandlerRef& out) const;
    // Calls a read handler; `param` is passed to handlers that take parameters (others
    // reject a non-empty one). Errors go to errh.
    HandlerStatus call_read(std::string_view full_name, std::string_view param, std::string& result,
                            ErrorHandler* errh);
    HandlerStatus call_write(std::string_view full_name, std::string_view value, ErrorHandler* errh);
    static HandlerStatus call_read(const HandlerRef& ref, std::string_view param, std::string& result,
                                   ErrorHandler* errh);
    static HandlerStatus call_write(const HandlerRef& ref, std::string_view value, ErrorHandler* errh);
    const std::vector<Handler>& global_handlers() const noexcept { return global_handlers_; }
    void add_global_handler(Handler handler);

    // ---- Running ------------------------------------------------------------------------
    Scheduler& scheduler() noexcept { return scheduler_; }

    enum class RunOutcome { stopped, rounds_done, not_initialized };
    // Runs until the driver stops, or for at most `max_rounds` scheduler rounds (a
    // bounded run never sleeps). Not reentrant.
    RunOutcome run(uint64_t max_rounds = UINT64_MAX);

    // Stop requests, counted like Click's runcount (thread-safe).
    void adjust_runcount(int32_t delta) noexcept;
    void set_runcount(int32_t value) noexcept;
    int32_t runcount() const noexcept { return runcount_.load(std::memory_order_relaxed); }
    void please_stop_driver() noexcept { adjust_runcount(-1); }
    // True once a run ended because the driver stopped.
    bool stopped() const noexcept { return stopped_.load(); }

    // A DriverManager: called while the runcount is <= 0; returns false when it does not
    // keep the router running. Only one per router.
    bool set_driver_manager(Element* owner, std::function<bool()> step);

    // Runs `fn` on the router's thread: inline when no run() is active on another thread,
    // else between two rounds of that run (waiting for it). Thread-safe.
    void call_on_router_thread(const std::function<void()>& fn);

    // ---- Task tickets (ScheduleInfo) -----------------------------------------------------
    // Tickets for the tasks of the element called `element_name`; Task::initialize applies
    // them. Later settings for the same element win.
    void set_task_tickets(std::string element_name, int tickets) { task_tickets_[std::move(element_name)] = tickets; }
    // The tickets set for an element's tasks, or 0 when none were.
    int task_tickets(std::string_view element_name) const {
        auto it = task_tickets_.find(element_name);
        return it == task_tickets_.end() ? 0 : it->second;
    }

    // ---- Configuration text -------------------------------------------------------------
    const std::string& configuration_text() const noexcept { return configuration_text_; }
    // The flat configuration with each element's current configuration.
    std::string flat_configuration() const;

private:
    enum class State { new_router, dead, live };

    void build_elements(const ElementRegistry& registry, Diagnostics& diagnostics);
    bool check_port_counts(Diagnostics& diagnostics);
    bool check_push_pull(Diagnostics& diagnostics);
    bool check_completeness(Diagnostics& diagnostics);
    void connect_ports();
    std::vector<std::size_t> configure_order() const;
    void add_default_handlers(Element* e);
    void add_router_handlers();
    bool check_driver();
    void drain_calls();

    FlatRouter flat_;
    std::string configuration_text_;
    const ElementRegistry* registry_ = nullptr;
    std::map<std::string, std::size_t, std::less<>> name_index_;
    std::map<std::string, int, std::less<>> task_tickets_;
    std::vector<std::unique_ptr<Element>> elements_;
    std::vector<std::string> configurations_;
    std::vector<Element::CleanupStage> stages_;
    std::vector<std::size_t> order_;
    std::vector<Handler> global_handlers_;
    bool build_failed_ = false;
    State state_ = State::new_router;

    Scheduler scheduler_;
    std::atomic<int32_t> runcount_{1};
    std::atomic<bool> stopped_{false};
    Element* driver_manager_ = nullptr;
    std::function<bool()> driver_step_;

    std::mutex gate_;
    std::condition_variable calls_done_;
    struct PendingCall {
        const std::function<void()>* fn;
        bool done;
    };
    std::deque<PendingCall*> calls_;
    std::atomic<bool> calls_pending_{false};
    bool loop_active_ = false;
    std::thread::id loop_thread_;
};

}  // namespace snf::click
