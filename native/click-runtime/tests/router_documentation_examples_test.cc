// The C++ examples of the documentation, compiled and run. Each ```cpp block of
// native/click-runtime/README.md, native/click-elements/README.md and
// native/click-elements/stateless/README.md appears below line for line (indentation and
// blank lines aside); the .NET documentation tests (CppExamplesTests) fail when a block
// is not found here, and this file stops compiling when an example no longer does.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "router_test_support.hh"
#include "snf/click/args.hh"
#include "snf/click/element.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/packet.hh"
#include "snf/click/router_parser.hh"
#include "snf/click/router_unparser.hh"
#include "stateless/flow_state_tier.hh"

// ---- native/click-elements/README.md: writing an element ----

namespace snf::click::documentation_examples {

class StripHeader : public Element {
public:
    const char* class_name() const override { return "StripHeader"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }   // agnostic
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override {
        return Args(conf, this, errh).read_mp("LENGTH", length_).complete();
    }
    Packet* simple_action(Packet* p) override { p->pull(length_); return p; }
private:
    uint32_t length_ = 0;
};
SNF_EXPORT_ELEMENT(StripHeader)   // in the .cc, inside the class's namespace

}  // namespace snf::click::documentation_examples

namespace {

// ---- native/click-runtime/README.md: the configuration-language frontend ----

// The block's #include lines are at the top of this file.
std::string flatten_example(std::string_view text) {
    snf::click::Definitions defs;                 // command-line NAME=value
    snf::click::add_definition(defs, "DEV=eth0");
    snf::click::FlatRouter router;
    snf::click::Diagnostics diagnostics;
    snf::click::ParseOptions options;             // options.catalog: the element registry
    bool ok = snf::click::parse_router(text, "mazu-nat.click", defs, router, diagnostics, options);
    std::fputs(diagnostics.to_string().c_str(), stderr);   // "file:line: message" lines
    std::string flat = snf::click::unparse_router(router);  // what click-flatten prints
    return ok ? flat : "<error>";
}

// ---- native/click-elements/stateless/README.md: the flow-state tier ----

namespace stateless = snf::click::stateless;

struct MyElement {
    static void on_result(void* self, uint64_t ticket, const stateless::TierResult& result) {
        auto* element = static_cast<MyElement*>(self);
        element->delivered.push_back(ticket);
        element->last_status = result.status;
    }

    // Creates one flow's pair of entries and waits for its completion.
    void create_flow() {
        // Keys of their own on every run: the store outlives the test.
        std::string run = std::to_string(getpid()) + ":" + std::to_string(time(nullptr));
        std::vector<uint8_t> key(run.begin(), run.end()), value{4, 5}, reply_key(key), reply_value{9};
        reply_key.push_back('r');
        uint64_t ticket = 42;
        std::string store_uri = "embedded:documentation-example";
        stateless::TierOptions options;
        options.store_uri = store_uri;   // e.g. "redis://127.0.0.1:6379"
        options.mode = stateless::StateMode::async;
        options.ttl_ms = 60000;
        std::string error;
        auto tier = stateless::FlowStateTier::open(options, error);   // null + error on failure
        tier->create_pair_async(key, value, reply_key, reply_value, &MyElement::on_result, this, ticket);
        // ... later, from a task:
        tier->poll();   // runs on_result(this, ticket, result) in submission order
        for (int round = 0; round < 1000 && delivered.empty(); ++round) {
            usleep(1000);
            tier->poll();
        }
    }

    std::vector<uint64_t> delivered;
    stateless::TierStatus last_status = stateless::TierStatus::unavailable;
};

TEST(RouterDocumentationExamples, ParserExampleFlattensAConfiguration) {
    std::string flat = flatten_example("define($DEV eth1); src :: Idle -> Print($DEV) -> Discard;");
    EXPECT_NE(flat.find("src :: Idle;"), std::string::npos) << flat;
    EXPECT_NE(flat.find("Print(eth0)"), std::string::npos) << flat;   // the definition wins
}

TEST(RouterDocumentationExamples, ElementExampleStripsBytes) {
    auto b = snf::click::testing::build(
        "InfiniteSource(LENGTH 64, LIMIT 3, STOP true) -> StripHeader(14) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    b.router->run();
    EXPECT_EQ(snf::click::testing::read(*b.router, "c.count"), "3");
    EXPECT_EQ(snf::click::testing::read(*b.router, "c.byte_count"), "150");   // 3 x (64 - 14)
}

TEST(RouterDocumentationExamples, ElementExampleReportsConfigurationErrors) {
    auto b = snf::click::testing::build("Idle -> StripHeader -> Discard;");
    EXPECT_FALSE(b.router);
    EXPECT_NE(b.errors().find("LENGTH"), std::string::npos) << b.errors();
}

TEST(RouterDocumentationExamples, FlowStateTierExampleCreatesAFlow) {
    MyElement element;
    element.create_flow();
    ASSERT_EQ(element.delivered, std::vector<uint64_t>{42});
    EXPECT_EQ(element.last_status, stateless::TierStatus::created) << stateless::tier_status_name(element.last_status);
}

}  // namespace
