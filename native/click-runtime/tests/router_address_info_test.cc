// AddressInfo and address names: definitions, Click's suffixes, compound scoping, the
// address parsers' fallback to names, configure order, and the errors for bad or
// repeated definitions.
#include <gtest/gtest.h>

#include "router_test_support.hh"
#include "snf/click/address_info.hh"
#include "snf/click/args.hh"

namespace snf::click {
namespace {

using testing::build;

constexpr const char* mazu_addresses = R"(
AddressInfo(
  intern 	10.0.0.1	10.0.0.0/8	00:50:ba:85:84:a9,
  extern	209.6.198.213	209.6.198.0/24	00:e0:98:09:ab:af,
  extern_next_hop				02:00:0a:11:22:1f,
  intern_server	10.0.0.10
);
x :: Idle;
)";

std::string ip(const Element* context, std::string_view name) {
    auto a = lookup_ip_address(context, name);
    return a ? a->unparse() : "-";
}

std::string prefix(const Element* context, std::string_view name) {
    auto p = lookup_ip_prefix(context, name);
    return p ? p->unparse() : "-";
}

std::string ether(const Element* context, std::string_view name) {
    auto e = lookup_ether_address(context, name);
    return e ? e->unparse() : "-";
}

TEST(RouterAddressInfo, MazuNatNamesResolve) {
    auto b = build(mazu_addresses);
    ASSERT_TRUE(b.router) << b.errors();
    const Element* x = b.router->find("x");
    EXPECT_EQ(ip(x, "intern"), "10.0.0.1");
    EXPECT_EQ(ip(x, "intern:ip"), "10.0.0.1");
    EXPECT_EQ(prefix(x, "intern"), "10.0.0.0/8");
    EXPECT_EQ(prefix(x, "intern:ipnet"), "10.0.0.0/8");
    EXPECT_EQ(prefix(x, "intern:net"), "10.0.0.0/8");
    EXPECT_EQ(ether(x, "intern:eth"), "00:50:ba:85:84:a9");
    EXPECT_EQ(ether(x, "extern"), "00:e0:98:09:ab:af");
    EXPECT_EQ(ether(x, "extern_next_hop:eth"), "02:00:0a:11:22:1f");
    EXPECT_EQ(ip(x, "extern"), "209.6.198.213");
    EXPECT_EQ(ip(x, "intern_server"), "10.0.0.10");
    // Derived addresses.
    EXPECT_EQ(ip(x, "intern:bcast"), "10.255.255.255");
    EXPECT_EQ(ip(x, "extern:gw"), "209.6.198.1");
    // A name without that kind of address, or an unknown suffix, is not found.
    EXPECT_EQ(ip(x, "extern_next_hop"), "-");
    EXPECT_EQ(prefix(x, "intern_server"), "-");
    EXPECT_EQ(ether(x, "intern_server"), "-");
    EXPECT_EQ(ip(x, "intern:eth"), "-");
    EXPECT_EQ(ip(x, "intern:bogus"), "-");
    EXPECT_EQ(ip(x, "nobody"), "-");
    EXPECT_EQ(ip(nullptr, "intern"), "-");
}

TEST(RouterAddressInfo, ParsersFallBackToNames) {
    auto b = build(mazu_addresses);
    ASSERT_TRUE(b.router) << b.errors();
    const Element* x = b.router->find("x");
    StringErrorHandler errh;
    ArgContext ctx(x, &errh);

    IPAddress a;
    ASSERT_TRUE(IPAddressArg().parse("extern", a, ctx));
    EXPECT_EQ(a.unparse(), "209.6.198.213");
    ASSERT_TRUE(IPAddressArg().parse("intern:bcast", a, ctx));
    EXPECT_EQ(a.unparse(), "10.255.255.255");

    IPPrefix p;
    // Click's default prefers the prefix; IPPrefixArg{true} the address.
    ASSERT_TRUE(IPPrefixArg().parse("intern", p, ctx));
    EXPECT_EQ(p.unparse(), "10.0.0.0/8");
    ASSERT_TRUE(IPPrefixArg{true}.parse("intern", p, ctx));
    EXPECT_EQ(p.unparse(), "10.0.0.1/32");
    // A name with only an address is still a /32; a name before a slash is its address.
    ASSERT_TRUE(IPPrefixArg().parse("intern_server", p, ctx));
    EXPECT_EQ(p.unparse(), "10.0.0.10/32");
    ASSERT_TRUE(IPPrefixArg().parse("intern_server/24", p, ctx));
    EXPECT_EQ(p.unparse(), "10.0.0.10/24");
    ASSERT_TRUE(IPPrefixArg().parse("10/8", p, ctx));
    EXPECT_EQ(p.unparse(), "10.0.0.0/8");

    EtherAddress e;
    ASSERT_TRUE(EtherAddressArg().parse("intern", e, ctx));
    EXPECT_EQ(e.unparse(), "00:50:ba:85:84:a9");
    EXPECT_EQ(errh.text(), "");

    EXPECT_FALSE(IPAddressArg().parse("extern_next_hop", a, ctx));
    EXPECT_FALSE(EtherAddressArg().parse("intern_server", e, ctx));
    EXPECT_FALSE(IPPrefixArg().parse("nobody", p, ctx));
    EXPECT_FALSE(IPPrefixArg().parse("10.1/24", p, ctx));  // the mask covers a missing byte
    EXPECT_EQ(errh.text(), "expected IP address\nexpected Ethernet address\nexpected IP address prefix\n"
                           "expected IP address prefix\n");
}

TEST(RouterAddressInfo, NamesFollowCompoundScope) {
    auto b = build(R"(
AddressInfo(mauer 10.0.0.1, shared 1.1.1.1);
elementclass Inner { AddressInfo(mazu 10.0.0.10, shared 2.2.2.2); x :: Idle; }
c :: Inner;
y :: Idle;
)");
    ASSERT_TRUE(b.router) << b.errors();
    const Element* inner = b.router->find("c/x");
    const Element* outer = b.router->find("y");
    ASSERT_TRUE(inner && outer);
    EXPECT_EQ(ip(inner, "mauer"), "10.0.0.1");
    EXPECT_EQ(ip(inner, "mazu"), "10.0.0.10");
    EXPECT_EQ(ip(inner, "shared"), "2.2.2.2");  // the compound's own definition shadows
    EXPECT_EQ(ip(outer, "mazu"), "-");
    EXPECT_EQ(ip(outer, "shared"), "1.1.1.1");
}

TEST(RouterAddressInfo, NamesWorkBeforeTheirDeclaration) {
    // FastUDPFlows is declared (and would be configured) before AddressInfo.
    auto b = build(R"(
FastUDPFlows(RATE 0, LIMIT 1, LENGTH 64, SRCETH a:eth, SRCIP a, DSTETH b, DSTIP b:ip,
             FLOWS 1, FLOWSIZE 1, ACTIVE false) -> Discard;
AddressInfo(a 10.0.0.1 0:1:2:3:4:5, b 10.0.0.2 6:7:8:9:a:b);
)");
    EXPECT_TRUE(b.router) << b.errors();
}

TEST(RouterAddressInfo, UndefinedNamesFallBackToNetworkDevices) {
    // Click's defaults: the loopback device's addresses, unless a name shadows it.
    auto b = build("x :: Idle; c :: { AddressInfo(lo 192.0.2.1); y :: Idle }");
    ASSERT_TRUE(b.router) << b.errors();
    const Element* x = b.router->find("x");
    EXPECT_EQ(ip(x, "lo"), "127.0.0.1");
    EXPECT_EQ(prefix(x, "lo:ipnet"), "127.0.0.1/8");
    EXPECT_EQ(ip(x, "lo:bcast"), "127.255.255.255");
    EXPECT_EQ(ether(x, "lo"), "-");  // not an Ethernet device
    EXPECT_EQ(ip(b.router->find("c/y"), "lo"), "192.0.2.1");
}

TEST(RouterAddressInfo, PrefixWithHostBitsDefinesAddressToo) {
    auto b = build("AddressInfo(boojum 10.0.0.1/24, net 10.1.0.0/16, both 10.2.0.1/16 10.2.0.7); x :: Idle;");
    ASSERT_TRUE(b.router) << b.errors();
    const Element* x = b.router->find("x");
    EXPECT_EQ(ip(x, "boojum"), "10.0.0.1");
    EXPECT_EQ(prefix(x, "boojum"), "10.0.0.1/24");
    EXPECT_EQ(ip(x, "boojum:gw"), "10.0.0.1");
    EXPECT_EQ(ip(x, "net"), "-");  // no host bits: a prefix only
    EXPECT_EQ(prefix(x, "net"), "10.1.0.0/16");
    EXPECT_EQ(ip(x, "both"), "10.2.0.7");  // an address written alone wins
}

TEST(RouterAddressInfo, BadAddressesAreReported) {
    auto b = build(R"(AddressInfo(a 10.0.0.1, b nonsense, c fe80::1, d, , e 1.2.3.4 5.6.7.8);)");
    EXPECT_FALSE(b.router);
    EXPECT_EQ(b.errors(),
              "test.click:1: While configuring 'AddressInfo@1 :: AddressInfo':\n"
              "  'nonsense' is not a recognizable address\n"
              "  'fe80::1' is an IPv6 address; only IPv4 and Ethernet addresses are supported\n"
              "  expected 'NAME [ADDRS]', got 'd'\n"
              "  'e' has more than one IP address in 'e 1.2.3.4 5.6.7.8'\n"
              "Router could not be initialized!\n");
}

TEST(RouterAddressInfo, RedefinitionInOneScopeIsAnError) {
    auto b = build("a :: AddressInfo(x 10.0.0.1 0:1:2:3:4:5);\n"
                   "b :: AddressInfo(x 10.0.0.2, y 10.0.0.3);\n"
                   "elementclass C { AddressInfo(x 10.0.0.9) }\n"
                   "c :: C;\n");
    EXPECT_FALSE(b.router);
    EXPECT_EQ(b.errors(),
              "test.click:2: While configuring 'b :: AddressInfo':\n"
              "  redefinition of IP address 'x' (first defined at test.click:1)\n"
              "Router could not be initialized!\n");
}

TEST(RouterAddressInfo, UnknownNamesGiveTheParsersMessages) {
    auto b = build("FastUDPFlows(RATE 0, LIMIT 1, LENGTH 64, SRCETH nobody, SRCIP nobody, DSTETH 0:0:0:0:0:1,\n"
                   "             DSTIP a:eth, FLOWS 1, FLOWSIZE 1) -> Discard;\n"
                   "AddressInfo(a 10.0.0.1 0:1:2:3:4:5);\n");
    EXPECT_FALSE(b.router);
    EXPECT_EQ(b.errors(),
              "test.click:1: While configuring 'FastUDPFlows@1 :: FastUDPFlows':\n"
              "  SRCETH: expected Ethernet address\n"
              "  SRCIP: expected IP address\n"
              "  DSTIP: expected IP address\n"
              "Router could not be initialized!\n");
}

TEST(RouterAddressInfo, NamesAreForgottenWithTheirRouter) {
    {
        auto b = build(mazu_addresses);
        ASSERT_TRUE(b.router) << b.errors();
    }
    auto b = build("x :: Idle; y :: Idle;");
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_EQ(ip(b.router->find("x"), "intern"), "-");
}

}  // namespace
}  // namespace snf::click
