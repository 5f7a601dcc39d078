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
    timer_.initialize(this);
    if (output_is_push(0))
        task_.initialize(this, active_);
    else
        signal_.set_active(active_ && !at_end_);
    return 0;
}

NotifierSignal* FileSource::empty_signal(int) {
    return output_is_pull(0) ? &signal_ : nullptr;
}

void FileSource::cleanup(CleanupStage) {
    drop_held_packet();
    close_file();
}

void FileSource::end_of_input() {
    if (stop_ && !stop_requested_) {
        stop_requested_ = true;
        router()->please_stop_driver();
    }
}

void FileSource::finish() {
    at_end_ = true;
    signal_.set_active(false);
    end_of_input();
}

void FileSource::restart() {
    if (!active_ || at_end_)
        return;
    if (output_is_push(0))
        task_.reschedule();
    else
        signal_.set_active(true);
}

void FileSource::pause() {
    task_.unschedule();
    signal_.set_active(false);
}

void FileSource::drop_held_packet() {
    if (held_) {
        held_->kill();
        held_ = nullptr;
    }
    if (timer_.initialized())
        timer_.unschedule();
}

Packet* FileSource::next_due_packet() {
    Packet* p = held_ ? held_ : read_packet();
    held_ = nullptr;
    if (!p) {
        finish();
        return nullptr;
    }
    std::chrono::nanoseconds wait = delay_before(p);
    if (wait.count() > 0) {
        held_ = p;
        signal_.set_active(false);
        timer_.schedule_after(wait);
        return nullptr;
    }
    ++count_;
    return p;
}

bool FileSource::run_task(Task*) {
    if (!active_ || at_end_)
        return false;
    uint32_t n = 0;
    while (n < burst_) {
        Packet* p = next_due_packet();
        if (!p)
            return n > 0;
        ++n;
        output(0).push(p);
        if (!active_ || at_end_)
            return true;
    }
    task_.fast_reschedule();
    return true;
}

void FileSource::run_timer(Timer*) {
    restart();
}

Packet* FileSource::pull(int) {
    if (!active_ || at_end_)
        return nullptr;
    return next_due_packet();
}

void FileSource::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset", [this](const std::string&, ErrorHandler* errh) {
        drop_held_packet();
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
            pause();
        return 0;
    }, Handler::checkbox);
    if (output_is_push(0))
        add_task_handlers(&task_);
}

}  // namespace snf::click
