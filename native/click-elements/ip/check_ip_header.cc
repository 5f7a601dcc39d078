// CheckIPHeader: the RFC 1812 input checks, each failure counted under its reason.
#include "check_ip_header.hh"

#include <algorithm>
#include <cstring>
#include <optional>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

namespace {

// A space-separated list of IP addresses.
struct AddressListArg {
    bool parse(std::string_view text, std::vector<uint32_t>& result, const ArgContext& ctx) const {
        std::vector<uint32_t> addresses;
        for (const std::string& word : split_words(text)) {
            IPAddress address;
            if (!IPAddressArg().parse(word, address, ctx))
                return false;
            addresses.push_back(address.addr);
        }
        result = std::move(addresses);
        return true;
    }
};

// The old syntax's BADSRC2: the list plus the all-zeros and all-ones addresses.
struct OldBadSourceArg {
    bool parse(std::string_view text, std::vector<uint32_t>& result, const ArgContext& ctx) const {
        std::vector<uint32_t> addresses;
        if (!AddressListArg().parse(text, addresses, ctx))
            return false;
        addresses.push_back(0);
        addresses.push_back(0xffffffffu);
        result = std::move(addresses);
        return true;
    }
};

struct InterfaceAddresses {
    std::vector<uint32_t> broadcast;  // becomes BADSRC
    std::vector<uint32_t> local;      // becomes GOODDST
};

// INTERFACES: address prefixes; each contributes its subnet broadcast address as a bad
// source and its own address as a good destination.
struct InterfacesArg {
    bool parse(std::string_view text, InterfaceAddresses& result, const ArgContext& ctx) const {
        InterfaceAddresses parsed;
        for (const std::string& word : split_words(text)) {
            IPPrefix prefix;
            if (!IPPrefixArg().parse(word, prefix, ctx))
                return false;
            parsed.broadcast.push_back((prefix.address.addr & prefix.mask.addr) | ~prefix.mask.addr);
            parsed.local.push_back(prefix.address.addr);
        }
        parsed.broadcast.push_back(0);
        parsed.broadcast.push_back(0xffffffffu);
        result = std::move(parsed);
        return true;
    }
};

constexpr const char* reason_texts[] = {"tiny packet",   "bad IP version",  "bad IP header length",
                                        "bad IP length", "bad IP checksum", "bad source address"};

}  // namespace

CheckIPHeader::CheckIPHeader(bool checks_checksum)
    : checks_checksum_(checks_checksum), checksum_(checks_checksum),
      drops_("IP header check failed", true,
             std::vector<const char*>(std::begin(reason_texts), std::end(reason_texts))) {}

int CheckIPHeader::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    InterfaceAddresses interfaces;
    std::vector<uint32_t> bad_src, good_dst;
    uint32_t offset = 0;
    bool verbose = false, details = false, checksum = checks_checksum_;
    Args args(conf, this, errh);
    args.read("INTERFACES", InterfacesArg(), interfaces)
        .read("BADSRC", AddressListArg(), bad_src)
        .read("GOODDST", AddressListArg(), good_dst)
        .read("OFFSET", offset)
        .read("VERBOSE", verbose)
        .read("DETAILS", details);
    if (checks_checksum_)
        args.read("CHECKSUM", checksum);
    if (args.execute() < 0)
        return -EINVAL;

    // What is left is either a lone OFFSET or the old [BADSRC2, OFFSET] form.
    std::vector<std::string> rest = args.unused();
    if (rest.size() == 1 && IntArg().parse(rest[0], offset, ArgContext(this, nullptr))) {
        // CheckIPHeader(14): the offset alone.
    } else if (!rest.empty()) {
        // A keyword-shaped leftover is an unknown keyword, not an address list.
        std::optional<KeywordArgument> keyword = split_keyword(rest[0]);
        int badsrc_flags = Args::positional | (keyword && is_keyword(keyword->keyword) ? 0 : Args::mandatory);
        std::vector<uint32_t> old_bad_src;
        if (Args(rest, this, errh)
                .read("BADSRC", badsrc_flags, OldBadSourceArg(), old_bad_src)
                .read_p("OFFSET", offset)
                .complete() < 0)
            return -EINVAL;
        bad_src.insert(bad_src.end(), old_bad_src.begin(), old_bad_src.end());
    }

    bad_src.insert(bad_src.end(), interfaces.broadcast.begin(), interfaces.broadcast.end());
    good_dst.insert(good_dst.end(), interfaces.local.begin(), interfaces.local.end());
    offset_ = offset;
    checksum_ = checksum;
    bad_src_ = std::move(bad_src);
    good_dst_ = std::move(good_dst);
    drops_.configure(verbose, details);
    return 0;
}

bool CheckIPHeader::bad_source_address(uint32_t src, uint32_t dst) const {
    return std::find(bad_src_.begin(), bad_src_.end(), src) != bad_src_.end() &&
           std::find(good_dst_.begin(), good_dst_.end(), dst) == good_dst_.end();
}

Packet* CheckIPHeader::simple_action(Packet* p) {
    uint32_t length = p->length();
    if (offset_ > length || length - offset_ < 20) {
        drops_.drop(this, tiny_packet, p);
        return nullptr;
    }
    const unsigned char* ip = p->data() + offset_;
    uint32_t available = length - offset_;
    if ((ip[0] >> 4) != 4) {
        drops_.drop(this, bad_version, p);
        return nullptr;
    }
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    if (header_length < 20) {
        drops_.drop(this, bad_header_length, p);
        return nullptr;
    }
    uint32_t ip_length = load_be16(ip + 2);
    if (ip_length > available || ip_length < header_length) {
        drops_.drop(this, bad_ip_length, p);
        return nullptr;
    }
    // A correct header sums to zero, checksum field included.
    if (checksum_ && checksum_finish(checksum_add(ip, header_length)) != 0) {
        drops_.drop(this, bad_checksum, p);
        return nullptr;
    }
    uint32_t src, dst;
    std::memcpy(&src, ip + 12, 4);
    std::memcpy(&dst, ip + 16, 4);
    if (!bad_src_.empty() && bad_source_address(src, dst)) {
        drops_.drop(this, bad_source, p);
        return nullptr;
    }

    p->set_network_header(ip, header_length);
    if (available > ip_length)
        p->take(available - ip_length);
    p->set_dst_ip_anno(dst);
    return p;
}

void CheckIPHeader::add_handlers() { drops_.add_handlers(this); }

SNF_EXPORT_ELEMENT(CheckIPHeader)

}  // namespace snf::click
