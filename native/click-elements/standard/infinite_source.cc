// InfiniteSource: clones a template packet (cheap: the bytes are shared) for every
// packet it emits, from a task when pushing or on demand when pulled.
#include "infinite_source.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

InfiniteSource::InfiniteSource() : task_(this), data_(PacketTemplate::default_data) {}

int InfiniteSource::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string data = data_;
    int64_t limit = -1, length = -1;
    uint32_t burst = 1;
    bool active = true, stop = false, timestamp = true;
    if (Args(conf, this, errh)
            .read_p("DATA", data)
            .read_p("LIMIT", limit)
            .read_p("BURST", burst)
            .read_p("ACTIVE", active)
            .read("STOP", stop)
            .read("LENGTH", length)
            .read("TIMESTAMP", timestamp)
            .complete() < 0)
        return -EINVAL;
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    if (PacketTemplate::check_configuration(data, length, errh) < 0)
        return -EINVAL;
    data_ = data;
    limit_ = limit;
    burst_ = burst;
    active_ = active;
    stop_ = stop;
    length_ = length;
    timestamp_ = timestamp;
    return 0;
}

int InfiniteSource::initialize(ErrorHandler* errh) {
    if (!rebuild_template())
        return errh->error("out of memory");
    if (output_is_push(0))
        task_.initialize(this, active_ && !limit_reached());
    return 0;
}

void InfiniteSource::cleanup(CleanupStage) { template_.clear(); }

bool InfiniteSource::run_task(Task*) {
    if (!active_)
        return false;
    uint32_t n = 0;
    while (n < burst_ && !limit_reached()) {
        Packet* p = template_.clone(timestamp_);
        if (!p)
            break;
        ++count_;
        ++n;
        output(0).push(p);
    }
    if (limit_reached()) {
        reached_limit();
        return n > 0;
    }
    task_.fast_reschedule();
    return n > 0;
}

Packet* InfiniteSource::pull(int) {
    if (!active_)
        return nullptr;
    if (limit_reached()) {
        reached_limit();
        return nullptr;
    }
    Packet* p = template_.clone(timestamp_);
    if (p)
        ++count_;
    return p;
}

void InfiniteSource::restart() {
    if (active_ && output_is_push(0) && !limit_reached())
        task_.reschedule();
}

void InfiniteSource::add_handlers() {
    add_count_handler();
    add_reset_handler();
    add_read_handler("data", [this] { return data_; });
    add_write_handler("data", [this](const std::string& value, ErrorHandler* errh) {
        if (int64_t(value.size()) > PacketTemplate::max_length)
            return errh->error("data too long");
        std::string old = data_;
        data_ = value;
        if (!rebuild_template()) {
            data_ = old;
            return errh->error("out of memory");
        }
        return 0;
    }, Handler::raw);
    add_read_handler("length", [this] { return std::to_string(length_ >= 0 ? length_ : int64_t(data_.size())); });
    add_parsed_write_handler<int64_t>(this, "length", IntArg(), [this](int64_t length, ErrorHandler* errh) {
        if (length > PacketTemplate::max_length)
            return errh->error("length out of range, bound " + std::to_string(PacketTemplate::max_length));
        length_ = length;
        return rebuild_template() ? 0 : errh->error("out of memory");
    });
    add_limit_handler();
    add_read_handler("burst", [this] { return std::to_string(burst_); });
    add_parsed_write_handler<uint32_t>(this, "burst", IntArg(), [this](uint32_t burst, ErrorHandler* errh) {
        if (burst == 0)
            return errh->error("burst must be at least 1");
        burst_ = burst;
        return 0;
    });
    add_active_handler();
    if (output_is_push(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(InfiniteSource)

}  // namespace snf::click
