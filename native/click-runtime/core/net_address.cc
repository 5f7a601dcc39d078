// Parsing and printing of IPv4 addresses, prefixes and Ethernet addresses.
#include "snf/click/net_address.hh"

#include <arpa/inet.h>

#include <cstdio>

namespace snf::click {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

IPAddress IPAddress::from_host_order(uint32_t host) noexcept {
    return IPAddress{htonl(host)};
}

uint32_t IPAddress::host_order() const noexcept {
    return ntohl(addr);
}

std::optional<IPAddress> IPAddress::parse(std::string_view text) {
    uint32_t host = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
            return std::nullopt;
        uint32_t part = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            part = part * 10 + uint32_t(text[i] - '0');
            if (++digits > 3 || part > 255)
                return std::nullopt;
            ++i;
        }
        host = (host << 8) | part;
        ++parts;
        if (parts < 4) {
            if (i >= text.size() || text[i] != '.')
                return std::nullopt;
            ++i;
        }
    }
    if (i != text.size())
        return std::nullopt;
    return from_host_order(host);
}

std::string IPAddress::unparse() const {
    uint32_t h = host_order();
    char buf[20];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", h >> 24, (h >> 16) & 255, (h >> 8) & 255, h & 255);
    return buf;
}

int IPPrefix::prefix_length() const noexcept {
    uint32_t m = mask.host_order();
    int len = 0;
    while (len < 32 && (m & (0x80000000u >> len)))
        ++len;
    uint32_t expect = len == 0 ? 0 : (0xFFFFFFFFu << (32 - len));
    return m == expect ? len : -1;
}

std::optional<IPPrefix> IPPrefix::parse(std::string_view text) {
    std::size_t slash = text.find('/');
    auto address = IPAddress::parse(text.substr(0, slash));
    if (!address)
        return std::nullopt;
    IPPrefix p{*address, IPAddress{0xFFFFFFFFu}};
    if (slash == std::string_view::npos)
        return p;
    std::string_view rest = text.substr(slash + 1);
    if (auto m = IPAddress::parse(rest)) {
        p.mask = *m;
        return p;
    }
    if (rest.empty() || rest.size() > 2)
        return std::nullopt;
    int len = 0;
    for (char c : rest) {
        if (c < '0' || c > '9')
            return std::nullopt;
        len = len * 10 + (c - '0');
    }
    if (len > 32)
        return std::nullopt;
    p.mask = IPAddress::from_host_order(len == 0 ? 0 : (0xFFFFFFFFu << (32 - len)));
    return p;
}

std::string IPPrefix::unparse() const {
    int len = prefix_length();
    if (len >= 0)
        return address.unparse() + "/" + std::to_string(len);
    return address.unparse() + "/" + mask.unparse();
}

std::optional<EtherAddress> EtherAddress::parse(std::string_view text) {
    EtherAddress e;
    std::size_t i = 0;
    char separator = 0;
    for (int octet = 0; octet < 6; ++octet) {
        int value = 0, digits = 0;
        while (i < text.size() && digits < 2 && hex_digit(text[i]) >= 0) {
            value = value * 16 + hex_digit(text[i]);
            ++digits;
            ++i;
        }
        if (digits == 0)
            return std::nullopt;
        e.bytes[std::size_t(octet)] = uint8_t(value);
        if (octet < 5) {
            if (i >= text.size() || (text[i] != ':' && text[i] != '-'))
                return std::nullopt;
            if (separator && text[i] != separator)
                return std::nullopt;
            separator = text[i];
            ++i;
        }
    }
    if (i != text.size())
        return std::nullopt;
    return e;
}

std::string EtherAddress::unparse() const {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3],
                  bytes[4], bytes[5]);
    return buf;
}

}  // namespace snf::click
