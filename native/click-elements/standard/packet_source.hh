// PacketSource: what the elements that generate packets share (InfiniteSource,
// RatedSource, FastUDPFlows): the count of packets sent, LIMIT, ACTIVE and STOP, and the
// handlers count, reset, limit and active, which subclasses add in their own order.
// PacketTemplate: the packet InfiniteSource and RatedSource send clones of, DATA
// repeated or cut to LENGTH bytes.
#pragma once

#include <cstdint>
#include <string>

#include "snf/click/element.hh"

namespace snf::click {

class PacketTemplate {
public:
    // Click's filler text, 69 bytes.
    static constexpr const char* default_data = "Random bullshit in a packet, at least 64 bytes long. Well, now it is.";
    static constexpr int64_t max_length = 1 << 20;

    PacketTemplate() = default;
    PacketTemplate(const PacketTemplate&) = delete;
    PacketTemplate& operator=(const PacketTemplate&) = delete;
    ~PacketTemplate() { clear(); }

    // Reports DATA or LENGTH over max_length as configure() does; 0 when both fit.
    static int check_configuration(const std::string& data, int64_t length, ErrorHandler* errh);

    // Replaces the template with `data` repeated or cut to `length` bytes (`data` as it
    // is when `length` < 0); false, keeping the old template, when out of memory.
    bool build(const std::string& data, int64_t length);
    // A clone sharing the template's bytes, stamped with the current time if asked; null
    // when out of memory.
    Packet* clone(bool timestamp) const;
    uint32_t length() const;
    void clear();

private:
    Packet* packet_ = nullptr;
};

class PacketSource : public Element {
public:
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "a/a"; }

protected:
    bool limit_reached() const noexcept { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    // Asks the driver to stop, once, when STOP was given; called when LIMIT is reached.
    void reached_limit();
    // Emits again, if anything is left to emit, after a reset, a new limit or
    // reactivation.
    virtual void restart() = 0;
    // Stops emitting on deactivation.
    virtual void pause() = 0;

    // count (read).
    void add_count_handler();
    // reset (write: zeroes count and restarts).
    void add_reset_handler();
    // limit (read/write: restarts).
    void add_limit_handler();
    // active (read/write: restarts on activation, pauses on deactivation).
    void add_active_handler();

    int64_t limit_ = -1;
    bool active_ = true;
    bool stop_ = false;
    bool stop_requested_ = false;
    uint64_t count_ = 0;
};

}  // namespace snf::click
