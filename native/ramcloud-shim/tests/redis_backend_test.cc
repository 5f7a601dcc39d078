// Redis-specific behaviour of the client, through the C ABI against real redis-server
// processes: authentication, unreachable servers, SELECT, values written by something
// else, tables dropped by another client, the version rules at their edges, recovery from
// a flushed script cache, and ordering of pipelined async ops.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client_calls.hh"
#include "redis_server.hh"
#include "snf/snf_client.h"

namespace {

using snf::test::RedisServer;
using snf::test::read;
using snf::test::write;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Opens a client or records why not.
struct Opened {
    int32_t status = SNF_OK;
    snf_client* client = nullptr;
    std::string error;
};

Opened open_client(const std::string& uri) {
    Opened o;
    char error[512] = {};
    o.status = snf_client_open(uri.c_str(), &o.client, error, sizeof error);
    o.error = error;
    return o;
}



int32_t remove(snf_client* c, uint64_t table, const std::string& key, uint64_t* version = nullptr) {
    return snf_remove(c, table, key.data(), static_cast<uint32_t>(key.size()), nullptr, version);
}

std::string object_key(uint64_t table, const std::string& key) {
    return "snf:" + std::to_string(table) + ":" + key;
}

// One server per test, clients freed at the end even when an assertion fails.
class RedisBackendTest : public ::testing::Test {
protected:
    void start(RedisServer::Options options = {}) {
        server_ = std::make_unique<RedisServer>(std::move(options));
        std::string error = server_->start();
        ASSERT_EQ(error, "") << error;
    }

    snf_client* open(const std::string& options = "") {
        Opened o = open_client(server_->uri(options));
        EXPECT_EQ(o.status, SNF_OK) << o.error;
        if (o.client) clients_.push_back(o.client);
        return o.client;
    }

    uint64_t table(snf_client* c, const std::string& name = "t") {
        uint64_t id = 0;
        EXPECT_EQ(snf_table_create(c, name.c_str(), &id), SNF_OK) << snf_client_last_error(c);
        return id;
    }

    void TearDown() override {
        for (snf_client* c : clients_) snf_client_free(c);
    }

    std::unique_ptr<RedisServer> server_;
    std::vector<snf_client*> clients_;
};

TEST_F(RedisBackendTest, BackendNameAndPing) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    EXPECT_STREQ(snf_client_backend(c), "redis");
    EXPECT_EQ(snf_client_ping(c), SNF_OK);
}

TEST_F(RedisBackendTest, PasswordIsRequiredAndChecked) {
    RedisServer::Options options;
    options.password = "s3cret";
    ASSERT_NO_FATAL_FAILURE(start(options));

    snf_client* c = open("password=s3cret");
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    EXPECT_EQ(write(c, t, "k", "v"), SNF_OK);

    Opened userinfo = open_client("redis://:s3cret@127.0.0.1:" + std::to_string(server_->port()));
    EXPECT_EQ(userinfo.status, SNF_OK) << userinfo.error;
    snf_client_free(userinfo.client);

    Opened wrong = open_client(server_->uri("password=nope"));
    EXPECT_EQ(wrong.status, SNF_ERR_AUTH) << wrong.error;
    EXPECT_EQ(wrong.client, nullptr);
    EXPECT_FALSE(wrong.error.empty());

    Opened none = open_client(server_->uri());
    EXPECT_EQ(none.status, SNF_ERR_AUTH) << none.error;
    EXPECT_EQ(none.client, nullptr);
}

TEST_F(RedisBackendTest, PasswordForAServerWithoutOneIsRefused) {
    ASSERT_NO_FATAL_FAILURE(start());
    Opened o = open_client(server_->uri("password=unexpected"));
    EXPECT_EQ(o.status, SNF_ERR_AUTH) << o.error;
}

TEST_F(RedisBackendTest, NothingListeningIsAConnectionErrorInBoundedTime) {
    // Start and stop a server to own a port nobody listens on any more.
    ASSERT_NO_FATAL_FAILURE(start());
    const std::string uri = server_->uri("connect_timeout_ms=500");
    server_->kill9();
    const auto begin = Clock::now();
    Opened o = open_client(uri);
    EXPECT_EQ(o.status, SNF_ERR_CONNECTION) << o.error;
    EXPECT_EQ(o.client, nullptr);
    EXPECT_NE(o.error.find("refused"), std::string::npos) << o.error;
    EXPECT_LT(Clock::now() - begin, std::chrono::seconds(3));
}

TEST_F(RedisBackendTest, UnknownOptionsAreBadUris) {
    ASSERT_NO_FATAL_FAILURE(start());
    for (const char* options : {"colour=blue", "command_timeout_ms=0", "wait_replicas=x"}) {
        Opened o = open_client(server_->uri(options));
        EXPECT_EQ(o.status, SNF_ERR_BAD_URI) << options << ": " << o.error;
        EXPECT_EQ(o.client, nullptr);
    }
}

TEST_F(RedisBackendTest, DatabaseNumberSelectsTheDatabase) {
    ASSERT_NO_FATAL_FAILURE(start());
    Opened o = open_client("redis://127.0.0.1:" + std::to_string(server_->port()) + "/3");
    ASSERT_EQ(o.status, SNF_OK) << o.error;
    clients_.push_back(o.client);
    uint64_t t = table(o.client);
    ASSERT_EQ(write(o.client, t, "k", "v"), SNF_OK);
    EXPECT_EQ(server_->command({"EXISTS", object_key(t, "k")}), "0") << "not in database 0";
    const std::string keyspace = server_->command({"INFO", "keyspace"});
    EXPECT_NE(keyspace.find("db3:keys="), std::string::npos) << keyspace;

    Opened bad = open_client("redis://127.0.0.1:" + std::to_string(server_->port()) + "/999");
    EXPECT_NE(bad.status, SNF_OK);
    EXPECT_NE(bad.error.find("database 999"), std::string::npos) << bad.error;
}

TEST_F(RedisBackendTest, ValuesStoredBySomethingElseAreProtocolErrors) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    const std::vector<std::string> foreign = {"garbage", "", "0123456789ABCDEFdata",
                                              "0000000000000000data", "00000000000001"};
    for (size_t i = 0; i < foreign.size(); ++i) {
        const std::string key = "foreign" + std::to_string(i);
        ASSERT_EQ(server_->command({"SET", object_key(t, key), foreign[i]}), "OK");
        EXPECT_EQ(read(c, t, key), SNF_ERR_PROTOCOL) << foreign[i];
        EXPECT_NE(std::string(snf_client_last_error(c)).find("format"), std::string::npos);
        EXPECT_EQ(write(c, t, key, "mine"), SNF_ERR_PROTOCOL) << foreign[i];
        EXPECT_EQ(remove(c, t, key), SNF_ERR_PROTOCOL) << foreign[i];
        EXPECT_EQ(server_->command({"GET", object_key(t, key)}), foreign[i]) << "left untouched";
    }
    // A key of another type: the server's WRONGTYPE error becomes SNF_ERR_PROTOCOL.
    ASSERT_EQ(server_->command({"HSET", object_key(t, "hash"), "f", "v"}), "1");
    EXPECT_EQ(read(c, t, "hash"), SNF_ERR_PROTOCOL);
    EXPECT_EQ(write(c, t, "hash", "v"), SNF_ERR_PROTOCOL);
    EXPECT_EQ(remove(c, t, "hash"), SNF_ERR_PROTOCOL);

    // The async path classifies the same way.
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(c, t, "foreign0", 8, nullptr, nullptr, &op), SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_ERR_PROTOCOL);
    snf_op_free(op);
    EXPECT_EQ(snf_client_ping(c), SNF_OK) << "the connection stays usable";
}

TEST_F(RedisBackendTest, TableDroppedByAnotherClientIsGoneForThisOne) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* a = open();
    snf_client* b = open();
    ASSERT_TRUE(a && b);
    uint64_t t = table(a, "shared");
    for (int i = 0; i < 2500; ++i) ASSERT_EQ(write(a, t, "k" + std::to_string(i), "v"), SNF_OK);

    ASSERT_EQ(snf_table_drop(b, "shared"), SNF_OK) << snf_client_last_error(b);
    EXPECT_EQ(server_->command({"SCARD", "snf:dropping"}), "0") << "objects all deleted";
    EXPECT_EQ(server_->command({"KEYS", object_key(t, "*")}), "") << "no object left behind";

    uint64_t id = 0;
    EXPECT_EQ(snf_table_get_id(a, "shared", &id), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(read(a, t, "k1"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(read(a, t, "never"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(write(a, t, "k1", "v"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(remove(a, t, "k1"), SNF_ERR_TABLE_DOESNT_EXIST);
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(a, t, "k1", 2, nullptr, nullptr, &op), SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_ERR_TABLE_DOESNT_EXIST);
    snf_op_free(op);

    // The name can be used again; ids are never reused.
    uint64_t again = table(a, "shared");
    EXPECT_NE(again, t);
    EXPECT_EQ(read(a, again, "k1"), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_F(RedisBackendTest, UnfinishedDropIsCompletedByTheNextDrop) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c, "half");
    ASSERT_EQ(write(c, t, "k", "v"), SNF_OK);
    // A client that died between the drop script and the deletion of the objects.
    const std::string id = std::to_string(t);
    ASSERT_EQ(server_->command({"HDEL", "snf:tables", "half"}), "1");
    ASSERT_EQ(server_->command({"SREM", "snf:tableids", id}), "1");
    ASSERT_EQ(server_->command({"SADD", "snf:dropping", id}), "1");
    EXPECT_EQ(read(c, t, "never"), SNF_ERR_TABLE_DOESNT_EXIST);

    ASSERT_EQ(snf_table_drop(c, "something-else"), SNF_OK);
    EXPECT_EQ(server_->command({"EXISTS", object_key(t, "k")}), "0");
    EXPECT_EQ(server_->command({"SCARD", "snf:dropping"}), "0");
}

TEST_F(RedisBackendTest, VersionsNeverRepeatAfterRemoveAndRecreate) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    uint64_t last = 0;
    for (int round = 0; round < 20; ++round) {
        uint64_t v1 = 0, v2 = 0, removed = 0;
        ASSERT_EQ(write(c, t, "k", "a", &v1), SNF_OK);
        ASSERT_EQ(write(c, t, "k", "b", &v2), SNF_OK);
        EXPECT_GT(v1, last);
        EXPECT_GT(v2, v1);
        ASSERT_EQ(remove(c, t, "k", &removed), SNF_OK);
        EXPECT_EQ(removed, v2);
        last = v2;
    }
}

TEST_F(RedisBackendTest, VersionsAboveTwoToThe52AreExact) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    // Seeded by hand: versions Lua cannot hold in one double.
    ASSERT_EQ(server_->command({"SET", object_key(t, "big"), "0010000000000000old"}), "OK");
    uint64_t v = 0;
    ASSERT_EQ(write(c, t, "big", "new", &v), SNF_OK) << snf_client_last_error(c);
    EXPECT_EQ(v, (uint64_t{1} << 52) + 1);

    snf_reject_rules rules{};
    rules.version_ne_given = 1;
    rules.given_version = (uint64_t{1} << 52) + 2;
    EXPECT_EQ(write(c, t, "big", "x", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    rules.given_version = (uint64_t{1} << 52) + 1;
    ASSERT_EQ(write(c, t, "big", "x", &v, &rules), SNF_OK);
    EXPECT_EQ(v, (uint64_t{1} << 52) + 2);

    ASSERT_EQ(server_->command({"SET", object_key(t, "carry"), "00000001ffffffffold"}), "OK");
    ASSERT_EQ(write(c, t, "carry", "new", &v), SNF_OK);
    EXPECT_GT(v, 0x1ffffffffULL);

    ASSERT_EQ(server_->command({"SET", object_key(t, "top"), "fffffffffffffffeold"}), "OK");
    rules = {};
    rules.version_le_given = 1;
    rules.given_version = 0xfffffffffffffffdULL;
    ASSERT_EQ(write(c, t, "top", "new", &v, &rules), SNF_OK);
    EXPECT_EQ(v, 0xffffffffffffffffULL);
    rules.given_version = 0xffffffffffffffffULL;
    EXPECT_EQ(write(c, t, "top", "x", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    EXPECT_EQ(write(c, t, "top", "x"), SNF_ERR_PROTOCOL) << "no version is left above it";
    std::string value;
    ASSERT_EQ(read(c, t, "top", &value, &v), SNF_OK);
    EXPECT_EQ(value, "new");
    EXPECT_EQ(v, 0xffffffffffffffffULL);
}

TEST_F(RedisBackendTest, TtlBecomesAnExpiryOnTheServer) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    ASSERT_EQ(snf_write(c, t, "k", 1, "v", 1, nullptr, 100, nullptr), SNF_OK);
    const std::string pttl = server_->command({"PTTL", object_key(t, "k")});
    EXPECT_GT(std::stoll(pttl), 0) << pttl;
    EXPECT_LE(std::stoll(pttl), 100) << pttl;
    ASSERT_EQ(write(c, t, "k", "again"), SNF_OK);
    EXPECT_EQ(server_->command({"PTTL", object_key(t, "k")}), "-1") << "a write without TTL clears it";
}

TEST_F(RedisBackendTest, FlushedScriptCacheIsReloaded) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    ASSERT_EQ(server_->command({"SCRIPT", "FLUSH"}), "OK");
    uint64_t v = 0;
    EXPECT_EQ(write(c, t, "k", "v", &v), SNF_OK) << snf_client_last_error(c);
    EXPECT_GT(v, 0u);

    ASSERT_EQ(server_->command({"SCRIPT", "FLUSH"}), "OK");
    snf_multi_write_op ops[2] = {};
    for (int i = 0; i < 2; ++i) {
        ops[i].table_id = t;
        ops[i].key = i ? "b" : "a";
        ops[i].key_length = 1;
        ops[i].value = "x";
        ops[i].value_length = 1;
    }
    ASSERT_EQ(snf_multi_write(c, ops, 2), SNF_OK) << snf_client_last_error(c);
    EXPECT_EQ(ops[0].status, SNF_OK);
    EXPECT_EQ(ops[1].status, SNF_OK);

    ASSERT_EQ(server_->command({"SCRIPT", "FLUSH"}), "OK");
    std::vector<snf_op*> pending;
    for (int i = 0; i < 50; ++i) {
        snf_op* op = nullptr;
        const std::string key = "async" + std::to_string(i);
        ASSERT_EQ(snf_async_write(c, t, key.data(), static_cast<uint32_t>(key.size()), "v", 1,
                                  nullptr, 0, nullptr, nullptr, &op),
                  SNF_OK);
        pending.push_back(op);
    }
    for (snf_op* op : pending) {
        EXPECT_EQ(snf_op_wait(op, 5000), SNF_OK) << snf_op_error(op);
        snf_op_free(op);
    }

    ASSERT_EQ(server_->command({"SCRIPT", "FLUSH"}), "OK");
    uint64_t id = 0;
    EXPECT_EQ(snf_table_create(c, "after-flush", &id), SNF_OK) << snf_client_last_error(c);
    ASSERT_EQ(server_->command({"SCRIPT", "FLUSH"}), "OK");
    EXPECT_EQ(snf_table_drop(c, "after-flush"), SNF_OK) << snf_client_last_error(c);
}

struct Completion {
    std::mutex mutex;
    std::vector<int> order;
    std::vector<int32_t> status;
};

struct Ticket {
    Completion* completion;
    int index;
};

void record_completion(snf_op*, int32_t status, void* user_data) {
    auto* ticket = static_cast<Ticket*>(user_data);
    std::lock_guard<std::mutex> lock(ticket->completion->mutex);
    ticket->completion->order.push_back(ticket->index);
    ticket->completion->status[static_cast<size_t>(ticket->index)] = status;
}

TEST_F(RedisBackendTest, AsyncOpsCompleteInSubmissionOrderAcrossMisses) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    constexpr int kOps = 3000;
    Completion completion;
    completion.status.assign(kOps, SNF_ERR_PENDING);
    std::vector<Ticket> tickets(kOps);
    for (int i = 0; i < kOps; ++i) {
        tickets[i] = {&completion, i};
        const std::string key = "k" + std::to_string(i % 100);
        int32_t st;
        if (i % 3 == 0) {  // writes, then reads that hit or miss, interleaved
            st = snf_async_write(c, t, key.data(), static_cast<uint32_t>(key.size()), "v", 1,
                                 nullptr, 0, record_completion, &tickets[i], nullptr);
        } else if (i % 3 == 1) {
            st = snf_async_read(c, t, key.data(), static_cast<uint32_t>(key.size()),
                                record_completion, &tickets[i], nullptr);
        } else {
            const std::string absent = "absent" + std::to_string(i);
            st = snf_async_read(c, i % 2 ? t : t + 1000, absent.data(),
                                static_cast<uint32_t>(absent.size()), record_completion,
                                &tickets[i], nullptr);
        }
        ASSERT_EQ(st, SNF_OK);
    }
    ASSERT_EQ(snf_client_drain(c, 10000), SNF_OK);
    std::lock_guard<std::mutex> lock(completion.mutex);
    ASSERT_EQ(completion.order.size(), static_cast<size_t>(kOps));
    for (int i = 0; i < kOps; ++i) {
        EXPECT_EQ(completion.order[static_cast<size_t>(i)], i);
        if (i % 3 == 0) {
            EXPECT_EQ(completion.status[i], SNF_OK) << i;
        } else if (i % 3 == 2) {
            EXPECT_EQ(completion.status[i],
                      i % 2 ? SNF_ERR_OBJECT_DOESNT_EXIST : SNF_ERR_TABLE_DOESNT_EXIST)
                << i;
        }
    }
}

TEST_F(RedisBackendTest, AsyncThroughputIsPrinted) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    constexpr int kOps = 100000;
    std::atomic<int> failures{0};
    auto count_failure = [](snf_op*, int32_t status, void* user_data) {
        if (status != SNF_OK) static_cast<std::atomic<int>*>(user_data)->fetch_add(1);
    };
    for (const char* phase : {"write", "read"}) {
        const auto begin = Clock::now();
        for (int i = 0; i < kOps; ++i) {
            const std::string key = "k" + std::to_string(i % 4096);
            int32_t st = phase[0] == 'w'
                             ? snf_async_write(c, t, key.data(), static_cast<uint32_t>(key.size()),
                                               "0123456789abcdef", 16, nullptr, 0, count_failure,
                                               &failures, nullptr)
                             : snf_async_read(c, t, key.data(), static_cast<uint32_t>(key.size()),
                                              count_failure, &failures, nullptr);
            ASSERT_EQ(st, SNF_OK);
        }
        ASSERT_EQ(snf_client_drain(c, 60000), SNF_OK);
        const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
        std::printf("async %s: %d ops in %.3f s = %.0f ops/s\n", phase, kOps, seconds,
                    kOps / seconds);
    }
    EXPECT_EQ(failures.load(), 0);
}

TEST_F(RedisBackendTest, DrainInsideACompletionCallbackDoesNotHang) {
    ASSERT_NO_FATAL_FAILURE(start());
    snf_client* c = open();
    ASSERT_NE(c, nullptr);
    uint64_t t = table(c);
    struct Probe {
        snf_client* client;
        std::atomic<int32_t> drain_status{SNF_ERR_PENDING};
    } probe{c};
    auto callback = [](snf_op*, int32_t, void* user_data) {
        auto* p = static_cast<Probe*>(user_data);
        p->drain_status = snf_client_drain(p->client, 2000);
    };
    ASSERT_EQ(snf_async_read(c, t, "k", 1, callback, &probe, nullptr), SNF_OK);
    const auto begin = Clock::now();
    ASSERT_EQ(snf_client_drain(c, 10000), SNF_OK);
    EXPECT_NE(probe.drain_status.load(), SNF_OK);
    EXPECT_NE(probe.drain_status.load(), SNF_ERR_PENDING);
    EXPECT_LT(Clock::now() - begin, milliseconds(1500));
}

}  // namespace
