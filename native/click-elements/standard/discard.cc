// Discard: frees pushed packets, or pulls and frees them from a task.
#include "discard.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/notifier.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

Discard::Discard() : task_(this) {}

int Discard::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    bool active = true;
    uint32_t burst = 1;
    if (Args(conf, this, errh).read("ACTIVE", active).read("BURST", burst).complete() < 0)
        return -EINVAL;
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    active_ = active;
    burst_ = burst;
    return 0;
}

int Discard::initialize(ErrorHandler*) {
    if (input_is_pull(0)) {
        task_.initialize(this, active_);
        signal_ = input(0).element()->empty_signal(input(0).port());
        if (signal_)
            signal_->add_listener(&task_);
    }
    return 0;
}

void Discard::push(int, Packet* p) {
    ++count_;
    p->kill();
}

bool Discard::run_task(Task*) {
    uint32_t n = 0;
    while (n < burst_) {
        Packet* p = input(0).pull();
        if (!p)
            break;
        ++count_;
        p->kill();
        ++n;
    }
    if (active_ && (n > 0 || !signal_ || signal_->active()))
        task_.fast_reschedule();
    return n > 0;
}

void Discard::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        if (active_ && input_is_pull(0))
            task_.reschedule();
        return 0;
    });
    if (input_is_pull(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(Discard)

}  // namespace snf::click
