// PacketSource and PacketTemplate: the template's clones share its bytes, so a source's
// per-packet cost is a reference count increment.
#include "packet_source.hh"

#include "snf/click/error_handler.hh"
#include "snf/click/parsed_handler.hh"
#include "snf/click/router.hh"

namespace snf::click {

int PacketTemplate::check_configuration(const std::string& data, int64_t length, ErrorHandler* errh) {
    if (length > max_length || int64_t(data.size()) > max_length)
        return errh->error("LENGTH: out of range, bound " + std::to_string(max_length));
    return 0;
}

bool PacketTemplate::build(const std::string& data, int64_t length) {
    std::string bytes = data;
    if (length >= 0) {
        bytes.clear();
        if (!data.empty())
            while (int64_t(bytes.size()) < length)
                bytes += data;
        bytes.resize(std::size_t(length), '\0');
    }
    Packet* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
    if (!p)
        return false;
    clear();
    packet_ = p;
    return true;
}

Packet* PacketTemplate::clone(bool timestamp) const {
    Packet* p = packet_->clone();
    if (p && timestamp)
        p->set_timestamp_anno(Timestamp::now());
    return p;
}

uint32_t PacketTemplate::length() const { return packet_ ? packet_->length() : 0; }

void PacketTemplate::clear() {
    if (packet_) {
        packet_->kill();
        packet_ = nullptr;
    }
}

void PacketSource::reached_limit() {
    if (stop_ && !stop_requested_) {
        stop_requested_ = true;
        router()->please_stop_driver();
    }
}

void PacketSource::add_count_handler() {
    add_read_handler("count", [this] { return std::to_string(count_); });
}

void PacketSource::add_reset_handler() {
    add_write_handler("reset", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        stop_requested_ = false;
        restart();
        return 0;
    }, Handler::button);
}

void PacketSource::add_limit_handler() {
    add_read_handler("limit", [this] { return std::to_string(limit_); });
    add_parsed_write_handler<int64_t>(this, "limit", IntArg(), [this](int64_t limit, ErrorHandler*) {
        limit_ = limit;
        stop_requested_ = false;
        restart();
        return 0;
    });
}

void PacketSource::add_active_handler() {
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        bool was_active = active_;
        active_ = active;
        if (!active_)
            pause();
        else if (!was_active)
            restart();
        return 0;
    }, Handler::checkbox);
}

}  // namespace snf::click
