// Unit tests of the redis-cluster backend's pure parts: key slots and hash tags, the
// redis-cluster:// URI and its options, CLUSTER SLOTS and redirection parsing, and the
// slot map's upkeep.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <cstring>
#include <string>
#include <vector>

#include "redis_cluster_options.hh"
#include "redis_cluster_slots.hh"
#include "redis_cluster_topology.hh"
#include "snf/snf_client.h"
#include "uri.hh"

namespace snf::redis {
namespace {

std::string object_key(uint64_t table, const std::string& key) {
    return "snf:" + std::to_string(table) + ":" + key;
}

TEST(RedisClusterSlots, Crc16AndKnownSlots) {
    EXPECT_EQ(crc16("123456789"), 0x31C3);  // the XMODEM check value
    EXPECT_EQ(key_slot("foo"), 12182);
    EXPECT_EQ(key_slot("bar"), 5061);
    EXPECT_EQ(key_slot(""), 0);
}

TEST(RedisClusterSlots, HashTagsFollowRedisRules) {
    EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
    EXPECT_EQ(key_slot("{user1000}.followers"), key_slot("{user1000}.following"));
    // The first '{' and the next '}' only.
    EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));
    EXPECT_EQ(key_slot("foo{{bar}}zap"), key_slot("{bar"));
    // An empty or unclosed tag: the whole key.
    EXPECT_EQ(key_slot("foo{}{bar}"), crc16("foo{}{bar}") % kClusterSlots);
    EXPECT_EQ(key_slot("foo{bar"), crc16("foo{bar") % kClusterSlots);
    EXPECT_EQ(key_slot("{snf}:tables"), key_slot("{snf}:tableids"));
}

TEST(RedisClusterSlots, ObjectSlotIsTheSlotOfTheObjectKey) {
    const std::vector<std::string> keys = {"a", "flow-17", "{f1}:fwd", "x{f1}:rev", "{}{f1}",
                                           "{unclosed", std::string("\0{\xff}", 4), "}{q}"};
    for (uint64_t table : {1ULL, 42ULL, 18446744073709551615ULL}) {
        for (const std::string& key : keys)
            EXPECT_EQ(object_slot(table, key), key_slot(object_key(table, key))) << table << " " << key;
    }
    // A flow's two directions share a slot in every table.
    EXPECT_EQ(object_slot(3, "{10.0.0.1:80}fwd"), object_slot(9, "{10.0.0.1:80}rev"));
}

TEST(RedisClusterUri, SeedsOptionsAndPassword) {
    StoreUri uri;
    std::string error;
    ASSERT_EQ(parse_store_uri("redis-cluster://:pw@127.0.0.1:7000,127.0.0.1:7001,[::1]:7002,"
                              "localhost?wait_replicas=1&command_timeout_ms=300",
                              uri, error),
              SNF_OK)
        << error;
    EXPECT_EQ(uri.scheme, "redis-cluster");
    ASSERT_EQ(uri.seeds.size(), 4u);
    EXPECT_EQ(uri.seeds[0].host, "127.0.0.1");
    EXPECT_EQ(uri.seeds[0].port, 7000);
    EXPECT_EQ(uri.seeds[2].host, "::1");
    EXPECT_EQ(uri.seeds[2].port, 7002);
    EXPECT_EQ(uri.seeds[3].host, "localhost");
    EXPECT_EQ(uri.seeds[3].port, 6379);
    EXPECT_EQ(uri.password, "pw");

    ClusterOptions options;
    ASSERT_EQ(parse_redis_cluster_options(uri, options, error), SNF_OK) << error;
    EXPECT_EQ(options.seeds.size(), 4u);
    EXPECT_EQ(options.connection.wait_replicas, 1u);
    EXPECT_EQ(options.connection.command_timeout_ms, 300u);
    EXPECT_EQ(options.connection.password, "pw");
    EXPECT_EQ(options.seeds[2].text(), "[::1]:7002");
}

TEST(RedisClusterUri, BadUrisAreRejected) {
    for (const char* text : {"redis-cluster:", "redis-cluster://", "redis-cluster://h:1,",
                             "redis-cluster://h:1,,h:2", "redis-cluster://h:0",
                             "redis-cluster://h:1/0", "redis-cluster://h:1?x=%zz"}) {
        StoreUri uri;
        std::string error;
        EXPECT_EQ(parse_store_uri(text, uri, error), SNF_ERR_BAD_URI) << text;
        EXPECT_FALSE(error.empty()) << text;
    }
    StoreUri uri;
    std::string error;
    ASSERT_EQ(parse_store_uri("redis-cluster://h:1?bogus=1", uri, error), SNF_OK);
    ClusterOptions options;
    EXPECT_EQ(parse_redis_cluster_options(uri, options, error), SNF_ERR_BAD_URI);
    EXPECT_NE(error.find("bogus"), std::string::npos) << error;
    ASSERT_EQ(parse_store_uri("redis-cluster://h:1?command_timeout_ms=0", uri, error), SNF_OK);
    EXPECT_EQ(parse_redis_cluster_options(uri, options, error), SNF_ERR_BAD_URI);
}

// Builds hiredis replies by hand, owned by the test.
class Replies {
public:
    ~Replies() {
        for (redisReply* r : owned_) {
            if (r->type != REDIS_REPLY_ARRAY) free(r->str);
            delete[] r->element;
            delete r;
        }
    }
    redisReply* text(int type, const std::string& s) {
        redisReply* r = fresh(type);
        r->str = static_cast<char*>(malloc(s.size() + 1));
        std::memcpy(r->str, s.data(), s.size() + 1);
        r->len = s.size();
        return r;
    }
    redisReply* integer(long long v) {
        redisReply* r = fresh(REDIS_REPLY_INTEGER);
        r->integer = v;
        return r;
    }
    redisReply* array(std::vector<redisReply*> items) {
        redisReply* r = fresh(REDIS_REPLY_ARRAY);
        r->elements = items.size();
        r->element = new redisReply*[items.size()];
        for (size_t i = 0; i < items.size(); ++i) r->element[i] = items[i];
        return r;
    }
    redisReply* node(const std::string& host, long long port) {
        return array({text(REDIS_REPLY_STRING, host), integer(port), text(REDIS_REPLY_STRING, "id")});
    }

private:
    redisReply* fresh(int type) {
        auto* r = new redisReply{};
        r->type = type;
        owned_.push_back(r);
        return r;
    }
    std::vector<redisReply*> owned_;
};

TEST(RedisClusterTopology, ParsesClusterSlots) {
    Replies m;
    redisReply* reply = m.array({
        m.array({m.integer(0), m.integer(5460), m.node("127.0.0.1", 7000), m.node("127.0.0.1", 7003)}),
        m.array({m.integer(5461), m.integer(10922), m.node("", 7001)}),
        m.array({m.integer(10923), m.integer(16383), m.node("127.0.0.2", 7002)}),
    });
    SlotMap map;
    std::string error;
    ASSERT_EQ(parse_cluster_slots(reply, NodeAddress{"10.9.9.9", 7001}, map, error), SNF_OK) << error;
    ASSERT_EQ(map.masters.size(), 3u);
    EXPECT_EQ(map.masters[map.owner[0]].text(), "127.0.0.1:7000");
    EXPECT_EQ(map.masters[map.owner[5461]].text(), "10.9.9.9:7001");  // "" means the asked node
    EXPECT_EQ(map.masters[map.owner[16383]].text(), "127.0.0.2:7002");
    ASSERT_EQ(map.replicas.size(), 1u);
    EXPECT_EQ(map.replicas[0].port, 7003);

    ClusterTopology topology({NodeAddress{"seed", 1}});
    EXPECT_FALSE(topology.loaded());
    NodeAddress owner;
    EXPECT_FALSE(topology.master_of(0, owner));
    topology.replace(map);
    ASSERT_TRUE(topology.master_of(100, owner));
    EXPECT_EQ(owner.port, 7000);
    topology.moved(100, NodeAddress{"127.0.0.9", 7009});
    ASSERT_TRUE(topology.master_of(100, owner));
    EXPECT_EQ(owner.text(), "127.0.0.9:7009");
    EXPECT_EQ(topology.masters().size(), 4u);
    const auto candidates = topology.discovery_candidates();
    ASSERT_EQ(candidates.size(), 6u);  // 4 masters, 1 replica, 1 seed
    EXPECT_EQ(candidates.back().host, "seed");
}

TEST(RedisClusterTopology, RejectsMalformedClusterSlots) {
    Replies m;
    SlotMap map;
    std::string error;
    const NodeAddress asked{"h", 1};
    EXPECT_NE(parse_cluster_slots(m.integer(3), asked, map, error), SNF_OK);
    EXPECT_EQ(parse_cluster_slots(m.array({m.array({m.integer(5), m.integer(2), m.node("h", 1)})}),
                                  asked, map, error),
              SNF_ERR_PROTOCOL);
    EXPECT_EQ(parse_cluster_slots(m.array({m.array({m.integer(0), m.integer(16384), m.node("h", 1)})}),
                                  asked, map, error),
              SNF_ERR_PROTOCOL);
    EXPECT_EQ(parse_cluster_slots(m.array({m.array({m.integer(0), m.integer(1), m.integer(1)})}),
                                  asked, map, error),
              SNF_ERR_PROTOCOL);
    EXPECT_EQ(parse_cluster_slots(m.array({m.array({m.integer(0), m.integer(1), m.node("h", 70000)})}),
                                  asked, map, error),
              SNF_ERR_PROTOCOL);
}

TEST(RedisClusterTopology, ParsesRedirectionsAndRetryableErrors) {
    Replies m;
    Redirect r;
    ASSERT_TRUE(parse_redirect(m.text(REDIS_REPLY_ERROR, "MOVED 3999 127.0.0.1:6381"), r));
    EXPECT_EQ(r.kind, Redirect::Kind::Moved);
    EXPECT_EQ(r.slot, 3999);
    EXPECT_EQ(r.target.text(), "127.0.0.1:6381");
    ASSERT_TRUE(parse_redirect(m.text(REDIS_REPLY_ERROR, "ASK 1 ::1:7000"), r));
    EXPECT_EQ(r.kind, Redirect::Kind::Ask);
    EXPECT_EQ(r.target.host, "::1");
    EXPECT_EQ(r.target.port, 7000);
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_ERROR, "MOVED 16384 h:1"), r));
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_ERROR, "MOVED 1 h"), r));
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_ERROR, "MOVED x h:1"), r));
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_ERROR, "MOVED"), r));
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_STRING, "MOVED 1 h:1"), r));
    EXPECT_FALSE(parse_redirect(m.text(REDIS_REPLY_ERROR, "ERR nope"), r));

    EXPECT_TRUE(is_retry_later(m.text(REDIS_REPLY_ERROR, "TRYAGAIN Multiple keys request")));
    EXPECT_TRUE(is_retry_later(m.text(REDIS_REPLY_ERROR, "CLUSTERDOWN The cluster is down")));
    EXPECT_FALSE(is_retry_later(m.text(REDIS_REPLY_ERROR, "CLUSTERDOWNX")));
    EXPECT_FALSE(is_retry_later(m.text(REDIS_REPLY_STRING, "TRYAGAIN")));
}

}  // namespace
}  // namespace snf::redis
