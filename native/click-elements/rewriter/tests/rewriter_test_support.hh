// Support for the rewriter tests: IPv4/TCP/UDP/ICMP packets with correct checksums,
// checksum verification, a sink element that keeps what reaches it, and routers built
// in-process.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "snf/click/element.hh"
#include "snf/click/error_handler.hh"
#include "snf/click/packet.hh"
#include "snf/click/router.hh"
#include "standard/internet_checksum.hh"

namespace snf::click::rewriter::test {

inline uint32_t ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return uint32_t(a) << 24 | uint32_t(b) << 16 | uint32_t(c) << 8 | d;
}

struct PacketSpec {
    uint32_t src = 0, dst = 0;  // host order
    uint16_t sport = 0, dport = 0;
    uint8_t proto = 17;
    std::string payload;
    uint32_t seq = 0, ack = 0;
    uint8_t tcp_flags = 0x10;
    std::string tcp_options;  // raw bytes, a multiple of 4
    bool zero_udp_checksum = false;
    uint8_t icmp_type = 8;  // proto 1: echo request; ports unused, sport is the identifier
    uint16_t fragment_offset = 0;
};

// A UDP packet of the flow src:sport -> dst:dport.
inline PacketSpec udp(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, std::string payload = "hello") {
    PacketSpec s;
    s.src = src;
    s.sport = sport;
    s.dst = dst;
    s.dport = dport;
    s.proto = 17;
    s.payload = std::move(payload);
    return s;
}

// A TCP segment (ACK set) of the flow src:sport -> dst:dport.
inline PacketSpec tcp(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, uint32_t seq = 1, uint32_t ack = 0,
                      std::string payload = "") {
    PacketSpec s = udp(src, sport, dst, dport, std::move(payload));
    s.proto = 6;
    s.seq = seq;
    s.ack = ack;
    return s;
}

inline Packet* make_packet(const PacketSpec& s) {
    uint32_t thl = s.proto == 6 ? 20 + uint32_t(s.tcp_options.size()) : 8;
    uint32_t total = 20 + thl + uint32_t(s.payload.size());
    WritablePacket* p = Packet::make(total);
    unsigned char* d = p->data();
    d[0] = 0x45;
    store_be16(d + 2, uint16_t(total));
    store_be16(d + 4, 7);
    store_be16(d + 6, s.fragment_offset);
    d[8] = 64;
    d[9] = s.proto;
    store_be32(d + 12, s.src);
    store_be32(d + 16, s.dst);
    store_be16(d + 10, checksum_finish(checksum_add(d, 20)));
    unsigned char* t = d + 20;
    std::memcpy(t + thl, s.payload.data(), s.payload.size());
    uint32_t tlen = total - 20;
    if (s.proto == 6) {
        store_be16(t, s.sport);
        store_be16(t + 2, s.dport);
        store_be32(t + 4, s.seq);
        store_be32(t + 8, s.ack);
        t[12] = uint8_t((thl / 4) << 4);
        t[13] = s.tcp_flags;
        store_be16(t + 14, 8192);
        std::memcpy(t + 20, s.tcp_options.data(), s.tcp_options.size());
        store_be16(t + 16, checksum_finish(checksum_add(t, tlen, pseudo_header_sum(d, 6, tlen))));
    } else if (s.proto == 17) {
        store_be16(t, s.sport);
        store_be16(t + 2, s.dport);
        store_be16(t + 4, uint16_t(tlen));
        if (!s.zero_udp_checksum) {
            uint16_t c = checksum_finish(checksum_add(t, tlen, pseudo_header_sum(d, 17, tlen)));
            store_be16(t + 6, c ? c : 0xffff);
        }
    } else if (s.proto == 1) {
        t[0] = s.icmp_type;
        store_be16(t + 4, s.sport);
        store_be16(t + 6, 1);
        store_be16(t + 2, checksum_finish(checksum_add(t, tlen)));
    }
    p->set_network_header(d, 20);
    p->set_transport_header(t);
    return p;
}

// What a packet that left a rewriter says.
struct Seen {
    int port = -1;  // sink number
    uint32_t src = 0, dst = 0;
    uint16_t sport = 0, dport = 0;
    uint32_t seq = 0, ack = 0;
    std::string payload;
    std::vector<uint8_t> bytes;
    bool ip_checksum_ok = false;
    bool transport_checksum_ok = false;
    uint16_t udp_checksum = 0;
};

inline Seen inspect(const unsigned char* d, uint32_t length, int port) {
    Seen s;
    s.port = port;
    s.bytes.assign(d, d + length);
    uint32_t hl = uint32_t(d[0] & 15) * 4;
    s.src = load_be32(d + 12);
    s.dst = load_be32(d + 16);
    s.ip_checksum_ok = checksum_finish(checksum_add(d, hl)) == 0;
    const unsigned char* t = d + hl;
    uint32_t tlen = length - hl;
    uint8_t proto = d[9];
    if (proto == 6 || proto == 17) {
        s.sport = load_be16(t);
        s.dport = load_be16(t + 2);
        s.transport_checksum_ok = checksum_finish(checksum_add(t, tlen, pseudo_header_sum(d, proto, tlen))) == 0;
        if (proto == 17) {
            s.udp_checksum = load_be16(t + 6);
            s.payload.assign(reinterpret_cast<const char*>(t + 8), tlen - 8);
            if (s.udp_checksum == 0)
                s.transport_checksum_ok = true;
        } else {
            s.seq = load_be32(t + 4);
            s.ack = load_be32(t + 8);
            uint32_t thl = uint32_t(t[12] >> 4) * 4;
            s.payload.assign(reinterpret_cast<const char*>(t + thl), tlen - thl);
        }
    } else if (proto == 1) {
        s.sport = load_be16(t + 4);
        s.transport_checksum_ok = checksum_finish(checksum_add(t, tlen)) == 0;
    }
    return s;
}

// RewriterTestSink(N): keeps a copy of every packet, tagged with N.
class RewriterTestSink : public Element {
public:
    const char* class_name() const override { return "RewriterTestSink"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "h/"; }
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override {
        tag_ = conf.empty() ? 0 : std::stoi(conf[0]);
        return 0;
    }
    void push(int, Packet* p) override {
        const unsigned char* d = p->network_header() ? p->network_header() : p->data();
        seen.push_back(inspect(d, uint32_t(p->end_data() - d), tag_));
        p->kill();
    }
    std::vector<Seen> seen;

private:
    int tag_ = 0;
};

struct TestRouter {
    std::unique_ptr<Router> router;
    std::string errors;

    explicit TestRouter(std::string_view text) {
        Diagnostics diagnostics;
        router = Router::create(text, "test.click", {}, diagnostics);
        errors = format_click_diagnostics(diagnostics);
    }
    Element* element(std::string_view name) const { return router->find(name); }
    RewriterTestSink* sink(std::string_view name) const { return static_cast<RewriterTestSink*>(router->find(name)); }
    void push(std::string_view element_name, int port, const PacketSpec& spec) {
        router->find(element_name)->push(port, make_packet(spec));
    }
    std::string read(std::string_view handler) {
        StringErrorHandler errh;
        std::string value;
        if (router->call_read(handler, {}, value, &errh) != Router::HandlerStatus::ok)
            return "<error: " + errh.text() + ">";
        while (!value.empty() && value.back() == '\n')
            value.pop_back();
        return value;
    }
    bool write(std::string_view handler, std::string_view value) {
        StringErrorHandler errh;
        return router->call_write(handler, value, &errh) == Router::HandlerStatus::ok;
    }
    // Runs scheduler rounds until `done`: at least `min_rounds` of them, and on a slow or
    // loaded machine (a store round trip can outlast many rounds) up to 10 s of wall time.
    template <class Done>
    bool run_until(Done done, int min_rounds = 200000) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (int i = 0; !done(); ++i) {
            if (i >= min_rounds && std::chrono::steady_clock::now() >= deadline)
                return false;
            router->run(1);
        }
        return true;
    }
};

}  // namespace snf::click::rewriter::test
