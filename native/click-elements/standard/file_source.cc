#include "file_source.hh"

#include <cerrno>
#include <string>

#include "snf/click/args.hh"
#include "snf/click/parsed_handler.hh"
#include "snf/click/router.hh"

namespace snf::click {

int FileSource::initialize(ErrorHandler* errh) {
    if (open_file(errh) < 0)
        return -EINVAL;
    if (output_is_push(0))
        task_.initialize(this, active_);
    return 0;
}

void FileSource::finish() {
    at_end_ = true;
    if (stop_ && !stop_requested_) {
        stop_requested_ = true;
        router()->please_stop_driver();
    }
}

void FileSource::restart() {
    if (active_ && !at_end_ && output_is_push(0))
        task_.reschedule();
}

bool FileSource::run_task(Task*) {
    if (!active_ || at_end_)
        return false;
    uint32_t n = 0;
    while (n < burst_) {
        Packet* p = read_packet();
        if (!p) {
            finish();
            return n > 0;
        }
        ++count_;
        ++n;
        output(0).push(p);
    }
    task_.fast_reschedule();
    return true;
}

Packet* FileSource::pull(int) {
    if (!active_ || at_end_)
        return nullptr;
    Packet* p = read_packet();
    if (!p) {
        finish();
        return nullptr;
    }
    ++count_;
    return p;
}

void FileSource::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset", [this](const std::string&, ErrorHandler* errh) {
        if (rewind(errh) < 0)
            return -EINVAL;
        count_ = 0;
        stop_requested_ = false;
        restart();
        return 0;
    }, Handler::button);
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        if (active_)
            restart();
        else
            task_.unschedule();
        return 0;
    }, Handler::checkbox);
    if (output_is_push(0))
        add_task_handlers(&task_);
}

}  // namespace snf::click
