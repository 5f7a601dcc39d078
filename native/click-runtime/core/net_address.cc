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

std::optional<IPAddress> IPAddress::parse_leading(std::string_view text, int& bytes) {
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
        host |= part << (8 * (3 - parts));
        ++parts;
        if (i == text.size())
            break;
        if (text[i] != '.' || parts == 4)
            return std::nullopt;
        ++i;
    }
    bytes = parts;
    return from_host_order(host);
}

std::optional<IPAddress> IPAddress::parse(std::string_view text) {
    int bytes = 0;
    std::optional<IPAddress> address = parse_leading(text, bytes);
    if (!address || bytes != 4)
        return std::nullopt;
    return address;
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

IPAddress IPPrefix::mask_of_length(int length) noexcept {
    if (length <= 0)
        return IPAddress{0};
    if (length >= 32)
        return IPAddress{0xFFFFFFFFu};
    return IPAddress::from_host_order(0xFFFFFFFFu << (32 - length));
}

bool IPPrefix::mask_fits(IPAddress mask, int bytes) noexcept {
    IPAddress covered = mask_of_length(bytes * 8);
    return (mask.addr & ~covered.addr) == 0;
}

std::optional<IPAddress> IPPrefix::parse_mask(std::string_view text) {
    if (!text.empty() && text.size() <= 2 && text.find_first_not_of("0123456789") == std::string_view::npos) {
        int length = 0;
        for (char c : text)
            length = length * 10 + (c - '0');
        if (length > 32)
            return std::nullopt;
        return mask_of_length(length);
    }
    return IPAddress::parse(text);
}

std::optional<IPPrefix> IPPrefix::parse(std::string_view text) {
    std::size_t slash = text.rfind('/');
    if (slash == std::string_view::npos) {
        auto address = IPAddress::parse(text);
        if (!address)
            return std::nullopt;
        return IPPrefix{*address, IPAddress{0xFFFFFFFFu}};
    }
    int bytes = 0;
    auto address = IPAddress::parse_leading(text.substr(0, slash), bytes);
    auto mask = parse_mask(text.substr(slash + 1));
    if (!address || !mask || !mask_fits(*mask, bytes))
        return std::nullopt;
    return IPPrefix{*address, *mask};
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
