// AddressInfo: classifies each address word of an argument, then defines the name's
// addresses in the router's address-name tables.
#include "address_info.hh"

#include <arpa/inet.h>

#include <cerrno>
#include <optional>

#include "snf/click/address_info.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {
namespace {

bool is_ipv6(std::string_view word) {
    std::string address(word.substr(0, word.find('/')));
    in6_addr parsed{};
    return address.find(':') != std::string::npos && inet_pton(AF_INET6, address.c_str(), &parsed) == 1;
}

// The addresses one argument gives its name: those written alone, and those a prefix
// with host bits implies (used only when none is written alone).
struct NameAddresses {
    std::optional<IPAddress> ip, implied_ip;
    std::optional<IPPrefix> prefix;
    std::optional<EtherAddress> ether;
};

}  // namespace

AddressInfo::~AddressInfo() {
    if (router())
        AddressNames::forget(router());
}

int AddressInfo::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    const int before = errh->nerrors();
    for (const std::string& argument : conf)
        define_argument(argument, errh);
    return errh->nerrors() == before ? 0 : -EINVAL;
}

void AddressInfo::define_argument(const std::string& argument, ErrorHandler* errh) {
    std::vector<std::string> words = split_words(argument);
    if (words.empty())
        return;
    if (words.size() < 2) {
        errh->error("expected 'NAME [ADDRS]', got '" + argument + "'");
        return;
    }
    const std::string& name = words[0];
    NameAddresses found;
    bool ok = true;
    auto repeated = [&](const char* kind) {
        errh->error("'" + name + "' has more than one " + kind + " in '" + argument + "'");
        ok = false;
    };
    for (std::size_t i = 1; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (auto ether = EtherAddress::parse(word)) {
            if (found.ether)
                repeated(AddressNames::kind_name(AddressNames::Kind::ether_address));
            found.ether = ether;
        } else if (auto ip = IPAddress::parse(word)) {
            if (found.ip)
                repeated(AddressNames::kind_name(AddressNames::Kind::ip_address));
            found.ip = ip;
        } else if (word.find('/') != std::string::npos && IPPrefix::parse(word)) {
            IPPrefix prefix = *IPPrefix::parse(word);
            if (found.prefix)
                repeated(AddressNames::kind_name(AddressNames::Kind::ip_prefix));
            found.prefix = prefix;
            if ((prefix.address.addr & ~prefix.mask.addr) != 0 && !found.implied_ip)
                found.implied_ip = prefix.address;
        } else if (is_ipv6(word)) {
            errh->error("'" + word + "' is an IPv6 address; only IPv4 and Ethernet addresses are supported");
            ok = false;
        } else {
            errh->error("'" + word + "' is not a recognizable address");
            ok = false;
        }
    }
    if (!ok)
        return;

    std::string first_definer;
    auto redefined = [&](AddressNames::Kind kind) {
        std::string where = first_definer.empty() ? std::string() : " (first defined at " + first_definer + ")";
        errh->error("redefinition of " + std::string(AddressNames::kind_name(kind)) + " '" + name + "'" + where);
    };
    std::optional<IPAddress> ip = found.ip ? found.ip : found.implied_ip;
    if (ip && !AddressNames::define(this, name, *ip, &first_definer))
        redefined(AddressNames::Kind::ip_address);
    if (found.prefix && !AddressNames::define(this, name, *found.prefix, &first_definer))
        redefined(AddressNames::Kind::ip_prefix);
    if (found.ether && !AddressNames::define(this, name, *found.ether, &first_definer))
        redefined(AddressNames::Kind::ether_address);
}

SNF_EXPORT_ELEMENT(AddressInfo)

}  // namespace snf::click
