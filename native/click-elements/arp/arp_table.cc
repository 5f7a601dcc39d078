// ArpTable: entries, waiting packets, expiry and limits.
#include "arp_table.hh"

namespace snf::click {

namespace {
// At most ten queries a second for one address.
constexpr auto min_poll_interval = std::chrono::milliseconds(100);

constexpr EtherAddress broadcast_ether{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};

std::string age_text(std::chrono::nanoseconds age) {
    if (age.count() < 0)
        age = std::chrono::nanoseconds(0);
    const int64_t usec = std::chrono::duration_cast<std::chrono::microseconds>(age).count();
    std::string frac = std::to_string(usec % 1000000);
    return std::to_string(usec / 1000000) + "." + std::string(6 - frac.size(), '0') + frac;
}
}  // namespace

bool ArpTable::expired(const Entry& e, Clock::time_point now) const noexcept {
    return limits_.timeout.count() > 0 && now - e.live_at > limits_.timeout;
}

int ArpTable::lookup(IPAddress ip, EtherAddress& ether, Clock::time_point now, std::chrono::nanoseconds poll_timeout) {
    auto it = entries_.find(ip.addr);
    if (it == entries_.end())
        return lookup_unknown;
    Entry& e = it->second;
    if (!e.known || expired(e, now))
        return lookup_unknown;
    ether = e.ether;
    if (poll_timeout.count() > 0 && now - e.live_at >= poll_timeout && now - e.polled_at >= min_poll_interval) {
        e.polled_at = now;
        return lookup_known_poll;
    }
    return lookup_known;
}

void ArpTable::touch(Entry& e, Clock::time_point now) {
    e.live_at = now;
    age_.splice(age_.end(), age_, e.age_position);
}

ArpTable::Entry& ArpTable::ensure(IPAddress ip, Clock::time_point now) {
    auto it = entries_.find(ip.addr);
    if (it != entries_.end())
        return it->second;
    // Make room first, so the entry being created is never the one evicted.
    while (limits_.entry_capacity && entries_.size() >= limits_.entry_capacity && !age_.empty())
        erase(entries_.find(age_.front()));
    Entry& e = entries_[ip.addr];
    e.ip = ip;
    e.ether = broadcast_ether;
    e.live_at = now;
    e.polled_at = now - std::chrono::seconds(1);
    e.age_position = age_.insert(age_.end(), ip.addr);
    return e;
}

int ArpTable::append_query(IPAddress ip, Packet* p, Clock::time_point now) {
    Entry& e = ensure(ip, now);
    if (e.known && !expired(e, now))
        return append_known;
    // Still wanted: keep the entry from expiring under its waiting packets.
    if (expired(e, now)) {
        e.known = false;
        touch(e, now);
    }
    if (limits_.entry_packet_capacity && e.packets >= limits_.entry_packet_capacity) {
        ++drops_;
        return append_dropped;
    }
    if (limits_.packet_capacity && packet_count_ >= limits_.packet_capacity) {
        // Free half the capacity from the oldest entries (this one's packets included).
        const uint32_t keep = limits_.packet_capacity - limits_.packet_capacity / 2;
        for (uint32_t key : age_) {
            if (packet_count_ < keep || packet_count_ == 0)
                break;
            drop_packets(entries_.find(key)->second, keep);
        }
        if (limits_.packet_capacity && packet_count_ >= limits_.packet_capacity) {
            ++drops_;
            return append_dropped;
        }
    }
    p->set_next(nullptr);
    if (e.tail)
        e.tail->set_next(p);
    else
        e.head = p;
    e.tail = p;
    ++e.packets;
    ++packet_count_;
    if (now - e.polled_at >= min_poll_interval) {
        e.polled_at = now;
        return append_queued_query;
    }
    return append_queued;
}

ArpTable::Entry& ArpTable::record(IPAddress ip, const EtherAddress& ether, Clock::time_point now) {
    Entry& e = ensure(ip, now);
    e.ether = ether;
    // The broadcast address stands for "unknown" (Click's delete handler writes it).
    e.known = !(ether == broadcast_ether);
    e.polled_at = now - std::chrono::seconds(1);
    touch(e, now);
    return e;
}

Packet* ArpTable::insert(IPAddress ip, const EtherAddress& ether, Clock::time_point now) {
    Entry& e = record(ip, ether, now);
    Packet* waiting = e.head;
    packet_count_ -= e.packets;
    e.head = e.tail = nullptr;
    e.packets = 0;
    return waiting;
}

void ArpTable::forget(IPAddress ip, Clock::time_point now) {
    // Unknown again: whatever waited keeps waiting for the next reply.
    record(ip, broadcast_ether, now);
}

void ArpTable::drop_packets(Entry& e, uint32_t keep_total) {
    while (e.head && packet_count_ > keep_total) {
        Packet* p = e.head;
        e.head = p->next();
        if (!e.head)
            e.tail = nullptr;
        p->kill();
        --e.packets;
        --packet_count_;
        ++drops_;
    }
}

void ArpTable::erase(std::unordered_map<uint32_t, Entry>::iterator it) {
    if (it == entries_.end())
        return;
    drop_packets(it->second, 0);
    age_.erase(it->second.age_position);
    entries_.erase(it);
}

void ArpTable::clear() {
    while (!age_.empty())
        erase(entries_.find(age_.front()));
    packet_count_ = 0;
}

void ArpTable::expire(Clock::time_point now) {
    while (!age_.empty()) {
        auto it = entries_.find(age_.front());
        if (!expired(it->second, now) && !(limits_.entry_capacity && entries_.size() > limits_.entry_capacity))
            break;
        erase(it);
    }
}

std::string ArpTable::unparse(Clock::time_point now) const {
    std::string out;
    for (uint32_t key : age_) {
        const Entry& e = entries_.at(key);
        const bool valid = e.known && !expired(e, now);
        out += e.ip.unparse() + (valid ? " 1 " : " 0 ") + e.ether.unparse() + " " + age_text(now - e.live_at) + "\n";
    }
    return out;
}

}  // namespace snf::click
