// Args: keyword and positional matching, mandatory arguments, leftovers, deferred
// assignment, and every value type, with Click's error texts.
#include <gtest/gtest.h>

#include "router_test_support.hh"
#include "snf/click/args.hh"

namespace snf::click {
namespace {

struct Parse {
    StringErrorHandler errh;
    std::string errors() const { return errh.text(); }
};

TEST(RouterArgs, PositionalThenKeywordArguments) {
    Parse t;
    uint32_t capacity = 0;
    bool active = false;
    std::string label;
    int r = Args({"100", "LABEL \"a b\"", "ACTIVE true"}, nullptr, &t.errh)
                .read_p("CAPACITY", capacity)
                .read("ACTIVE", active)
                .read("LABEL", label)
                .complete();
    EXPECT_EQ(r, 0) << t.errors();
    EXPECT_EQ(capacity, 100u);
    EXPECT_TRUE(active);
    EXPECT_EQ(label, "a b");
}

TEST(RouterArgs, LastKeywordWinsAndKeywordCanReplacePositional) {
    Parse t;
    uint32_t n = 0;
    EXPECT_EQ(Args({"N 1", "N 2"}, nullptr, &t.errh).read_p("N", n).complete(), 0);
    EXPECT_EQ(n, 2u);
}

TEST(RouterArgs, MissingMandatoryArgument) {
    Parse t;
    uint32_t length = 7;
    EXPECT_LT(Args({}, nullptr, &t.errh).read_mp("LENGTH", length).complete(), 0);
    EXPECT_EQ(t.errors(), "LENGTH: required argument missing\n");
    EXPECT_EQ(length, 7u);
}

TEST(RouterArgs, LeftoversAreReported) {
    Parse t;
    uint32_t a = 0;
    EXPECT_LT(Args({"1", "2", "FOO 3"}, nullptr, &t.errh).read_p("A", a).complete(), 0);
    EXPECT_EQ(t.errors(), "FOO: unknown argument\ntoo many arguments\n");
    EXPECT_EQ(a, 0u);  // nothing assigned after an error
}

TEST(RouterArgs, NothingIsAssignedWhenAnyArgumentFails) {
    Parse t;
    uint32_t a = 5, b = 6;
    EXPECT_LT(Args({"10", "x"}, nullptr, &t.errh).read_p("A", a).read_p("B", b).complete(), 0);
    EXPECT_EQ(t.errors(), "B: expected unsigned integer\n");
    EXPECT_EQ(a, 5u);
    EXPECT_EQ(b, 6u);
}

TEST(RouterArgs, Integers) {
    Parse t;
    int32_t i = 0;
    uint16_t u = 0;
    uint64_t big = 0;
    EXPECT_EQ(Args({"-0x10", "1_000", "0b101"}, nullptr, &t.errh)
                  .read_p("I", i)
                  .read_p("U", u)
                  .read_p("BIG", big)
                  .complete(),
              0)
        << t.errors();
    EXPECT_EQ(i, -16);
    EXPECT_EQ(u, 1000);
    EXPECT_EQ(big, 5u);
    Parse range;
    EXPECT_LT(Args({"70000"}, nullptr, &range.errh).read_p("U", u).complete(), 0);
    EXPECT_EQ(range.errors(), "U: out of range, bound 65535\n");
    Parse neg;
    EXPECT_LT(Args({"-1"}, nullptr, &neg.errh).read_p("U", u).complete(), 0);
    EXPECT_EQ(neg.errors(), "U: expected unsigned integer\n");
    Parse bounded;
    uint32_t anno = 0;
    EXPECT_LT(Args({"48"}, nullptr, &bounded.errh).read_p("ANNO", BoundedIntArg{0, 47}, anno).complete(), 0);
    EXPECT_EQ(bounded.errors(), "ANNO: out of range, bound 47\n");
}

TEST(RouterArgs, BooleansRealsTimesBandwidths) {
    Parse t;
    bool b1 = false, b2 = true;
    double d = 0, seconds = 0, rate = 0;
    std::chrono::nanoseconds interval{};
    EXPECT_EQ(Args({"yes", "false", "2.5e1", "500ms", "1.5s", "10Mbps"}, nullptr, &t.errh)
                  .read_p("B1", b1)
                  .read_p("B2", b2)
                  .read_p("D", d)
                  .read_p("T", SecondsArg(), seconds)
                  .read_p("I", interval)
                  .read_p("R", BandwidthArg(), rate)
                  .complete(),
              0)
        << t.errors();
    EXPECT_TRUE(b1);
    EXPECT_FALSE(b2);
    EXPECT_DOUBLE_EQ(d, 25.0);
    EXPECT_DOUBLE_EQ(seconds, 0.5);
    EXPECT_EQ(interval, std::chrono::milliseconds(1500));
    EXPECT_DOUBLE_EQ(rate, 1.25e6);
    EXPECT_EQ(SecondsArg::parse_seconds("2min"), 120.0);
    EXPECT_EQ(BandwidthArg::parse_bandwidth("8kBps"), 8000.0);
    EXPECT_FALSE(SecondsArg::parse_seconds("1 fortnight"));
    Parse bad;
    EXPECT_LT(Args({"maybe"}, nullptr, &bad.errh).read_p("B", b1).complete(), 0);
    EXPECT_EQ(bad.errors(), "B: expected boolean\n");
}

TEST(RouterArgs, Addresses) {
    Parse t;
    IPAddress ip;
    IPPrefix prefix, mask_prefix;
    EtherAddress eth;
    EXPECT_EQ(Args({"10.0.0.1", "10.0.0.0/8", "192.0.2.0/255.255.255.0", "00:50:ba:85:84:a9"}, nullptr, &t.errh)
                  .read_p("IP", ip)
                  .read_p("PREFIX", prefix)
                  .read_p("MASKED", mask_prefix)
                  .read_p("ETH", eth)
                  .complete(),
              0)
        << t.errors();
    EXPECT_EQ(ip.unparse(), "10.0.0.1");
    EXPECT_EQ(prefix.unparse(), "10.0.0.0/8");
    EXPECT_EQ(mask_prefix.prefix_length(), 24);
    EXPECT_EQ(eth.unparse(), "00:50:ba:85:84:a9");
    EXPECT_FALSE(IPAddress::parse("10.0.0.256"));
    EXPECT_FALSE(IPAddress::parse("10.0.0"));
    EXPECT_FALSE(IPPrefix::parse("10.0.0.0/33"));
    EXPECT_FALSE(EtherAddress::parse("00:50:ba:85:84"));
    EXPECT_FALSE(EtherAddress::parse("00:50-ba:85:84:a9"));
    Parse bad;
    EXPECT_LT(Args({"1.2.3"}, nullptr, &bad.errh).read_p("ADDR", ip).complete(), 0);
    EXPECT_EQ(bad.errors(), "ADDR: expected IP address\n");
}

TEST(RouterArgs, MandatoryPositionalTakesKeywordLookingArgument) {
    // "1.0.0.1 1024" looks like a keyword argument, but a mandatory positional read
    // still takes it when no keyword matched, as in Click.
    Parse t;
    std::string pattern;
    EXPECT_EQ(Args({"1.0.0.1 1024"}, nullptr, &t.errh).read_mp("PATTERN", AnyArg(), pattern).complete(), 0);
    EXPECT_EQ(pattern, "1.0.0.1 1024");
    Parse optional;
    std::string label;
    EXPECT_LT(Args({"hello world"}, nullptr, &optional.errh).read_p("LABEL", label).complete(), 0);
    EXPECT_EQ(optional.errors(), "hello: unknown argument\n");
}

TEST(RouterArgs, ElementReferencesUseCompoundScope) {
    testing::Built b = testing::build(R"(
        c :: Counter;
        elementclass Box { input -> c :: Counter -> output }
        b :: Box;
        Idle -> c -> b -> Discard;
    )");
    ASSERT_TRUE(b.router) << b.errors();
    Element* inner = b.router->find("b/c");
    ASSERT_NE(inner, nullptr);
    StringErrorHandler errh;
    Element* found = nullptr;
    ASSERT_EQ(Args({"c"}, inner, &errh).read_mp("E", found).complete(), 0) << errh.text();
    EXPECT_EQ(found, inner);  // the compound's own c shadows the outer one
    found = nullptr;
    ASSERT_EQ(Args({"c"}, b.router->find("c"), &errh).read_mp("E", found).complete(), 0);
    EXPECT_EQ(found, b.router->find("c"));
    StringErrorHandler missing;
    EXPECT_LT(Args({"nope"}, inner, &missing).read_mp("E", found).complete(), 0);
    EXPECT_EQ(missing.text(), "E: no element named 'nope'\n");
}

}  // namespace
}  // namespace snf::click
