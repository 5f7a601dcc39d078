// Classifier patterns and the IPClassifier/IPFilter language: parsing, Click's error
// wording, compiled programs in Click's format, matching crafted packets, program sharing
// and the elements' handlers inside a router.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "classification/classifier_patterns.hh"
#include "classification/decision_program.hh"
#include "classification/ip_filter_language.hh"
#include "classification/program_cache.hh"
#include "router_test_support.hh"
#include "snf/click/packet.hh"

namespace snf::click::classification {
namespace {

// ---- helpers ------------------------------------------------------------------------------

DecisionProgram classifier_program(const std::vector<std::string>& patterns, std::string* errors = nullptr) {
    StringErrorHandler errh;
    std::vector<Rule> rules;
    parse_classifier_patterns(patterns, &errh, rules);
    if (errors)
        *errors = errh.text();
    return DecisionProgram::compile(rules, OffsetSpace::flat);
}

// IPClassifier's rules: pattern i sends to output i.
DecisionProgram ip_program(const std::vector<std::string>& patterns, std::string* errors = nullptr) {
    StringErrorHandler errh;
    std::vector<std::string> rules;
    for (std::size_t i = 0; i < patterns.size(); ++i)
        rules.push_back(std::to_string(i) + " " + patterns[i]);
    std::vector<Rule> parsed;
    parse_ip_filter_rules(rules, int(patterns.size()), nullptr, &errh, parsed);
    if (errors)
        *errors = errh.text();
    return DecisionProgram::compile(parsed, OffsetSpace::ip);
}

std::string ip_filter_errors(const std::vector<std::string>& rules, int noutputs) {
    StringErrorHandler errh;
    std::vector<Rule> parsed;
    parse_ip_filter_rules(rules, noutputs, nullptr, &errh, parsed);
    return errh.text();
}

int match_bytes(const DecisionProgram& prog, std::vector<uint8_t> bytes) {
    WritablePacket* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
    int out = prog.match_flat(p->data(), p->length(), p->buffer() + p->buffer_length());
    p->kill();
    return out;
}

// An IPv4 packet: 20-byte header, then `transport` bytes.
struct IPv4 {
    uint8_t proto = 6;
    uint32_t src = 0x0A000002, dst = 0xC6336401;
    uint16_t frag = 0;  // flags and offset
    uint8_t ttl = 64, tos = 0;
    uint16_t id = 1;
    std::vector<uint8_t> transport;

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> b(20, 0);
        b[0] = 0x45;
        b[1] = tos;
        const uint16_t total = uint16_t(20 + transport.size());
        b[2] = uint8_t(total >> 8);
        b[3] = uint8_t(total);
        b[4] = uint8_t(id >> 8);
        b[5] = uint8_t(id);
        b[6] = uint8_t(frag >> 8);
        b[7] = uint8_t(frag);
        b[8] = ttl;
        b[9] = proto;
        for (int i = 0; i < 4; ++i) {
            b[std::size_t(12 + i)] = uint8_t(src >> (24 - 8 * i));
            b[std::size_t(16 + i)] = uint8_t(dst >> (24 - 8 * i));
        }
        b.insert(b.end(), transport.begin(), transport.end());
        return b;
    }
};

std::vector<uint8_t> ports(uint16_t sport, uint16_t dport, uint8_t tcp_flags = 0) {
    std::vector<uint8_t> t(20, 0);
    t[0] = uint8_t(sport >> 8);
    t[1] = uint8_t(sport);
    t[2] = uint8_t(dport >> 8);
    t[3] = uint8_t(dport);
    t[12] = 0x50;
    t[13] = tcp_flags;
    return t;
}

// Matches an IP packet (network header annotation at the data, optionally truncated).
int match_ip(const DecisionProgram& prog, std::vector<uint8_t> bytes, std::size_t truncate_to = SIZE_MAX) {
    if (truncate_to < bytes.size())
        bytes.resize(truncate_to);
    WritablePacket* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
    p->set_network_header(p->data(), 20);
    int out = prog.match_ip(p);
    p->kill();
    return out;
}

constexpr int drop = DecisionProgram::drop_output;

// ---- Classifier ---------------------------------------------------------------------------

TEST(ClassifierPatterns, ProgramMatchesClickFormat) {
    EXPECT_EQ(classifier_program({"1/01", "-"}).unparse(),
              " 0   0/00010000%00ff0000  yes->[0]  no->[1]\n"
              "safe length 2\n"
              "alignment offset 0\n");
}

TEST(ClassifierPatterns, ArpClassifierSharesAndSkipsDecidedTests) {
    EXPECT_EQ(classifier_program({"12/0806 20/0001", "12/0806 20/0002", "12/0800", "-"}).unparse(),
              " 0  12/08060000%ffff0000  yes->step 1  no->step 3\n"
              " 1  20/00010000%ffff0000  yes->[0]  no->step 2\n"
              " 2  20/00020000%ffff0000  yes->[1]  no->[3]\n"
              " 3  12/08000000%ffff0000  yes->[2]  no->[3]\n"
              "safe length 22\n"
              "alignment offset 0\n");
}

TEST(ClassifierPatterns, EverythingAndNothing) {
    EXPECT_EQ(classifier_program({"-", "0/01"}).unparse(), "all->[0]\nsafe length 0\nalignment offset 0\n");
    DecisionProgram none = classifier_program({"0/01 0/02"});
    EXPECT_EQ(none.output_everything(), drop);
    EXPECT_EQ(match_bytes(none, {1, 2, 3}), drop);
}

TEST(ClassifierPatterns, MatchesValuesMasksWildcardsAndNegation) {
    DecisionProgram prog = classifier_program({"0/1?", "0/20%f0 !1/05", "2/aabbccddee", "-"});
    EXPECT_EQ(match_bytes(prog, {0x1f, 0, 0}), 0);
    EXPECT_EQ(match_bytes(prog, {0x2a, 0x06}), 1);
    EXPECT_EQ(match_bytes(prog, {0x2a, 0x05}), 3);
    EXPECT_EQ(match_bytes(prog, {0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}), 2);
    EXPECT_EQ(match_bytes(prog, {0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xef}), 3);
}

TEST(ClassifierPatterns, ShortPacketsFailClausesAndPassNegatedOnes) {
    DecisionProgram prog = classifier_program({"12/0800", "!12/0806", "-"});
    EXPECT_EQ(match_bytes(prog, std::vector<uint8_t>(13, 0)), 1);  // 12/0800 needs 14 bytes
    EXPECT_EQ(match_bytes(prog, {}), 1);
    std::vector<uint8_t> ip(14, 0);
    ip[12] = 8;
    EXPECT_EQ(match_bytes(prog, ip), 0);
    ip[13] = 6;
    EXPECT_EQ(match_bytes(prog, ip), 2);
}

TEST(ClassifierPatterns, UnmatchedPacketsAreDropped) {
    DecisionProgram prog = classifier_program({"0/01", "0/02"});
    EXPECT_EQ(match_bytes(prog, {3}), drop);
}

TEST(ClassifierPatterns, ErrorsUseClickWording) {
    std::string errors;
    classifier_program({"x/01"}, &errors);
    EXPECT_EQ(errors, "pattern 0: expected a digit\n");
    classifier_program({"-", "12-0800"}, &errors);
    EXPECT_EQ(errors, "pattern 1: expected '/'\n");
    classifier_program({"12/080"}, &errors);
    EXPECT_EQ(errors, "pattern 0: value has odd number of hex digits\n");
    classifier_program({"12/0"}, &errors);
    EXPECT_EQ(errors, "pattern 0: value has less than 2 hex digits\n");
    classifier_program({"12/0800%ffff00"}, &errors);
    EXPECT_EQ(errors, "pattern 0: mask has too many hex digits\n");
    classifier_program({"12/0800%ff"}, &errors);
    EXPECT_EQ(errors, "pattern 0: mask has too few hex digits\n");
}

// Found by fuzz_ipfilter_expression: an odd value with an empty mask once shrank the mask
// below its start and read past the pattern (ASan: heap-buffer-overflow).
TEST(ClassifierPatterns, OddValueWithEmptyMaskIsAnErrorNotAnOverread) {
    std::string errors;
    classifier_program({"12/0802 20/!11/080%", "-"}, &errors);
    EXPECT_NE(errors.find("pattern 0: "), std::string::npos) << errors;
    classifier_program({"11/080%"}, &errors);
    EXPECT_NE(errors.find("value has odd number of hex digits"), std::string::npos) << errors;
}

// ---- IPClassifier / IPFilter language ----------------------------------------------------------

TEST(IPFilterLanguage, SplitsWordsLikeClick) {
    EXPECT_EQ(split_expression_words("ip[19]&128==0 || !(tcp&&syn) a ? b : c"),
              (std::vector<std::string>{"ip", "[", "19", "]", "&", "128", "==", "0", "||", "!", "(", "tcp", "&&",
                                        "syn", ")", "a", "?", "b", ":", "c"}));
}

TEST(IPFilterLanguage, HostProgram) {
    EXPECT_EQ(ip_program({"dst host 10.0.0.1"}).unparse(),
              " 0 272/0a000001%ffffffff  yes->[0]  no->[X]\n"
              "safe length 276\n"
              "alignment offset 0\n");
}

TEST(IPFilterLanguage, MazuNatRulesCompileToSharedTests) {
    EXPECT_EQ(ip_program({"dst tcp ssh", "dst tcp www or https", "src tcp port ftp", "tcp or udp", "-"}).unparse(),
              " 0 264/00060000%00ff0000  yes->step 1  no->step 6\n"
              " 1 260/00000000%00001fff  yes->step 2  no->[3]\n"
              " 2 512/00000016%0000ffff  yes->[0]  no->step 3\n"
              " 3 512/00000050%0000ffff  yes->[1]  no->step 4\n"
              " 4 512/000001bb%0000ffff  yes->[1]  no->step 5\n"
              " 5 512/00150000%ffff0000  yes->[2]  no->[3]\n"
              " 6 264/00110000%00ff0000  yes->[3]  no->[4]\n"
              "safe length 516\n"
              "alignment offset 0\n");
}

TEST(IPFilterLanguage, ImplicitQualifiersCarryOver) {
    EXPECT_EQ(ip_program({"src host 1.2.3.4 or 5.6.7.8"}).unparse(),
              ip_program({"src host 1.2.3.4 or src host 5.6.7.8"}).unparse());
    EXPECT_EQ(ip_program({"port 80 or 443"}).unparse(), ip_program({"port 80 or port 443"}).unparse());
    EXPECT_EQ(ip_program({"dst tcp port www or https"}).unparse(),
              ip_program({"dst tcp port www or dst tcp port https"}).unparse());
    EXPECT_EQ(ip_program({"ip ttl 5 or 6"}).unparse(), ip_program({"ip ttl 5 or ip ttl 6"}).unparse());
    EXPECT_EQ(ip_program({"syn ack"}).unparse(), ip_program({"tcp opt syn and tcp opt ack"}).unparse());
    EXPECT_EQ(ip_program({"10.0.0.0/8"}).unparse(), ip_program({"src or dst net 10.0.0.0 mask 255.0.0.0"}).unparse());
    EXPECT_EQ(ip_program({"tcp && www"}).unparse(), ip_program({"ip proto 6 and port 80"}).unparse());
    EXPECT_EQ(ip_program({"any"}).unparse(), ip_program({"true"}).unparse());
    EXPECT_EQ(ip_program({"all"}).unparse(), "all->[0]\nsafe length 0\nalignment offset 0\n");
}

TEST(IPFilterLanguage, MatchesHostsPortsProtocolsAndFields) {
    DecisionProgram prog = ip_program({"src host 10.0.0.2 and dst net 198.51.100.0/24 and dst tcp port 22",
                                       "udp dst port dns", "icmp type echo", "tcp opt syn && !ack", "ip ttl < 10",
                                       "ip[1] & 0xfc == 0x20", "-"});
    IPv4 ssh;
    ssh.transport = ports(40000, 22);
    EXPECT_EQ(match_ip(prog, ssh.bytes()), 0);
    IPv4 dns;
    dns.proto = 17;
    dns.transport = ports(5353, 53);
    EXPECT_EQ(match_ip(prog, dns.bytes()), 1);
    IPv4 ping;
    ping.proto = 1;
    ping.transport = {8, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(match_ip(prog, ping.bytes()), 2);
    IPv4 syn;
    syn.src = 0x01020304;
    syn.transport = ports(1000, 80, 0x02);
    EXPECT_EQ(match_ip(prog, syn.bytes()), 3);
    syn.transport = ports(1000, 80, 0x12);
    EXPECT_EQ(match_ip(prog, syn.bytes()), 6);
    syn.ttl = 9;
    EXPECT_EQ(match_ip(prog, syn.bytes()), 4);
    syn.ttl = 64;
    syn.tos = 0x22;
    EXPECT_EQ(match_ip(prog, syn.bytes()), 5);
}

TEST(IPFilterLanguage, PortRelationsAndFragments) {
    DecisionProgram prog = ip_program({"dst tcp port > 1023", "tcp src port != 80", "ip frag", "-"});
    IPv4 tcp;
    tcp.transport = ports(80, 1024);
    EXPECT_EQ(match_ip(prog, tcp.bytes()), 0);
    tcp.transport = ports(81, 1023);
    EXPECT_EQ(match_ip(prog, tcp.bytes()), 1);
    tcp.transport = ports(80, 1023);
    EXPECT_EQ(match_ip(prog, tcp.bytes()), 3);
    tcp.frag = 0x0010;  // a later fragment: no port tests apply
    tcp.transport = ports(80, 5000);
    EXPECT_EQ(match_ip(prog, tcp.bytes()), 2);
}

TEST(IPFilterLanguage, ShortPacketsNeverSatisfyRelationsOnMissingBytes) {
    DecisionProgram prog = ip_program({"tcp src port != 80", "not tcp src port 80", "-"});
    IPv4 tcp;
    tcp.transport = ports(81, 1);
    EXPECT_EQ(match_ip(prog, tcp.bytes()), 0);
    EXPECT_EQ(match_ip(prog, tcp.bytes(), 21), 1);  // only one port byte: the relation is false
    EXPECT_EQ(match_ip(prog, tcp.bytes(), 8), 1);
}

TEST(IPFilterLanguage, TernaryAndParentheses) {
    DecisionProgram prog = ip_program({"tcp ? dst port 80 : (udp and dst port 53)", "-"});
    IPv4 p;
    p.transport = ports(1, 80);
    EXPECT_EQ(match_ip(prog, p.bytes()), 0);
    p.proto = 17;
    EXPECT_EQ(match_ip(prog, p.bytes()), 1);
    p.transport = ports(1, 53);
    EXPECT_EQ(match_ip(prog, p.bytes()), 0);
}

TEST(IPFilterLanguage, EtherHostUsesTheMacHeader) {
    DecisionProgram prog = ip_program({"ether src host 00:11:22:33:44:55", "ether dst host 66:77:88:99:aa:bb", "-"});
    std::vector<uint8_t> frame = {0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00};
    IPv4 ip;
    std::vector<uint8_t> ipb = ip.bytes();
    frame.insert(frame.end(), ipb.begin(), ipb.end());
    for (uint32_t headroom : {0u, 48u}) {
        WritablePacket* p = Packet::make(headroom, frame.data(), uint32_t(frame.size()), 0);
        p->set_mac_header(p->data());
        p->set_network_header(p->data() + 14, 20);
        EXPECT_EQ(prog.match_ip(p), 0) << "headroom " << headroom;
        p->data()[7] = 0;  // the source address no longer matches
        EXPECT_EQ(prog.match_ip(p), 1) << "headroom " << headroom;
        p->kill();
    }
}

TEST(IPFilterLanguage, ErrorsUseClickWording) {
    EXPECT_EQ(ip_filter_errors({"allow echo"}, 1), "pattern 0: 'echo' is ambiguous; try 'port echo', 'icmp type echo'\n");
    EXPECT_EQ(ip_filter_errors({"allow tcp )"}, 1), "pattern 0: garbage after expression at ')'\n");
    EXPECT_EQ(ip_filter_errors({"allow (tcp"}, 1), "pattern 0: missing ')'\n");
    EXPECT_EQ(ip_filter_errors({"maybe tcp"}, 1), "pattern 0: unknown slot ID 'maybe'\n");
    EXPECT_EQ(ip_filter_errors({"3 tcp"}, 2), "pattern 0: slot '3' out of range\n");
    EXPECT_EQ(ip_filter_errors({"allow host 1.2.3.4 or 5"}, 1), "pattern 0: specify header field or 'port'\n");
    EXPECT_EQ(ip_filter_errors({"allow ip ttl 300"}, 1), "pattern 0: 'ip ttl': out of range, bound 255\n");
    EXPECT_EQ(ip_filter_errors({"allow ip[2:4] == 1"}, 1), "pattern 0: field [2:4] does not fit in a single word\n"
              "pattern 0: specify header field or 'port'\n");
    EXPECT_EQ(ip_filter_errors({"allow ip[0:5] == 1"}, 1),
              "pattern 0: LEN in '[POS:LEN]' out of range, should be between 1 and 4\n"
              "pattern 0: specify header field or 'port'\n");
    EXPECT_EQ(ip_filter_errors({"allow dst port > 65535"}, 1),
              "warning: pattern 0: relation '> 65535' is always false (range 0-65535)\n");
    EXPECT_EQ(ip_filter_errors({"allow tcp and"}, 1), "pattern 0: missing expression\n");
    EXPECT_EQ(ip_filter_errors({"allow not"}, 1), "pattern 0: missing expression after 'not'\n");
    EXPECT_EQ(ip_filter_errors({"allow tcp ? udp"}, 1), "pattern 0: missing ':' in ternary expression\n");
    EXPECT_EQ(ip_filter_errors({"allow host"}, 1), "pattern 0: 'ip host': address missing\n");
    EXPECT_EQ(ip_filter_errors({"allow src ip ttl 4"}, 1), "warning: pattern 0: 'src ip ttl': 'src' or 'dst' ignored\n");
    EXPECT_EQ(ip_filter_errors({"allow icmp type ssh"}, 1),
              "pattern 0: 'icmp type icmp ssh' is meaningless; try 'port ssh'\n");
    EXPECT_EQ(ip_filter_errors({""}, 1), "empty pattern 0\n");
    EXPECT_EQ(ip_filter_errors({"allow tcp"}, 0), "pattern 0: 'allow' is meaningless, element has zero outputs\n");
    EXPECT_EQ(ip_filter_errors({"deny tcp", "1 udp"}, 2),
              "warning: pattern 0: meaning of 'deny' has changed (now it means 'drop')\n");
}

TEST(IPFilterLanguage, DeepNestingIsAnErrorNotACrash) {
    std::string text = "allow " + std::string(5000, '(') + "tcp";
    EXPECT_NE(ip_filter_errors({text}, 1).find("too deeply nested"), std::string::npos);
    std::string nots = "allow ";
    for (int i = 0; i < 5000; ++i)
        nots += "! ";
    nots += "tcp";
    EXPECT_NE(ip_filter_errors({nots}, 1), "");
}

TEST(ProgramCache, EqualProgramsAreShared) {
    auto a = ProgramCache::intern(ip_program({"tcp", "udp"}));
    auto b = ProgramCache::intern(ip_program({"ip proto 6", "ip proto 17"}));
    auto c = ProgramCache::intern(ip_program({"udp", "tcp"}));
    EXPECT_EQ(a.get(), b.get());
    EXPECT_NE(a.get(), c.get());
}

// ---- Elements in a router ------------------------------------------------------------------------

TEST(ClassificationElements, HandlersAndSharing) {
    auto built = testing::build(
        "c :: Classifier(12/0800, -); i :: IPClassifier(tcp, -); j :: IPClassifier(tcp, -);"
        "f :: IPFilter(allow udp, drop all);"
        "Idle -> c => Discard, Discard; Idle -> i => Discard, Discard; Idle -> j => Discard, Discard;"
        "Idle -> f -> Discard;");
    ASSERT_TRUE(built.router) << built.errors();
    Router& r = *built.router;
    EXPECT_EQ(testing::read(r, "c.pattern0"), "12/0800");
    EXPECT_EQ(testing::read(r, "i.pattern1"), "-");
    EXPECT_EQ(testing::read(r, "i.program"), testing::read(r, "j.program"));
    EXPECT_EQ(testing::read(r, "f.program"),
              " 0 264/00110000%00ff0000  yes->[0]  no->[X]\nsafe length 266\nalignment offset 0\n");
    EXPECT_TRUE(testing::write(r, "c.pattern0", "12/0806"));
    EXPECT_EQ(testing::read(r, "c.program"),
              " 0  12/08060000%ffff0000  yes->[0]  no->[1]\nsafe length 14\nalignment offset 0\n");
    EXPECT_FALSE(testing::write(r, "c.pattern0", "12/08x"));
    EXPECT_EQ(testing::read(r, "c.pattern0"), "12/0806");
}

TEST(ClassificationElements, ArgumentCountMustMatchOutputs) {
    auto built = testing::build("c :: Classifier(12/0800, -, 0/01); Idle -> c => Discard, Discard;");
    EXPECT_FALSE(built.router);
    EXPECT_NE(built.errors().find("need 2 arguments, one per output port"), std::string::npos) << built.errors();
}

}  // namespace
}  // namespace snf::click::classification
