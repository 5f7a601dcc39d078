// The per-router tables behind address names, and the lookups with Click's suffixes.
// Tables live in a registry keyed by router, created by the first definition and dropped
// when the router's AddressInfo elements are destroyed, so the Router class needs no
// knowledge of them. Values are kept as their canonical text in ScopedNameTables (one
// per kind, as Click keeps one name database per address type). A name no AddressInfo
// defines falls back, as in Click, to the network device of that name.
#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>

#include "device_addresses.hh"
#include "snf/click/address_info.hh"
#include "snf/click/element.hh"
#include "snf/click/scoped_names.hh"

namespace snf::click {
namespace {

using Kind = AddressNames::Kind;
constexpr std::size_t kind_count = 3;

struct RouterNames {
    std::array<ScopedNameTable, kind_count> values;
    // Where each definition was made, under the same keys, for redefinition errors.
    std::array<ScopedNameTable, kind_count> definers;
};

std::mutex registry_mutex;

std::map<const Router*, std::unique_ptr<RouterNames>>& registry() {
    static std::map<const Router*, std::unique_ptr<RouterNames>> tables;
    return tables;
}

bool define_text(const Element* definer, Kind kind, std::string_view name, std::string value,
                 std::string* first_definer) {
    if (!definer || !definer->router())
        return false;
    std::lock_guard<std::mutex> lock(registry_mutex);
    std::unique_ptr<RouterNames>& names = registry()[definer->router()];
    if (!names)
        names = std::make_unique<RouterNames>();
    const std::size_t k = std::size_t(kind);
    if (!names->values[k].define(definer->name(), name, std::move(value))) {
        if (first_definer) {
            const std::string* where = names->definers[k].lookup(definer->name(), name);
            *first_definer = where ? *where : std::string();
        }
        return false;
    }
    std::string where = definer->landmark().empty() ? "'" + definer->declaration() + "'" : definer->landmark();
    names->definers[k].define(definer->name(), name, std::move(where));
    return true;
}

// The text defined for `name` as seen from `context`, if any.
std::optional<std::string> lookup_text(const Element* context, Kind kind, std::string_view name) {
    if (!context || !context->router() || name.empty())
        return std::nullopt;
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = registry().find(context->router());
    if (it == registry().end())
        return std::nullopt;
    const std::string* value = it->second->values[std::size_t(kind)].lookup(context->name(), name);
    if (!value)
        return std::nullopt;
    return *value;
}

std::optional<IPAddress> lookup_plain_ip(const Element* context, std::string_view name) {
    if (auto text = lookup_text(context, Kind::ip_address, name))
        return IPAddress::parse(*text);
    return devices::ip_address(name);
}

std::optional<IPPrefix> lookup_plain_prefix(const Element* context, std::string_view name) {
    if (auto text = lookup_text(context, Kind::ip_prefix, name))
        return IPPrefix::parse(*text);
    return devices::ip_prefix(name);
}

// Splits "NAME:suffix" at its last colon; the suffix comes back lower-case with its colon
// (":eth"), empty when there is none.
std::string split_suffix(std::string_view text, std::string_view& base) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        base = text;
        return std::string();
    }
    base = text.substr(0, colon);
    std::string suffix(text.substr(colon));
    for (char& c : suffix)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return suffix;
}

}  // namespace

const char* AddressNames::kind_name(Kind kind) noexcept {
    switch (kind) {
    case Kind::ip_address: return "IP address";
    case Kind::ip_prefix: return "IP prefix";
    case Kind::ether_address: return "Ethernet address";
    }
    return "address";
}

bool AddressNames::define(const Element* definer, std::string_view name, IPAddress value,
                          std::string* first_definer) {
    return define_text(definer, Kind::ip_address, name, value.unparse(), first_definer);
}

bool AddressNames::define(const Element* definer, std::string_view name, const IPPrefix& value,
                          std::string* first_definer) {
    return define_text(definer, Kind::ip_prefix, name, value.unparse(), first_definer);
}

bool AddressNames::define(const Element* definer, std::string_view name, const EtherAddress& value,
                          std::string* first_definer) {
    return define_text(definer, Kind::ether_address, name, value.unparse(), first_definer);
}

void AddressNames::forget(const Router* router) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry().erase(router);
}

std::optional<IPAddress> lookup_ip_address(const Element* context, std::string_view name) {
    std::string_view base;
    std::string suffix = split_suffix(name, base);
    if (suffix.empty())
        return lookup_plain_ip(context, name);
    if (suffix == ":ip" || suffix == ":ip4")
        return lookup_plain_ip(context, base);
    if (suffix == ":bcast") {
        auto prefix = lookup_ip_prefix(context, base);
        if (!prefix)
            return std::nullopt;
        return IPAddress{prefix->address.addr | ~prefix->mask.addr};
    }
    if (suffix == ":gw") {
        // An explicit "NAME:gw" definition wins, then a device's default route, else
        // the network's first host.
        if (auto text = lookup_text(context, Kind::ip_address, name))
            return IPAddress::parse(*text);
        std::optional<IPPrefix> prefix;
        if (auto text = lookup_text(context, Kind::ip_prefix, base))
            prefix = IPPrefix::parse(*text);
        else if (auto gateway = devices::default_gateway(base))
            return gateway;
        else
            prefix = devices::ip_prefix(base);
        if (!prefix)
            return std::nullopt;
        return IPAddress{(prefix->address.addr & prefix->mask.addr) | htonl(1)};
    }
    return std::nullopt;
}

std::optional<IPPrefix> lookup_ip_prefix(const Element* context, std::string_view name) {
    std::string_view base;
    std::string suffix = split_suffix(name, base);
    if (suffix.empty())
        return lookup_plain_prefix(context, name);
    if (suffix == ":net" || suffix == ":ipnet" || suffix == ":ip4net")
        return lookup_plain_prefix(context, base);
    return std::nullopt;
}

std::optional<EtherAddress> lookup_ether_address(const Element* context, std::string_view name) {
    std::string_view base;
    std::string suffix = split_suffix(name, base);
    if (!suffix.empty()) {
        if (suffix != ":eth" && suffix != ":ether" && suffix != ":ethernet")
            return std::nullopt;
        name = base;
    }
    if (auto text = lookup_text(context, Kind::ether_address, name))
        return EtherAddress::parse(*text);
    return devices::ether_address(name);
}

}  // namespace snf::click
