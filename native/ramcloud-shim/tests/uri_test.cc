// Unit tests of store URI parsing (uri.hh).
#include "uri.hh"

#include <gtest/gtest.h>

#include "snf/snf_client.h"

namespace snf {
namespace {

StoreUri parse_ok(const std::string& text) {
    StoreUri uri;
    std::string error;
    EXPECT_EQ(parse_store_uri(text, uri, error), SNF_OK) << text << ": " << error;
    return uri;
}

std::string parse_error(const std::string& text) {
    StoreUri uri;
    std::string error;
    EXPECT_EQ(parse_store_uri(text, uri, error), SNF_ERR_BAD_URI) << text;
    EXPECT_FALSE(error.empty()) << text;
    return error;
}

TEST(StoreUri, EmbeddedDefaultAndNamed) {
    StoreUri uri = parse_ok("embedded:");
    EXPECT_EQ(uri.scheme, "embedded");
    EXPECT_EQ(uri.name, "");
    uri = parse_ok("embedded:nat-state");
    EXPECT_EQ(uri.name, "nat-state");
    uri = parse_ok("embedded:x?opt=1");
    EXPECT_EQ(uri.name, "x");
    EXPECT_EQ(uri.options.at("opt"), "1");
}

TEST(StoreUri, RedisHostPortDbAndDefaults) {
    StoreUri uri = parse_ok("redis://127.0.0.1");
    EXPECT_EQ(uri.scheme, "redis");
    EXPECT_EQ(uri.host, "127.0.0.1");
    EXPECT_EQ(uri.port, 6379);
    EXPECT_EQ(uri.db, 0);
    EXPECT_EQ(uri.password, "");

    uri = parse_ok("redis://localhost:7001/3");
    EXPECT_EQ(uri.host, "localhost");
    EXPECT_EQ(uri.port, 7001);
    EXPECT_EQ(uri.db, 3);

    uri = parse_ok("redis://[::1]:6380");
    EXPECT_EQ(uri.host, "::1");
    EXPECT_EQ(uri.port, 6380);
}

TEST(StoreUri, RedisPasswordAndOptions) {
    StoreUri uri = parse_ok("redis://:s%40cret@127.0.0.1:6379/1?command_timeout_ms=50&wait_replicas=1");
    EXPECT_EQ(uri.password, "s@cret");
    EXPECT_EQ(uri.options.size(), 2u);
    EXPECT_EQ(uri.options.at("command_timeout_ms"), "50");

    uri = parse_ok("redis://127.0.0.1:6379?password=p%26w");
    EXPECT_EQ(uri.password, "p&w");

    uint64_t value = 0;
    std::string error;
    uri = parse_ok("redis://h?wait_replicas=2&read_retries=x");
    EXPECT_EQ(uri_option_u64(uri, "wait_replicas", 0, 16, value, error), SNF_OK);
    EXPECT_EQ(value, 2u);
    EXPECT_EQ(uri_option_u64(uri, "absent", 7, 16, value, error), SNF_OK);
    EXPECT_EQ(value, 7u);
    EXPECT_EQ(uri_option_u64(uri, "read_retries", 1, 16, value, error), SNF_ERR_BAD_URI);
    EXPECT_NE(error.find("read_retries"), std::string::npos);
    uri = parse_ok("redis://h?wait_replicas=17");
    EXPECT_EQ(uri_option_u64(uri, "wait_replicas", 0, 16, value, error), SNF_ERR_BAD_URI);

    EXPECT_EQ(uri_reject_unknown_options(uri, "password,wait_replicas", error), SNF_OK);
    EXPECT_EQ(uri_reject_unknown_options(uri, "password", error), SNF_ERR_BAD_URI);
    EXPECT_NE(error.find("wait_replicas"), std::string::npos);
}

TEST(StoreUri, RamcloudLocator) {
    StoreUri uri = parse_ok("ramcloud:tcp:host=10.0.0.1,port=11100");
    EXPECT_EQ(uri.scheme, "ramcloud");
    EXPECT_EQ(uri.locator, "tcp:host=10.0.0.1,port=11100");
}

TEST(StoreUri, MalformedUrisNameTheProblem) {
    EXPECT_NE(parse_error("").find("scheme"), std::string::npos);
    EXPECT_NE(parse_error("nothing").find("scheme"), std::string::npos);
    EXPECT_NE(parse_error(":x").find("scheme"), std::string::npos);
    EXPECT_NE(parse_error("mongodb://h").find("mongodb"), std::string::npos);
    parse_error("redis:h");
    parse_error("redis://");
    parse_error("redis://:1");
    EXPECT_NE(parse_error("redis://h:abc").find("abc"), std::string::npos);
    parse_error("redis://h:");
    parse_error("redis://h:0");
    parse_error("redis://h:65536");
    parse_error("redis://h:99999999999999999999");
    parse_error("redis://h/-1");
    parse_error("redis://h/65536");
    parse_error("redis://h/1/2");
    parse_error("redis://[::1");
    parse_error("redis://[::1]x");
    parse_error("redis://[]:1");
    parse_error("redis://h?=v");
    parse_error("redis://h?k");
    parse_error("redis://h?k=1&k=2");
    parse_error("redis://h?k=%4");
    parse_error("redis://h?k=%g1");
    parse_error("redis://:%zz@h");
    parse_error("embedded:a/b");
    parse_error("embedded:?x");
    parse_error("ramcloud:");
}

TEST(StoreUri, ParsingResetsThePreviousResult) {
    StoreUri uri;
    std::string error;
    ASSERT_EQ(parse_store_uri("redis://h:1/2?a=b", uri, error), SNF_OK);
    ASSERT_EQ(parse_store_uri("embedded:", uri, error), SNF_OK);
    EXPECT_EQ(uri.host, "");
    EXPECT_EQ(uri.port, 6379);
    EXPECT_TRUE(uri.options.empty());
}

}  // namespace
}  // namespace snf
