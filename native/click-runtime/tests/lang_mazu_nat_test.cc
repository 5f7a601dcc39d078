// Parses the users' mazu-nat.click (from ../shared/click-conf, or $SNF_SHARED_DIR) and
// checks the flattened router: element count, Click's generated names, compound
// component names and parameter substitution, and connections through compound ports.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lang_test_support.hh"
#include "snf/click/router_unparser.hh"

namespace snf::click {
namespace {

using testing::connected;
using testing::element;

std::string shared_dir() {
    if (const char* env = std::getenv("SNF_SHARED_DIR"); env && *env)
        return env;
    return SNF_DEFAULT_SHARED_DIR;
}

class LangMazuNatTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = shared_dir() + "/click-conf/mazu-nat.click";
        std::ifstream in(path_, std::ios::binary);
        ASSERT_TRUE(in) << "cannot read " << path_
                        << ": the shared folder must sit beside the repository (../shared) or be named by "
                           "SNF_SHARED_DIR";
        std::stringstream buffer;
        buffer << in.rdbuf();
        text_ = buffer.str();
    }

    std::string path_;
    std::string text_;
};

TEST_F(LangMazuNatTest, FlattensWithoutErrors) {
    FlatRouter router;
    Diagnostics diagnostics;
    ASSERT_TRUE(parse_router(text_, "mazu-nat.click", {}, router, diagnostics)) << diagnostics.to_string();
    EXPECT_EQ(diagnostics.warning_count(), 0u) << diagnostics.to_string();

    // 35 top-level elements (37 declarations less the two SniffGatewayDevice
    // instances) plus 8 components per instance; GatewayDevice is never used.
    EXPECT_EQ(router.elements.size(), 51u);
    EXPECT_EQ(router.connections.size(), 61u);
    EXPECT_TRUE(router.requirements.empty());

    // Anonymous elements are numbered by their position in their scope.
    for (const char* name : {"AddressInfo@1", "ToHost@5", "ARPResponder@9", "ToHost@10", "Discard@11",
                             "ARPResponder@12", "ToHost@14", "Discard@15", "IPRewriterPatterns@16",
                             "CheckIPHeader@20", "EtherEncap@21", "CheckIPHeader@23", "IPClassifier@25",
                             "Strip@28", "CheckIPHeader@29", "Discard@30", "Discard@31", "Strip@34",
                             "CheckIPHeader@35", "Discard@36", "FTPPortMapper@37"})
        EXPECT_NE(element(router, name), nullptr) << name;
    EXPECT_EQ(router.elements.front().name, "AddressInfo@1");

    // Compound components, with $device substituted.
    for (const char* dev : {"extern_dev", "intern_dev"}) {
        std::string p = std::string(dev) + "/";
        for (const char* component : {"from", "t1", "q", "t2", "to", "ToHostSniffers@6", "ToHostSniffers@7",
                                      "ScheduleInfo@8"})
            EXPECT_NE(element(router, p + component), nullptr) << p + component;
    }
    const FlatElement* from = element(router, "extern_dev/from");
    ASSERT_NE(from, nullptr);
    EXPECT_EQ(from->class_name, "FromDevice");
    EXPECT_EQ(from->config, "extern:eth");
    EXPECT_EQ(from->landmark, "mazu-nat.click:78");
    EXPECT_EQ(element(router, "intern_dev/to")->config, "intern:eth");
    EXPECT_EQ(element(router, "intern_dev/ToHostSniffers@7")->config, "intern:eth");
    EXPECT_EQ(element(router, "intern_dev/q")->config, "1024");
    EXPECT_EQ(element(router, "intern_dev/ScheduleInfo@8")->config, "from .1, to 1");
    EXPECT_EQ(element(router, "rw")->class_name, "IPRewriter");
    EXPECT_EQ(element(router, "extern_arp_class")->config, element(router, "intern_arp_class")->config);
    EXPECT_EQ(element(router, "extern_arp_class")->landmark, "mazu-nat.click:98");
    EXPECT_EQ(element(router, "intern_arp_class")->landmark, "mazu-nat.click:98");

    // Connections inside the compounds and through their input and output ports.
    EXPECT_TRUE(connected(router, "extern_dev/from", 0, "extern_dev/t1", 0));
    EXPECT_TRUE(connected(router, "extern_dev/t1", 0, "extern_arp_class", 0));
    EXPECT_TRUE(connected(router, "extern_dev/t1", 1, "extern_dev/ToHostSniffers@6", 0));
    EXPECT_TRUE(connected(router, "ARPResponder@9", 0, "extern_dev/q", 0));
    EXPECT_TRUE(connected(router, "EtherEncap@21", 0, "extern_dev/q", 0));
    EXPECT_TRUE(connected(router, "intern_arpq", 0, "intern_dev/q", 0));
    EXPECT_TRUE(connected(router, "intern_dev/t1", 0, "intern_arp_class", 0));
    // Top-level chains and ports.
    EXPECT_TRUE(connected(router, "intern_arpr_t", 1, "intern_arpq", 1));
    EXPECT_TRUE(connected(router, "my_ip_from_extern", 2, "tcp_rw", 1));
    EXPECT_TRUE(connected(router, "my_ip_from_extern", 3, "rw", 4));
    EXPECT_TRUE(connected(router, "ip_from_intern", 2, "FTPPortMapper@37", 0));
    EXPECT_TRUE(connected(router, "FTPPortMapper@37", 0, "tcp_rw", 0));
    EXPECT_TRUE(connected(router, "rw", 2, "IPClassifier@25", 0));
    EXPECT_TRUE(connected(router, "IPClassifier@25", 0, "ip_to_host", 0));
    EXPECT_TRUE(connected(router, "ip_from_intern", 3, "rw", 0));
    EXPECT_FALSE(connected(router, "extern_dev/t1", 0, "intern_arp_class", 0));

    // Element names in configuration strings resolve from the element's scope.
    auto rw = find_element_from(router, "FTPPortMapper@37", "rw");
    ASSERT_TRUE(rw);
    EXPECT_EQ(router.elements[*rw].name, "rw");
}

TEST_F(LangMazuNatTest, FlattensWithAnAuthoritativeClassList) {
    ClassSetCatalog catalog({"AddressInfo", "FromDevice", "Queue", "ToDevice", "ScheduleInfo", "Tee", "PullTee",
                             "ToHostSniffers", "EtherEncap", "ToHost", "Classifier", "ARPQuerier", "ARPResponder",
                             "Discard", "IPRewriterPatterns", "IPRewriter", "TCPRewriter", "GetIPAddress",
                             "CheckIPHeader", "IPClassifier", "Strip", "FTPPortMapper"});
    ParseOptions options;
    options.catalog = &catalog;
    FlatRouter router;
    Diagnostics diagnostics;
    ASSERT_TRUE(parse_router(text_, "mazu-nat.click", {}, router, diagnostics, options)) << diagnostics.to_string();
    EXPECT_EQ(router.elements.size(), 51u);
    EXPECT_EQ(router.connections.size(), 61u);
}

TEST_F(LangMazuNatTest, MissingClassIsReportedAtEveryUse) {
    ClassSetCatalog catalog({"AddressInfo", "FromDevice", "Queue", "ToDevice", "ScheduleInfo", "Tee", "PullTee",
                             "ToHostSniffers", "EtherEncap", "ToHost", "Classifier", "ARPQuerier", "ARPResponder",
                             "Discard", "IPRewriterPatterns", "IPRewriter", "TCPRewriter", "GetIPAddress",
                             "IPClassifier", "Strip", "FTPPortMapper"});  // no CheckIPHeader
    ParseOptions options;
    options.catalog = &catalog;
    testing::Parsed p = testing::parse(text_, options);
    EXPECT_FALSE(p.ok);
    // Four anonymous CheckIPHeader elements, each an undeclared name.
    EXPECT_EQ(p.diagnostics.error_count(), 4u) << p.errors();
    EXPECT_TRUE(testing::reported(p.diagnostics, "test.click:142", "undeclared element 'CheckIPHeader'"));
}

TEST_F(LangMazuNatTest, UnparsedRouterParsesBackToTheSameRouter) {
    FlatRouter router;
    Diagnostics diagnostics;
    ASSERT_TRUE(parse_router(text_, "mazu-nat.click", {}, router, diagnostics));
    std::string flat = unparse_router(router);

    FlatRouter again;
    Diagnostics again_diagnostics;
    ASSERT_TRUE(parse_router(flat, "flat.click", {}, again, again_diagnostics)) << again_diagnostics.to_string();
    ASSERT_EQ(testing::names(again), testing::names(router));
    EXPECT_EQ(testing::connections(again), testing::connections(router));
    for (std::size_t i = 0; i < router.elements.size(); ++i) {
        EXPECT_EQ(again.elements[i].class_name, router.elements[i].class_name);
        EXPECT_EQ(again.elements[i].config, router.elements[i].config);
    }
    EXPECT_EQ(unparse_router(again), flat);
}

}  // namespace
}  // namespace snf::click
