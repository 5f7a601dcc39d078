// InfiniteSource: clones a template packet (cheap: the bytes are shared) for every
// packet it emits, from a task when pushing or on demand when pulled.
#include "infinite_source.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
constexpr const char* default_data = "Random bullshit in a packet, at least 64 bytes long. Well, now it is.";
constexpr int64_t max_length = 1 << 20;
}  // namespace

InfiniteSource::InfiniteSource() : task_(this), data_(default_data) {}

InfiniteSource::~InfiniteSource() {
    if (template_)
        template_->kill();
}

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
    if (length > max_length || int64_t(data.size()) > max_length)
        return errh->error("LENGTH: out of range, bound " + std::to_string(max_length));
    data_ = data;
    limit_ = limit;
    burst_ = burst;
    active_ = active;
    stop_ = stop;
    length_ = length;
    timestamp_ = timestamp;
    return 0;
}

bool InfiniteSource::rebuild_template() {
    std::string bytes = data_;
    if (length_ >= 0) {
        std::string filled;
        if (!bytes.empty())
            while (int64_t(filled.size()) < length_)
                filled += bytes;
        filled.resize(std::size_t(length_), '\0');
        bytes = filled;
    }
    Packet* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
    if (!p)
        return false;
    if (template_)
        template_->kill();
    template_ = p;
    return true;
}

int InfiniteSource::initialize(ErrorHandler* errh) {
    if (!rebuild_template())
        return errh->error("out of memory");
    if (output_is_push(0))
        task_.initialize(this, active_ && !limit_reached());
    return 0;
}

void InfiniteSource::cleanup(CleanupStage) {
    if (template_) {
        template_->kill();
        template_ = nullptr;
    }
}

Packet* InfiniteSource::make_packet() {
    Packet* p = template_->clone();
    if (p && timestamp_)
        p->set_timestamp_anno(Timestamp::now());
    return p;
}

bool InfiniteSource::run_task(Task*) {
    if (!active_)
        return false;
    uint32_t n = 0;
    while (n < burst_ && !limit_reached()) {
        Packet* p = make_packet();
        if (!p)
            break;
        ++count_;
        ++n;
        output(0).push(p);
    }
    if (limit_reached()) {
        if (stop_ && !stop_requested_) {
            stop_requested_ = true;
            router()->please_stop_driver();
        }
        return n > 0;
    }
    task_.fast_reschedule();
    return n > 0;
}

Packet* InfiniteSource::pull(int) {
    if (!active_)
        return nullptr;
    if (limit_reached()) {
        if (stop_ && !stop_requested_) {
            stop_requested_ = true;
            router()->please_stop_driver();
        }
        return nullptr;
    }
    Packet* p = make_packet();
    if (p)
        ++count_;
    return p;
}

void InfiniteSource::restart() {
    if (active_ && output_is_push(0) && !limit_reached())
        task_.reschedule();
}

void InfiniteSource::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        stop_requested_ = false;
        restart();
        return 0;
    }, Handler::button);
    add_read_handler("data", [this] { return data_; });
    add_write_handler("data", [this](const std::string& value, ErrorHandler* errh) {
        if (int64_t(value.size()) > max_length)
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
        if (length > max_length)
            return errh->error("length out of range, bound " + std::to_string(max_length));
        length_ = length;
        return rebuild_template() ? 0 : errh->error("out of memory");
    });
    add_read_handler("limit", [this] { return std::to_string(limit_); });
    add_parsed_write_handler<int64_t>(this, "limit", IntArg(), [this](int64_t limit, ErrorHandler* errh) {
        limit_ = limit;
        stop_requested_ = false;
        restart();
        return 0;
    });
    add_read_handler("burst", [this] { return std::to_string(burst_); });
    add_parsed_write_handler<uint32_t>(this, "burst", IntArg(), [this](uint32_t burst, ErrorHandler* errh) {
        if (burst == 0)
            return errh->error("burst must be at least 1");
        burst_ = burst;
        return 0;
    });
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        if (active_)
            restart();
        else
            task_.unschedule();
        return 0;
    });
    if (output_is_push(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(InfiniteSource)

}  // namespace snf::click
