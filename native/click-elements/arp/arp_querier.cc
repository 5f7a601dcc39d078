// ARPQuerier: next-hop resolution and encapsulation over an ArpTable.
#include "arp_querier.hh"

#include <algorithm>
#include <cstring>

#include "arp/arp_packet.hh"
#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {

// This host's IP, as an address or address/prefix (AddressInfo names included); the
// prefix's mask gives the local broadcast address. An address reading wins over a
// prefix one for names that stand for both, as in Click.
struct LocalAddressArg {
    bool parse(std::string_view text, IPPrefix& result, const ArgContext& ctx) const {
        SilentErrorHandler silent;
        ArgContext quiet(ctx.context(), &silent);
        IPPrefix prefix;
        IPAddress address;
        const bool have_prefix = IPPrefixArg().parse(text, prefix, quiet);
        const bool have_address = IPAddressArg().parse(text, address, quiet);
        if (!have_prefix && !have_address) {
            ctx.error("expected IP address or prefix");
            return false;
        }
        if (have_address) {
            result.address = address;
            result.mask = have_prefix ? prefix.mask : IPAddress{0xFFFFFFFFu};
        } else {
            result = prefix;
        }
        return true;
    }
};

constexpr bool keyword_of_querier(std::string_view word) {
    return word == "CAPACITY" || word == "ENTRY_CAPACITY" || word == "ENTRY_PACKET_CAPACITY" ||
           word == "TIMEOUT" || word == "POLL_TIMEOUT" || word == "BROADCAST" || word == "BROADCAST_POLL" ||
           word == "IP" || word == "ETH";
}

}  // namespace

ARPQuerier::ARPQuerier() : expire_timer_(this) {}

int ARPQuerier::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    // The one-argument form names both addresses: read it twice.
    std::vector<std::string> arguments = conf;
    const ClassifiedArguments classified = classify_arguments(arguments, keyword_of_querier);
    if (classified.positional.size() == 1) {
        auto it = std::find(arguments.begin(), arguments.end(), classified.positional[0]);
        arguments.insert(it + 1, classified.positional[0]);
    }
    ArpTable::Limits limits;
    IPPrefix me;
    EtherAddress ether;
    IPAddress broadcast;
    bool broadcast_poll = false;
    std::chrono::nanoseconds timeout = limits.timeout, poll_timeout = std::chrono::seconds(60);
    Args args(arguments, this, errh);
    // Asked before the reads, which mark the argument used.
    const bool have_broadcast = args.has_keyword("BROADCAST");
    args.read_mp("IP", LocalAddressArg(), me)
        .read_mp("ETH", ether)
        .read("CAPACITY", limits.packet_capacity)
        .read("ENTRY_CAPACITY", limits.entry_capacity)
        .read("ENTRY_PACKET_CAPACITY", limits.entry_packet_capacity)
        .read("TIMEOUT", timeout)
        .read("POLL_TIMEOUT", poll_timeout)
        .read("BROADCAST", broadcast)
        .read("BROADCAST_POLL", broadcast_poll);
    if (args.complete() < 0)
        return -EINVAL;
    if (timeout.count() < 0 || poll_timeout.count() < 0)
        return errh->error("TIMEOUT and POLL_TIMEOUT must not be negative");
    limits.timeout = timeout;
    if (!have_broadcast) {
        broadcast.addr = me.address.addr | ~me.mask.addr;
        if (broadcast == me.address)
            broadcast.addr = 0xFFFFFFFFu;
    }
    // A new identity invalidates what was learned under the old one.
    if (!(me.address == my_ip_) || !(ether == my_ether_))
        table_.clear();
    table_.set_limits(limits);
    my_ip_ = me.address;
    my_ether_ = ether;
    my_broadcast_ = broadcast;
    poll_timeout_ = poll_timeout;
    broadcast_poll_ = broadcast_poll;
    return 0;
}

int ARPQuerier::initialize(ErrorHandler*) {
    expire_timer_.initialize(this);
    expire_timer_.schedule_after(std::chrono::seconds(1));
    return 0;
}

void ARPQuerier::cleanup(CleanupStage) {
    table_.clear();
}

ArpTable::Clock::time_point ARPQuerier::now() const {
    return ArpTable::Clock::now();
}

void ARPQuerier::run_timer(Timer*) {
    table_.expire(now());
    expire_timer_.reschedule_after(std::chrono::seconds(1));
}

void ARPQuerier::send_query(IPAddress target, const EtherAddress* known_target, const Packet* cause) {
    EtherAddress destination;
    destination.bytes.fill(0xFF);
    if (known_target && !broadcast_poll_)
        destination = *known_target;
    EtherAddress zero;
    WritablePacket* q = arp::make_frame(arp::opcode_request, destination, my_ether_, my_ip_, zero, target);
    if (!q) {
        ++drops_;
        return;
    }
    if (cause)
        q->set_timestamp_anno(cause->timestamp_anno());
    ++queries_;
    output(noutputs() - 1).push(q);
}

void ARPQuerier::send_encapsulated(WritablePacket* q) {
    // Our address goes in last, in case it changed while the packet waited.
    std::memcpy(q->data() + arp::off_ether_src, my_ether_.bytes.data(), 6);
    output(0).push(q);
}

void ARPQuerier::handle_ip(Packet* p, bool has_ether_header) {
    if (my_ip_.addr == 0) {
        ++drops_;
        p->kill();
        return;
    }
    WritablePacket* q;
    if (has_ether_header) {
        q = p->uniqueify();
    } else if ((q = p->push(arp::ether_header_length))) {
        q->set_mac_header(q->data());
        arp::write16(q->data() + arp::off_ether_type, arp::ethertype_ip);
    }
    if (!q) {
        ++drops_;
        return;
    }
    const IPAddress next_hop{q->dst_ip_anno()};
    unsigned char* ether_dst = q->data() + arp::off_ether_dst;
    EtherAddress known;
    const int found = table_.lookup(next_hop, known, now(), poll_timeout_);
    if (found >= 0) {
        std::memcpy(ether_dst, known.bytes.data(), 6);
        if (found == ArpTable::lookup_known_poll)
            send_query(next_hop, &known, q);
        send_encapsulated(q);
        return;
    }
    const uint32_t host_order = next_hop.host_order();
    if (next_hop.addr == 0xFFFFFFFFu || next_hop == my_broadcast_) {
        std::memset(ether_dst, 0xFF, 6);
        send_encapsulated(q);
        return;
    }
    if ((host_order >> 28) == 0xE) {
        // IPv4 multicast maps onto 01:00:5e plus the group's low 23 bits.
        ether_dst[0] = 0x01;
        ether_dst[1] = 0x00;
        ether_dst[2] = 0x5E;
        ether_dst[3] = uint8_t((host_order >> 16) & 0x7F);
        ether_dst[4] = uint8_t(host_order >> 8);
        ether_dst[5] = uint8_t(host_order);
        send_encapsulated(q);
        return;
    }
    if (next_hop.addr == 0) {
        if (!zero_warned_) {
            chatter(declaration() + ": would query for 0.0.0.0; missing dest IP addr annotation?");
            zero_warned_ = true;
        }
        ++drops_;
        q->kill();
        return;
    }
    const int queued = table_.append_query(next_hop, q, now());
    if (queued == ArpTable::append_known) {
        // Learned meanwhile (cannot happen on one thread, but stay correct).
        handle_ip(q, true);
    } else if (queued == ArpTable::append_dropped) {
        q->kill();
    } else if (queued == ArpTable::append_queued_query) {
        send_query(next_hop, nullptr, q);
    }
}

void ARPQuerier::send_waiting(Packet* waiting) {
    while (waiting) {
        Packet* next = waiting->next();
        waiting->set_next(nullptr);
        handle_ip(waiting, true);
        waiting = next;
    }
}

void ARPQuerier::handle_response(Packet* p) {
    if (p->length() < arp::frame_length) {
        // Truncated: nothing to learn from it.
        ++drops_;
        return;
    }
    ++responses_;
    if (arp::arp_opcode(p) != arp::opcode_reply)
        return;
    const IPAddress sender_ip = arp::read_ip(p->data() + arp::off_sender_ip);
    const EtherAddress sender_ether = arp::read_ether(p->data() + arp::off_sender_ether);
    if (arp::is_group(sender_ether))
        return;
    send_waiting(table_.insert(sender_ip, sender_ether, now()));
}

void ARPQuerier::push(int port, Packet* p) {
    if (port == 0) {
        handle_ip(p, false);
    } else {
        handle_response(p);
        p->kill();
    }
}

void ARPQuerier::add_handlers() {
    add_read_handler("table", [this] { return table_.unparse(now()); });
    add_read_handler("stats", [this] {
        return std::to_string(drops_ + table_.drops()) + " packets killed\n" + std::to_string(queries_) +
               " ARP queries sent\n";
    });
    add_read_handler("count", [this] { return std::to_string(table_.entry_count()); });
    add_read_handler("length", [this] { return std::to_string(table_.packet_count()); });
    add_read_handler("queries", [this] { return std::to_string(queries_); });
    add_read_handler("responses", [this] { return std::to_string(responses_); });
    add_read_handler("drops", [this] { return std::to_string(drops_); });
    add_read_handler("ipaddr", [this] { return my_ip_.unparse(); });
    add_write_handler("ipaddr", [this](const std::string& text, ErrorHandler* errh) {
        IPAddress address;
        if (!IPAddressArg().parse(uncomment(text), address, ArgContext(this, errh)))
            return -EINVAL;
        my_ip_ = address;
        return 0;
    });
    add_read_handler("broadcast", [this] { return my_broadcast_.unparse(); });
    add_write_handler("broadcast", [this](const std::string& text, ErrorHandler* errh) {
        IPAddress address;
        if (!IPAddressArg().parse(uncomment(text), address, ArgContext(this, errh)))
            return -EINVAL;
        my_broadcast_ = address;
        return 0;
    });
    add_write_handler("insert", [this](const std::string& text, ErrorHandler* errh) {
        IPAddress ip;
        EtherAddress ether;
        Args args(this, errh);
        for (const std::string& word : split_words(uncomment(text)))
            args.push_back(word);
        if (args.read_mp("IP", ip).read_mp("ETH", ether).complete() < 0)
            return -EINVAL;
        send_waiting(table_.insert(ip, ether, now()));
        return 0;
    });
    add_write_handler("delete", [this](const std::string& text, ErrorHandler* errh) {
        IPAddress ip;
        Args args(this, errh);
        for (const std::string& word : split_words(uncomment(text)))
            args.push_back(word);
        if (args.read_mp("IP", ip).complete() < 0)
            return -EINVAL;
        table_.forget(ip, now());
        return 0;
    });
    add_write_handler("clear", [this](const std::string&, ErrorHandler*) {
        queries_ = responses_ = drops_ = 0;
        table_.clear();
        table_.reset_drops();
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(ARPQuerier)

}  // namespace snf::click
