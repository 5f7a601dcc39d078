// Unit tests of the Redis backend's pieces that need no server: the key/value layout,
// RESP encoding, URI options, and how replies of every shape turn into results (a reply
// of an unexpected type is SNF_ERR_PROTOCOL, never a crash or a misread).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "redis_options.hh"
#include "redis_request_codec.hh"
#include "redis_resp.hh"
#include "redis_value_codec.hh"

namespace snf::redis {
namespace {

using namespace std::string_literals;

// Hand-built replies, shaped like hiredis's.
redisReply string_reply(std::string& text, int type = REDIS_REPLY_STRING) {
    redisReply r{};
    r.type = type;
    r.str = text.data();
    r.len = text.size();
    return r;
}

redisReply integer_reply(long long value) {
    redisReply r{};
    r.type = REDIS_REPLY_INTEGER;
    r.integer = value;
    return r;
}

redisReply nil_reply() {
    redisReply r{};
    r.type = REDIS_REPLY_NIL;
    return r;
}

redisReply array_reply(std::vector<redisReply*>& elements) {
    redisReply r{};
    r.type = REDIS_REPLY_ARRAY;
    r.elements = elements.size();
    r.element = elements.data();
    return r;
}

Request read_request(std::string_view key = "k") {
    Request r;
    r.kind = Request::Kind::Read;
    r.table_id = 7;
    r.key = key;
    return r;
}

Request write_request() {
    Request r;
    r.kind = Request::Kind::Write;
    r.table_id = 7;
    r.key = "k";
    r.value = "v";
    return r;
}

TEST(RedisValueCodec, VersionsAreSixteenLowercaseHexDigits) {
    EXPECT_EQ(version_hex(1), "0000000000000001");
    EXPECT_EQ(version_hex(0xfedcba9876543210ULL), "fedcba9876543210");
    uint64_t v = 0;
    EXPECT_TRUE(parse_version("fedcba9876543210", v));
    EXPECT_EQ(v, 0xfedcba9876543210ULL);
    EXPECT_FALSE(parse_version("FEDCBA9876543210", v));  // upper case is not ours
    EXPECT_FALSE(parse_version("0000000000000001x", v));
    EXPECT_FALSE(parse_version("000000000000001", v));
    EXPECT_FALSE(parse_version(" 000000000000001", v));
}

TEST(RedisValueCodec, DecodeSplitsVersionAndBinaryData) {
    uint64_t version = 0;
    std::string_view data;
    std::string stored = "00000000000000ff"s + "a\0b"s;
    ASSERT_TRUE(decode_value(stored, version, data));
    EXPECT_EQ(version, 255u);
    EXPECT_EQ(data, "a\0b"s);
    ASSERT_TRUE(decode_value("0000000000000001", version, data));
    EXPECT_TRUE(data.empty());
}

TEST(RedisValueCodec, DecodeRejectsForeignValues) {
    uint64_t version = 0;
    std::string_view data;
    EXPECT_FALSE(decode_value("", version, data));
    EXPECT_FALSE(decode_value("garbage", version, data));
    EXPECT_FALSE(decode_value("not a version at all, but long", version, data));
    EXPECT_FALSE(decode_value("0000000000000000data", version, data));  // version 0
    EXPECT_FALSE(decode_value("000000000000000Gdata", version, data));
}

TEST(RedisValueCodec, ObjectKeysAreBinarySafe) {
    std::string key;
    append_object_key(key, 42, "a\0:*"s);
    EXPECT_EQ(key, "snf:42:a\0:*"s);
    EXPECT_EQ(object_key_length(42, "a\0:*"s), key.size());
    EXPECT_EQ(table_key_pattern(42), "snf:42:*");
    uint64_t id = 0;
    EXPECT_TRUE(parse_table_id("18446744073709551615", id));
    EXPECT_EQ(id, 18446744073709551615ULL);
    EXPECT_FALSE(parse_table_id("18446744073709551616", id));
    EXPECT_FALSE(parse_table_id("0", id));
    EXPECT_FALSE(parse_table_id("12a", id));
    EXPECT_FALSE(parse_table_id("", id));
}

TEST(RedisResp, EncodesBinaryArgumentsWithLengths) {
    std::string out;
    RespWriter w(out);
    w.begin(3);
    w.arg("GET");
    w.arg_object_key(5, "x\r\ny"s);
    w.arg_u64(18446744073709551615ULL);
    EXPECT_EQ(out, "*3\r\n$3\r\nGET\r\n$10\r\nsnf:5:x\r\ny\r\n$20\r\n18446744073709551615\r\n");
}

TEST(RedisResp, MapsErrorRepliesToStatuses) {
    std::string error;
    std::vector<std::pair<std::string, int32_t>> cases = {
        {"NOAUTH Authentication required.", SNF_ERR_AUTH},
        {"WRONGPASS invalid username-password pair", SNF_ERR_AUTH},
        {"NOPERM this user has no permissions", SNF_ERR_AUTH},
        {"LOADING Redis is loading the dataset in memory", SNF_ERR_CONNECTION},
        {"WRONGTYPE Operation against a key holding the wrong kind of value", SNF_ERR_PROTOCOL},
        {"ERR unknown command", SNF_ERR_PROTOCOL},
        {"", SNF_ERR_PROTOCOL},
    };
    for (auto& [text, expected] : cases) {
        redisReply r = string_reply(text, REDIS_REPLY_ERROR);
        EXPECT_EQ(status_of_error_reply(&r, error), expected) << text;
        EXPECT_NE(error.find("redis: "), std::string::npos);
    }
    std::string noscript = "NOSCRIPT No matching script.";
    redisReply r = string_reply(noscript, REDIS_REPLY_ERROR);
    EXPECT_TRUE(is_noscript_error(&r));
}

TEST(RedisRequestCodec, ReadHitReturnsVersionAndData) {
    std::string stored = "0000000000000010hello";
    redisReply r = string_reply(stored);
    Result result;
    Request request = read_request();
    EXPECT_EQ(decode_request_reply(request, &r, result), ReplyOutcome::Done);
    EXPECT_EQ(result.status, SNF_OK);
    EXPECT_EQ(result.version, 16u);
    EXPECT_EQ(result.value, "hello");
}

TEST(RedisRequestCodec, ReadAppliesRejectRulesLikeCheckRules) {
    std::string stored = "0000000000000010hello";
    redisReply r = string_reply(stored);
    Result result;
    Request request = read_request();
    request.rules.version_ne_given = 1;
    request.rules.given_version = 15;
    decode_request_reply(request, &r, result);
    EXPECT_EQ(result.status, SNF_ERR_WRONG_VERSION);
    EXPECT_EQ(result.version, 16u);
    EXPECT_TRUE(result.value.empty());
    request.rules.given_version = 16;
    decode_request_reply(request, &r, result);
    EXPECT_EQ(result.status, SNF_OK);
}

TEST(RedisRequestCodec, ReadMissAsksForATableCheck) {
    redisReply nil = nil_reply();
    Result result;
    Request request = read_request();
    EXPECT_EQ(decode_request_reply(request, &nil, result), ReplyOutcome::NeedsTableCheck);
    redisReply live = integer_reply(1), gone = integer_reply(0);
    decode_table_check(request, &live, result);
    EXPECT_EQ(result.status, SNF_ERR_OBJECT_DOESNT_EXIST);
    decode_table_check(request, &gone, result);
    EXPECT_EQ(result.status, SNF_ERR_TABLE_DOESNT_EXIST);
    std::string text = "nonsense";
    redisReply odd = string_reply(text);
    decode_table_check(request, &odd, result);
    EXPECT_EQ(result.status, SNF_ERR_PROTOCOL);
}

TEST(RedisRequestCodec, UnexpectedReplyShapesAreProtocolErrors) {
    Result result;
    Request read = read_request();
    Request write = write_request();
    redisReply integer = integer_reply(3);
    std::string status_text = "OK";
    redisReply status = string_reply(status_text, REDIS_REPLY_STATUS);
    std::vector<redisReply*> none;
    redisReply empty_array = array_reply(none);
    for (const redisReply* r : {&integer, &status, &empty_array}) {
        EXPECT_EQ(decode_request_reply(read, r, result), ReplyOutcome::Done);
        EXPECT_EQ(result.status, SNF_ERR_PROTOCOL);
        EXPECT_EQ(decode_request_reply(write, r, result), ReplyOutcome::Done);
        EXPECT_EQ(result.status, SNF_ERR_PROTOCOL);
    }
    EXPECT_EQ(decode_request_reply(read, nullptr, result), ReplyOutcome::Done);
    EXPECT_EQ(result.status, SNF_ERR_PROTOCOL);
}

TEST(RedisRequestCodec, ScriptRepliesAreValidated) {
    Request write = write_request();
    Result result;
    auto decode = [&](long long status, std::string version) {
        redisReply s = integer_reply(status);
        redisReply v = string_reply(version);
        std::vector<redisReply*> elements = {&s, &v};
        redisReply r = array_reply(elements);
        decode_request_reply(write, &r, result);
        return result.status;
    };
    EXPECT_EQ(decode(0, "0000000000000005"), SNF_OK);
    EXPECT_EQ(result.version, 5u);
    EXPECT_EQ(decode(3, "0000000000000005"), SNF_ERR_OBJECT_EXISTS);
    EXPECT_EQ(result.version, 5u);
    EXPECT_EQ(decode(1, ""), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(decode(0, ""), SNF_ERR_PROTOCOL);           // a write always has a version
    EXPECT_EQ(decode(0, "5"), SNF_ERR_PROTOCOL);          // not 16 hex digits
    EXPECT_EQ(decode(99, "0000000000000005"), SNF_ERR_PROTOCOL);  // unknown status
    Request remove = write;
    remove.kind = Request::Kind::Remove;
    redisReply s = integer_reply(0);
    std::string empty;
    redisReply v = string_reply(empty);
    std::vector<redisReply*> elements = {&s, &v};
    redisReply r = array_reply(elements);
    decode_request_reply(remove, &r, result);
    EXPECT_EQ(result.status, SNF_OK);  // removing an absent object
    EXPECT_EQ(result.version, 0u);
}

TEST(RedisRequestCodec, WaitReportsMissingReplicas) {
    RedisOptions options;
    options.wait_replicas = 2;
    options.wait_timeout_ms = 50;
    std::string error;
    redisReply two = integer_reply(2), one = integer_reply(1);
    EXPECT_EQ(decode_wait(&two, options, error), SNF_OK);
    EXPECT_EQ(decode_wait(&one, options, error), SNF_ERR_REPLICATION);
    EXPECT_NE(error.find("only 1 of 2 replicas"), std::string::npos) << error;
}

TEST(RedisRequestCodec, OversizedRequestsAreRefusedBeforeSending) {
    std::string error;
    Request r = write_request();
    EXPECT_EQ(validate_request(r, error), SNF_OK);
    r.key = "";
    EXPECT_EQ(validate_request(r, error), SNF_ERR_KEY_TOO_LARGE);
    r.key = "k";
    r.ttl_ms = ~0ULL;
    EXPECT_EQ(validate_request(r, error), SNF_ERR_INVALID_ARGUMENT);
}

TEST(RedisOptions, DefaultsAndKnownOptions) {
    StoreUri uri;
    std::string error;
    ASSERT_EQ(parse_store_uri("redis://h:1234/2", uri, error), SNF_OK) << error;
    RedisOptions o;
    ASSERT_EQ(parse_redis_options(uri, o, error), SNF_OK) << error;
    EXPECT_EQ(o.host, "h");
    EXPECT_EQ(o.port, 1234);
    EXPECT_EQ(o.db, 2);
    EXPECT_EQ(o.connect_timeout_ms, 1000u);
    EXPECT_EQ(o.command_timeout_ms, 1000u);
    EXPECT_EQ(o.wait_replicas, 0u);
    EXPECT_EQ(o.wait_timeout_ms, 1000u);
    EXPECT_EQ(o.read_retries, 1u);
    EXPECT_EQ(o.spin_us, 50u);

    ASSERT_EQ(parse_store_uri("redis://h?password=p&connect_timeout_ms=5&command_timeout_ms=6&"
                              "wait_replicas=2&wait_timeout_ms=7&read_retries=0&spin_us=0",
                              uri, error),
              SNF_OK);
    ASSERT_EQ(parse_redis_options(uri, o, error), SNF_OK) << error;
    EXPECT_EQ(o.password, "p");
    EXPECT_EQ(o.connect_timeout_ms, 5u);
    EXPECT_EQ(o.command_timeout_ms, 6u);
    EXPECT_EQ(o.wait_replicas, 2u);
    EXPECT_EQ(o.wait_timeout_ms, 7u);
    EXPECT_EQ(o.read_retries, 0u);
    EXPECT_EQ(o.spin_us, 0u);
}

TEST(RedisOptions, RejectsUnknownOptionsAndBadValues) {
    for (const char* text : {"redis://h?colour=blue", "redis://h?command_timeout_ms=0",
                             "redis://h?wait_timeout_ms=0", "redis://h?connect_timeout_ms=x",
                             "redis://h?read_retries=-1", "redis://h?wait_replicas=100000",
                             "redis://h?spin_us=10001", "redis://h?spin_us=x"}) {
        StoreUri uri;
        std::string error;
        ASSERT_EQ(parse_store_uri(text, uri, error), SNF_OK) << text;
        RedisOptions o;
        EXPECT_EQ(parse_redis_options(uri, o, error), SNF_ERR_BAD_URI) << text;
        EXPECT_FALSE(error.empty());
    }
}

}  // namespace
}  // namespace snf::redis
