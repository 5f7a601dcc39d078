// Address value types that configuration arguments parse into: IPv4 addresses and
// prefixes (stored in network byte order, as on the wire) and Ethernet addresses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace snf::click {

struct IPAddress {
    uint32_t addr = 0;  // network byte order

    static IPAddress from_host_order(uint32_t host) noexcept;
    uint32_t host_order() const noexcept;
    // Strict dotted quad: four decimal parts 0-255.
    static std::optional<IPAddress> parse(std::string_view text);
    // The leading bytes of an address, as a prefix may shorten it: one to four decimal
    // parts ("10", "192.168"), the missing low bytes zero; `bytes` gets how many there were.
    static std::optional<IPAddress> parse_leading(std::string_view text, int& bytes);
    std::string unparse() const;

    friend bool operator==(IPAddress a, IPAddress b) noexcept { return a.addr == b.addr; }
};

struct IPPrefix {
    IPAddress address;
    IPAddress mask;

    // Prefix length when the mask is contiguous, else -1.
    int prefix_length() const noexcept;
    // "a.b.c.d/len" or "a.b.c.d/m.m.m.m"; the address may be shortened when the mask
    // covers no missing byte ("10/8", "192.168/16"); a bare address means /32.
    static std::optional<IPPrefix> parse(std::string_view text);
    // The mask written after '/': a length 0-32 or a dotted quad.
    static std::optional<IPAddress> parse_mask(std::string_view text);
    // The contiguous mask of `length` (0-32) leading one bits.
    static IPAddress mask_of_length(int length) noexcept;
    // Whether `mask` only covers the first `bytes` bytes of an address.
    static bool mask_fits(IPAddress mask, int bytes) noexcept;
    std::string unparse() const;
};

struct EtherAddress {
    std::array<uint8_t, 6> bytes{};

    // Six hex octets of one or two digits separated by ':' (or all by '-').
    static std::optional<EtherAddress> parse(std::string_view text);
    std::string unparse() const;  // "00:50:ba:85:84:a9"

    friend bool operator==(const EtherAddress& a, const EtherAddress& b) noexcept { return a.bytes == b.bytes; }
};

}  // namespace snf::click
