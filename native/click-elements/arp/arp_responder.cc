// ARPResponder: prefix table lookup and reply construction.
#include "arp_responder.hh"

#include <algorithm>

#include "arp/arp_packet.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

namespace {
int prefix_bits(IPAddress mask) {
    return __builtin_popcount(mask.addr);
}
std::string unparse_entry_prefix(IPAddress network, IPAddress mask) {
    IPPrefix prefix{network, mask};
    return prefix.unparse();
}
}  // namespace

int ARPResponder::add_argument(std::vector<Entry>& entries, const std::string& argument, ErrorHandler* errh) const {
    const std::size_t old_size = entries.size();
    const std::vector<std::string> words = split_words(argument);
    SilentErrorHandler silent;
    ArgContext quiet(this, &silent);
    EtherAddress ether;
    bool have_ether = false;
    for (const std::string& word : words) {
        IPAddress address;
        IPPrefix prefix;
        EtherAddress word_ether;
        if (IPAddressArg().parse(word, address, quiet)) {
            entries.push_back({address, IPAddress{0xFFFFFFFFu}, {}});
        } else if (IPPrefixArg().parse(word, prefix, quiet)) {
            entries.push_back({IPAddress{prefix.address.addr & prefix.mask.addr}, prefix.mask, {}});
        } else if (EtherAddressArg().parse(word, word_ether, quiet)) {
            if (have_ether) {
                entries.resize(old_size);
                return errh->error("more than one ETH");
            }
            ether = word_ether;
            have_ether = true;
        } else {
            entries.resize(old_size);
            return errh->error("expected IP/MASK ETH");
        }
    }
    // A name standing for both an IP and an Ethernet address was read as IP above.
    for (std::size_t i = 0; !have_ether && i < words.size(); ++i)
        have_ether = EtherAddressArg().parse(words[i], ether, quiet);
    if (entries.size() == old_size)
        return errh->error("missing IP/MASK");
    if (!have_ether) {
        entries.resize(old_size);
        return errh->error("missing ETH");
    }
    for (std::size_t i = old_size; i < entries.size(); ++i)
        entries[i].ether = ether;
    return 0;
}

void ARPResponder::normalize(std::vector<Entry>& entries, ErrorHandler* warnings) {
    // Longest prefix first; stable, so among equal prefixes the later stays later.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return prefix_bits(a.mask) > prefix_bits(b.mask); });
    std::vector<Entry> unique;
    for (const Entry& e : entries) {
        auto same = std::find_if(unique.begin(), unique.end(), [&](const Entry& u) {
            return u.network == e.network && u.mask == e.mask;
        });
        if (same == unique.end()) {
            unique.push_back(e);
        } else {
            if (warnings)
                warnings->warning("multiple entries for " + unparse_entry_prefix(e.network, e.mask));
            *same = e;
        }
    }
    entries.swap(unique);
}

int ARPResponder::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::vector<Entry> entries;
    bool ok = true;
    for (std::size_t i = 0; i < conf.size(); ++i) {
        PrefixErrorHandler argument_errh(errh, "argument " + std::to_string(i) + ": ");
        if (add_argument(entries, conf[i], &argument_errh) < 0)
            ok = false;
    }
    if (!ok)
        return -EINVAL;
    normalize(entries, errh);
    entries_.swap(entries);
    return 0;
}

const ARPResponder::Entry* ARPResponder::lookup(IPAddress address) const {
    for (const Entry& e : entries_)
        if ((address.addr & e.mask.addr) == e.network.addr)
            return &e;
    return nullptr;
}

Packet* ARPResponder::simple_action(Packet* p) {
    if (arp::arp_opcode(p) == arp::opcode_request) {
        const unsigned char* d = p->data();
        const IPAddress target_ip = arp::read_ip(d + arp::off_target_ip);
        if (const Entry* e = lookup(target_ip)) {
            const EtherAddress asker_ether = arp::read_ether(d + arp::off_sender_ether);
            const IPAddress asker_ip = arp::read_ip(d + arp::off_sender_ip);
            WritablePacket* q =
                arp::make_frame(arp::opcode_reply, asker_ether, e->ether, target_ip, asker_ether, asker_ip);
            if (q) {
                q->set_timestamp_anno(p->timestamp_anno());
                ++replies_;
                p->kill();
                return q;
            }
        }
    }
    if (noutputs() > 1) {
        output(1).push(p);
    } else {
        ++drops_;
        p->kill();
    }
    return nullptr;
}

void ARPResponder::add_handlers() {
    add_read_handler("table", [this] {
        std::string out;
        for (const Entry& e : entries_)
            out += unparse_entry_prefix(e.network, e.mask) + " " + e.ether.unparse() + "\n";
        return out;
    });
    add_read_param_handler("lookup", [this](const std::string& param, ErrorHandler* errh) -> std::string {
        IPAddress address;
        if (!IPAddressArg().parse(uncomment(param), address, ArgContext(this, errh)))
            return std::string();
        const Entry* e = lookup(address);
        return e ? e->ether.unparse() : std::string();
    });
    add_write_handler("add", [this](const std::string& text, ErrorHandler* errh) {
        std::vector<Entry> entries = entries_;
        if (add_argument(entries, uncomment(text), errh) < 0)
            return -EINVAL;
        normalize(entries, nullptr);
        entries_.swap(entries);
        return 0;
    });
    add_write_handler("remove", [this](const std::string& text, ErrorHandler* errh) {
        IPPrefix prefix;
        if (!IPPrefixArg().parse(uncomment(text), prefix, ArgContext(this, errh)))
            return -EINVAL;
        const IPAddress network{prefix.address.addr & prefix.mask.addr};
        auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
            return e.network == network && e.mask == prefix.mask;
        });
        if (it == entries_.end())
            return errh->error(unparse_entry_prefix(network, prefix.mask) + " not found");
        entries_.erase(it);
        return 0;
    });
    add_read_handler("count", [this] { return std::to_string(replies_); });
    add_read_handler("drops", [this] { return std::to_string(drops_); });
}

SNF_EXPORT_ELEMENT(ARPResponder)

}  // namespace snf::click
