// Unqueue: a task that moves packets from a pull input to a push output.
#include "unqueue.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/notifier.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

Unqueue::Unqueue() : task_(this) {}

int Unqueue::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t burst = 1;
    bool active = true;
    int64_t limit = -1;
    if (Args(conf, this, errh)
            .read_p("BURST", burst)
            .read("ACTIVE", active)
            .read("LIMIT", limit)
            .complete() < 0)
        return -EINVAL;
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    burst_ = burst;
    active_ = active;
    limit_ = limit;
    return 0;
}

int Unqueue::initialize(ErrorHandler*) {
    task_.initialize(this, active_);
    signal_ = input(0).element()->empty_signal(input(0).port());
    if (signal_)
        signal_->add_listener(&task_);
    return 0;
}

bool Unqueue::run_task(Task*) {
    if (!active_)
        return false;
    uint32_t n = 0;
    while (n < burst_ && (limit_ < 0 || count_ < uint64_t(limit_))) {
        Packet* p = input(0).pull();
        if (!p)
            break;
        ++count_;
        ++n;
        output(0).push(p);
    }
    const bool limited = limit_ >= 0 && count_ >= uint64_t(limit_);
    if (!limited && active_ && (n > 0 || !signal_ || signal_->active()))
        task_.fast_reschedule();
    return n > 0;
}

void Unqueue::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        if (active_)
            task_.reschedule();
        return 0;
    }, Handler::button);
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        if (active_)
            task_.reschedule();
        else
            task_.unschedule();
        return 0;
    });
    add_read_handler("burst", [this] { return std::to_string(burst_); });
    add_parsed_write_handler<uint32_t>(this, "burst", IntArg(), [this](uint32_t burst, ErrorHandler* errh) {
        if (burst == 0)
            return errh->error("burst must be at least 1");
        burst_ = burst;
        return 0;
    });
    add_read_handler("limit", [this] { return std::to_string(limit_); });
    add_parsed_write_handler<int64_t>(this, "limit", IntArg(), [this](int64_t limit, ErrorHandler* errh) {
        limit_ = limit;
        if (active_)
            task_.reschedule();
        return 0;
    });
    add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(Unqueue)

}  // namespace snf::click
