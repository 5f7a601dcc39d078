// The backend-independent client suite (see client_suite.hh), through the C ABI only.
#include "client_suite.hh"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

snf_reject_rules create_only() {
    snf_reject_rules r{};
    r.exists = 1;
    return r;
}

snf_reject_rules if_version(uint64_t version) {
    snf_reject_rules r{};
    r.doesnt_exist = 1;
    r.version_ne_given = 1;
    r.given_version = version;
    return r;
}

// Polls `done` every few milliseconds until it holds or `limit` passes.
template <class Predicate>
bool eventually(Predicate done, milliseconds limit = milliseconds(3000)) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(milliseconds(10));
    }
    return done();
}

std::string sanitized(std::string text) {
    for (char& c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return text;
}

}  // namespace

// ---- Fixture -------------------------------------------------------------------------

void ClientSuite::SetUp() {
    const auto& target = GetParam();
    uri_ = target.uri ? target.uri() : std::string();
    if (uri_.empty()) GTEST_SKIP() << target.skip_reason;
    char error[256] = {};
    ASSERT_EQ(snf_client_open(uri_.c_str(), &client_, error, sizeof error), SNF_OK)
        << uri_ << ": " << error;
    ASSERT_NE(client_, nullptr);
    table_ = make_table();
}

void ClientSuite::TearDown() {
    if (client_ != nullptr) {
        snf_client_drain(client_, 10000);
        for (const std::string& name : tables_) snf_table_drop(client_, name.c_str());
    }
    for (snf_client* extra : extra_clients_) snf_client_free(extra);
    snf_client_free(client_);
}

snf_client* ClientSuite::open_another_client() {
    snf_client* other = nullptr;
    char error[256] = {};
    EXPECT_EQ(snf_client_open(uri_.c_str(), &other, error, sizeof error), SNF_OK) << error;
    if (other != nullptr) extra_clients_.push_back(other);
    return other;
}

std::string ClientSuite::table_name(const std::string& suffix) const {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return sanitized(std::string(info->name())) + "_" + std::to_string(getpid()) +
           (suffix.empty() ? "" : "_" + suffix);
}

uint64_t ClientSuite::make_table(const std::string& suffix) {
    const std::string name = table_name(suffix);
    uint64_t id = 0;
    EXPECT_EQ(snf_table_create(client_, name.c_str(), &id), SNF_OK) << snf_client_last_error(client_);
    tables_.push_back(name);
    return id;
}

int32_t ClientSuite::write(const std::string& key, const std::string& value, uint64_t* version,
                           const snf_reject_rules* rules, uint64_t ttl_ms) {
    return snf_write(client_, table_, key.data(), static_cast<uint32_t>(key.size()), value.data(),
                     static_cast<uint32_t>(value.size()), rules, ttl_ms, version);
}

int32_t ClientSuite::read(const std::string& key, std::string* value, uint64_t* version,
                          const snf_reject_rules* rules) {
    std::string buffer(4096, '\0');
    uint32_t length = 0;
    int32_t status = snf_read(client_, table_, key.data(), static_cast<uint32_t>(key.size()), rules,
                              buffer.data(), static_cast<uint32_t>(buffer.size()), &length, version);
    if (status == SNF_OK && value != nullptr) *value = buffer.substr(0, length);
    return status;
}

int32_t ClientSuite::remove(const std::string& key, uint64_t* version,
                            const snf_reject_rules* rules) {
    return snf_remove(client_, table_, key.data(), static_cast<uint32_t>(key.size()), rules, version);
}

// ---- Client and tables ---------------------------------------------------------------

TEST_P(ClientSuite, PingAndBackendName) {
    EXPECT_EQ(snf_client_ping(client_), SNF_OK);
    const std::string backend = snf_client_backend(client_);
    EXPECT_TRUE(backend == "embedded" || backend == "redis" || backend == "redis-cluster" ||
                backend == "ramcloud")
        << backend;
}

TEST_P(ClientSuite, TableCreateIsIdempotentAndGetFindsIt) {
    uint64_t again = 0, found = 0;
    EXPECT_NE(table_, 0u);
    ASSERT_EQ(snf_table_create(client_, table_name().c_str(), &again), SNF_OK);
    EXPECT_EQ(again, table_);
    ASSERT_EQ(snf_table_get_id(client_, table_name().c_str(), &found), SNF_OK);
    EXPECT_EQ(found, table_);
    EXPECT_NE(make_table("other"), table_);
}

TEST_P(ClientSuite, TableMissingAndDropped) {
    uint64_t id = 0;
    EXPECT_EQ(snf_table_get_id(client_, table_name("never").c_str(), &id), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_STRNE(snf_client_last_error(client_), "");
    ASSERT_EQ(write("k", "v"), SNF_OK);

    ASSERT_EQ(snf_table_drop(client_, table_name().c_str()), SNF_OK);
    EXPECT_EQ(snf_table_get_id(client_, table_name().c_str(), &id), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(snf_table_drop(client_, table_name().c_str()), SNF_OK) << "dropping twice is fine";
    EXPECT_EQ(read("k"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(write("k", "v"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(remove("k"), SNF_ERR_TABLE_DOESNT_EXIST);

    // Re-created, the table is empty: dropping took its objects along.
    table_ = make_table();
    EXPECT_EQ(read("k"), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_P(ClientSuite, TableNamesAreChecked) {
    uint64_t id = 0;
    EXPECT_EQ(snf_table_create(client_, nullptr, &id), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_table_create(client_, "", &id), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_table_create(client_, table_name().c_str(), nullptr), SNF_ERR_INVALID_ARGUMENT);
    std::string longest = table_name("x");
    longest.resize(SNF_MAX_TABLE_NAME_LENGTH, 'n');
    EXPECT_EQ(snf_table_create(client_, (longest + "n").c_str(), &id), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_STRNE(snf_client_last_error(client_), "");
    ASSERT_EQ(snf_table_create(client_, longest.c_str(), &id), SNF_OK);
    EXPECT_EQ(snf_table_drop(client_, longest.c_str()), SNF_OK);
    EXPECT_EQ(snf_table_get_id(client_, "", &id), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_table_drop(client_, nullptr), SNF_ERR_INVALID_ARGUMENT);
}

// ---- Objects -------------------------------------------------------------------------

TEST_P(ClientSuite, WriteReadRemove) {
    uint64_t v1 = 0, v2 = 0, read_version = 0, removed = 0;
    ASSERT_EQ(write("flow-1", "10.0.0.1:1234", &v1), SNF_OK);
    EXPECT_GE(v1, 1u);
    std::string value;
    ASSERT_EQ(read("flow-1", &value, &read_version), SNF_OK);
    EXPECT_EQ(value, "10.0.0.1:1234");
    EXPECT_EQ(read_version, v1);

    ASSERT_EQ(write("flow-1", "10.0.0.2:80", &v2), SNF_OK);
    EXPECT_GT(v2, v1);
    ASSERT_EQ(read("flow-1", &value), SNF_OK);
    EXPECT_EQ(value, "10.0.0.2:80");

    ASSERT_EQ(remove("flow-1", &removed), SNF_OK);
    EXPECT_EQ(removed, v2);
    EXPECT_EQ(read("flow-1"), SNF_ERR_OBJECT_DOESNT_EXIST);
    removed = 99;
    EXPECT_EQ(remove("flow-1", &removed), SNF_OK);
    EXPECT_EQ(removed, 0u) << "removing an absent object reports version 0";
    EXPECT_EQ(remove("flow-1"), SNF_OK) << "out_version may be NULL";
}

TEST_P(ClientSuite, BinaryKeysAndValues) {
    const std::string key("a\0b\xff", 4), prefix("a", 1);
    const std::string value("\0\1\2\xfe\xff\0", 6);
    ASSERT_EQ(write(key, value), SNF_OK);
    std::string got;
    ASSERT_EQ(read(key, &got), SNF_OK);
    EXPECT_EQ(got, value);
    EXPECT_EQ(read(prefix), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_P(ClientSuite, TablesAreSeparateNamespaces) {
    const uint64_t other = make_table("other");
    ASSERT_EQ(write("k", "in first"), SNF_OK);
    char buffer[16];
    uint32_t length = 0;
    EXPECT_EQ(snf_read(client_, other, "k", 1, nullptr, buffer, sizeof buffer, &length, nullptr),
              SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_P(ClientSuite, VersionsGrowAndNeverRepeatAfterRemove) {
    std::vector<uint64_t> versions;
    for (int round = 0; round < 5; ++round) {
        uint64_t written = 0, removed = 0;
        ASSERT_EQ(write("k", "v" + std::to_string(round), &written), SNF_OK);
        versions.push_back(written);
        ASSERT_EQ(write("k", "w" + std::to_string(round), &written), SNF_OK);
        versions.push_back(written);
        ASSERT_EQ(remove("k", &removed), SNF_OK);
        EXPECT_EQ(removed, written);
    }
    for (size_t i = 1; i < versions.size(); ++i)
        EXPECT_GT(versions[i], versions[i - 1]) << "version " << i;
}

TEST_P(ClientSuite, RejectRuleCreateIfAbsent) {
    const snf_reject_rules rules = create_only();
    uint64_t version = 0;
    ASSERT_EQ(write("k", "first", &version, &rules), SNF_OK);
    uint64_t untouched = 12345;
    EXPECT_EQ(write("k", "second", &untouched, &rules), SNF_ERR_OBJECT_EXISTS);
    EXPECT_EQ(untouched, 12345u) << "out-parameters are written only on success";
    std::string value;
    uint64_t read_version = 0;
    ASSERT_EQ(read("k", &value, &read_version), SNF_OK);
    EXPECT_EQ(value, "first");
    EXPECT_EQ(read_version, version);
}

TEST_P(ClientSuite, RejectRuleWriteIfVersion) {
    uint64_t v1 = 0, v2 = 0;
    ASSERT_EQ(write("k", "one", &v1), SNF_OK);
    snf_reject_rules rules = if_version(v1);
    ASSERT_EQ(write("k", "two", &v2, &rules), SNF_OK);
    EXPECT_EQ(write("k", "stale", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    std::string value;
    ASSERT_EQ(read("k", &value), SNF_OK);
    EXPECT_EQ(value, "two");
    // doesnt_exist: a conditional update of an absent object is rejected.
    rules = if_version(1);
    EXPECT_EQ(write("absent", "x", nullptr, &rules), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(read("absent"), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_P(ClientSuite, RejectRuleVersionLessOrEqual) {
    uint64_t version = 0;
    ASSERT_EQ(write("k", "one", &version), SNF_OK);
    snf_reject_rules rules{};
    rules.version_le_given = 1;
    rules.given_version = version;
    EXPECT_EQ(write("k", "two", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    rules.given_version = version + 1000;
    EXPECT_EQ(write("k", "two", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    rules.given_version = version - 1;
    EXPECT_EQ(write("k", "two", nullptr, &rules), SNF_OK);
    // An absent object passes version rules (only doesnt_exist rejects absence).
    EXPECT_EQ(write("fresh", "x", nullptr, &rules), SNF_OK);
}

TEST_P(ClientSuite, RejectRulesOnRemove) {
    snf_reject_rules rules{};
    rules.doesnt_exist = 1;
    EXPECT_EQ(remove("absent", nullptr, &rules), SNF_ERR_OBJECT_DOESNT_EXIST);

    uint64_t version = 0;
    ASSERT_EQ(write("k", "v", &version), SNF_OK);
    rules = if_version(version + 1);
    EXPECT_EQ(remove("k", nullptr, &rules), SNF_ERR_WRONG_VERSION);
    rules = create_only();
    EXPECT_EQ(remove("k", nullptr, &rules), SNF_ERR_OBJECT_EXISTS);
    EXPECT_EQ(read("k"), SNF_OK) << "a rejected remove leaves the object";
    rules = if_version(version);
    uint64_t removed = 0;
    EXPECT_EQ(remove("k", &removed, &rules), SNF_OK);
    EXPECT_EQ(removed, version);
}

TEST_P(ClientSuite, RejectRulesOnRead) {
    uint64_t version = 0;
    ASSERT_EQ(write("k", "v", &version), SNF_OK);
    snf_reject_rules rules = if_version(version + 1);
    EXPECT_EQ(read("k", nullptr, nullptr, &rules), SNF_ERR_WRONG_VERSION);
    rules = if_version(version);
    EXPECT_EQ(read("k", nullptr, nullptr, &rules), SNF_OK);
}

TEST_P(ClientSuite, ReservedRuleBytesMustBeZero) {
    snf_reject_rules rules{};
    rules.reserved[2] = 1;
    EXPECT_EQ(write("k", "v", nullptr, &rules), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(remove("k", nullptr, &rules), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(read("k", nullptr, nullptr, &rules), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_STRNE(snf_client_last_error(client_), "");
}

TEST_P(ClientSuite, BufferTooSmallReportsNeededLength) {
    const std::string value(100, 'x');
    ASSERT_EQ(write("k", value), SNF_OK);
    char small[10];
    uint32_t length = 0;
    EXPECT_EQ(snf_read(client_, table_, "k", 1, nullptr, small, sizeof small, &length, nullptr),
              SNF_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(length, 100u);
    length = 0;
    EXPECT_EQ(snf_read(client_, table_, "k", 1, nullptr, nullptr, 0, &length, nullptr),
              SNF_ERR_BUFFER_TOO_SMALL)
        << "a NULL buffer of capacity 0 asks for the length";
    EXPECT_EQ(length, 100u);
    EXPECT_EQ(snf_read(client_, table_, "k", 1, nullptr, nullptr, 10, &length, nullptr),
              SNF_ERR_INVALID_ARGUMENT);
    std::string exact(100, '\0');
    ASSERT_EQ(snf_read(client_, table_, "k", 1, nullptr, exact.data(), 100, &length, nullptr), SNF_OK);
    EXPECT_EQ(exact, value);
}

TEST_P(ClientSuite, KeyLengthLimits) {
    EXPECT_EQ(write("", "v"), SNF_ERR_KEY_TOO_LARGE);
    EXPECT_EQ(read(""), SNF_ERR_KEY_TOO_LARGE);
    const std::string too_long(SNF_MAX_KEY_LENGTH + 1, 'k');
    EXPECT_EQ(write(too_long, "v"), SNF_ERR_KEY_TOO_LARGE);
    EXPECT_EQ(read(too_long), SNF_ERR_KEY_TOO_LARGE);
    EXPECT_EQ(remove(too_long), SNF_ERR_KEY_TOO_LARGE);
    EXPECT_STRNE(snf_client_last_error(client_), "");

    std::string longest(SNF_MAX_KEY_LENGTH, 'k');
    longest[0] = 'A';
    longest.back() = 'Z';
    ASSERT_EQ(write(longest, "longest key"), SNF_OK);
    std::string value;
    ASSERT_EQ(read(longest, &value), SNF_OK);
    EXPECT_EQ(value, "longest key");
    EXPECT_EQ(remove(longest), SNF_OK);

    EXPECT_EQ(snf_write(client_, table_, nullptr, 5, "v", 1, nullptr, 0, nullptr),
              SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, ValueLengthLimits) {
    std::string largest(SNF_MAX_VALUE_LENGTH, '\0');
    for (size_t i = 0; i < largest.size(); ++i) largest[i] = static_cast<char>(i * 7);
    ASSERT_EQ(write("big", largest), SNF_OK);
    std::string back(SNF_MAX_VALUE_LENGTH, '\0');
    uint32_t length = 0;
    ASSERT_EQ(snf_read(client_, table_, "big", 3, nullptr, back.data(),
                       static_cast<uint32_t>(back.size()), &length, nullptr),
              SNF_OK);
    EXPECT_EQ(length, static_cast<uint32_t>(SNF_MAX_VALUE_LENGTH));
    EXPECT_TRUE(back == largest);

    const std::string too_big(SNF_MAX_VALUE_LENGTH + 1, 'v');
    EXPECT_EQ(write("bigger", too_big), SNF_ERR_VALUE_TOO_LARGE);
    EXPECT_EQ(read("bigger"), SNF_ERR_OBJECT_DOESNT_EXIST);

    ASSERT_EQ(write("empty", ""), SNF_OK);
    std::string value = "not empty";
    ASSERT_EQ(read("empty", &value), SNF_OK);
    EXPECT_EQ(value, "");
    EXPECT_EQ(snf_write(client_, table_, "null", 4, nullptr, 0, nullptr, 0, nullptr), SNF_OK);
    EXPECT_EQ(snf_write(client_, table_, "null", 4, nullptr, 3, nullptr, 0, nullptr),
              SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, MultiReadMixedStatuses) {
    ASSERT_EQ(write("a", "alpha"), SNF_OK);
    uint64_t version_b = 0;
    ASSERT_EQ(write("b", std::string(50, 'b'), &version_b), SNF_OK);

    char buffers[4][16] = {};
    const std::string too_long(SNF_MAX_KEY_LENGTH + 1, 'k');
    snf_multi_read_op ops[4] = {};
    const char* keys[4] = {"a", "missing", "b", too_long.c_str()};
    const uint32_t key_lengths[4] = {1, 7, 1, static_cast<uint32_t>(too_long.size())};
    for (int i = 0; i < 4; ++i) {
        ops[i].table_id = table_;
        ops[i].key = keys[i];
        ops[i].key_length = key_lengths[i];
        ops[i].buffer = buffers[i];
        ops[i].buffer_capacity = sizeof buffers[i];
        ops[i].status = -1;
    }
    ASSERT_EQ(snf_multi_read(client_, ops, 4), SNF_OK);
    EXPECT_EQ(ops[0].status, SNF_OK);
    EXPECT_EQ(std::string(buffers[0], ops[0].value_length), "alpha");
    EXPECT_GE(ops[0].version, 1u);
    EXPECT_EQ(ops[1].status, SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(ops[2].status, SNF_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(ops[2].value_length, 50u);
    EXPECT_EQ(ops[3].status, SNF_ERR_KEY_TOO_LARGE);

    EXPECT_EQ(snf_multi_read(client_, ops, 0), SNF_OK);
    EXPECT_EQ(snf_multi_read(client_, nullptr, 2), SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, MultiWriteMixedStatuses) {
    uint64_t existing_version = 0;
    ASSERT_EQ(write("exists", "old", &existing_version), SNF_OK);
    ASSERT_EQ(write("versioned", "v1"), SNF_OK);
    uint64_t versioned = 0;
    ASSERT_EQ(read("versioned", nullptr, &versioned), SNF_OK);

    const std::string too_big(SNF_MAX_VALUE_LENGTH + 1, 'x');
    snf_multi_write_op ops[5] = {};
    auto fill = [&](snf_multi_write_op& op, const char* key, const void* value, uint32_t length) {
        op.table_id = table_;
        op.key = key;
        op.key_length = static_cast<uint32_t>(std::strlen(key));
        op.value = value;
        op.value_length = length;
        op.status = -1;
    };
    fill(ops[0], "plain", "p", 1);
    fill(ops[1], "exists", "new", 3);
    ops[1].reject = create_only();
    fill(ops[2], "huge", too_big.data(), static_cast<uint32_t>(too_big.size()));
    fill(ops[3], "versioned", "v2", 2);
    ops[3].reject = if_version(versioned);
    fill(ops[4], "stale", "s", 1);
    ops[4].reject = if_version(versioned + 100);

    ASSERT_EQ(snf_multi_write(client_, ops, 5), SNF_OK);
    EXPECT_EQ(ops[0].status, SNF_OK);
    EXPECT_GE(ops[0].version, 1u);
    EXPECT_EQ(ops[1].status, SNF_ERR_OBJECT_EXISTS);
    EXPECT_EQ(ops[2].status, SNF_ERR_VALUE_TOO_LARGE);
    EXPECT_EQ(ops[3].status, SNF_OK);
    EXPECT_GT(ops[3].version, versioned);
    EXPECT_EQ(ops[4].status, SNF_ERR_OBJECT_DOESNT_EXIST);

    std::string value;
    ASSERT_EQ(read("plain", &value), SNF_OK);
    EXPECT_EQ(value, "p");
    ASSERT_EQ(read("exists", &value), SNF_OK);
    EXPECT_EQ(value, "old");
    ASSERT_EQ(read("versioned", &value), SNF_OK);
    EXPECT_EQ(value, "v2");
    EXPECT_EQ(read("huge"), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(snf_multi_write(client_, nullptr, 1), SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, TtlExpires) {
    ASSERT_EQ(write("short", "lived", nullptr, nullptr, 100), SNF_OK);
    ASSERT_EQ(write("cleared", "ttl", nullptr, nullptr, 100), SNF_OK);
    ASSERT_EQ(write("cleared", "no ttl"), SNF_OK) << "a write without TTL removes the TTL";
    ASSERT_EQ(write("forever", "v"), SNF_OK);
    const auto written = Clock::now();
    EXPECT_EQ(read("short"), SNF_OK) << "readable at once";

    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_TRUE(eventually([&] { return read("short") == SNF_ERR_OBJECT_DOESNT_EXIST; }))
        << "still there " << std::chrono::duration_cast<milliseconds>(Clock::now() - written).count()
        << " ms after a 100 ms TTL";
    EXPECT_EQ(read("cleared"), SNF_OK);
    EXPECT_EQ(read("forever"), SNF_OK);
    // An expired object is absent for conditional writes too.
    const snf_reject_rules rules = create_only();
    EXPECT_EQ(write("short", "again", nullptr, &rules), SNF_OK);
}

// ---- Async ---------------------------------------------------------------------------

namespace {

struct Completion {
    std::mutex mutex;
    std::condition_variable cv;
    int calls = 0;
    int32_t status = -1;
    snf_op* op = nullptr;
    std::string value;
    uint64_t version = 0;

    static void record(snf_op* op, int32_t status, void* self) {
        auto* c = static_cast<Completion*>(self);
        std::lock_guard lock(c->mutex);
        ++c->calls;
        c->status = status;
        c->op = op;
        c->version = snf_op_version(op);
        const void* data = nullptr;
        uint32_t length = 0;
        if (snf_op_value(op, &data, &length) == SNF_OK)
            c->value.assign(static_cast<const char*>(data), length);
        c->cv.notify_all();
    }

    bool wait_for_call(milliseconds limit = milliseconds(5000)) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, limit, [&] { return calls > 0; });
    }
};

}  // namespace

TEST_P(ClientSuite, AsyncWriteReadRemoveWithCallbacks) {
    Completion wrote, got, removed, missing;
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "async value", 11, nullptr, 0,
                              &Completion::record, &wrote, &op),
              SNF_OK);
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_OK);
    ASSERT_TRUE(wrote.wait_for_call());
    EXPECT_EQ(wrote.status, SNF_OK);
    EXPECT_EQ(wrote.op, op) << "the callback gets the op it belongs to";
    const uint64_t version = snf_op_version(op);
    EXPECT_GE(version, 1u);
    EXPECT_EQ(wrote.version, version);
    EXPECT_STREQ(snf_op_error(op), "");
    const void* data = nullptr;
    uint32_t length = 0;
    EXPECT_EQ(snf_op_value(op, &data, &length), SNF_ERR_INVALID_ARGUMENT) << "a write has no value";
    snf_op_free(op);

    ASSERT_EQ(snf_async_read(client_, table_, "k", 1, &Completion::record, &got, &op), SNF_OK);
    ASSERT_EQ(snf_op_wait(op, 5000), SNF_OK);
    ASSERT_EQ(snf_op_value(op, &data, &length), SNF_OK);
    EXPECT_EQ(std::string(static_cast<const char*>(data), length), "async value");
    EXPECT_EQ(snf_op_version(op), version);
    ASSERT_TRUE(got.wait_for_call());
    EXPECT_EQ(got.value, "async value");
    snf_op_free(op);

    ASSERT_EQ(snf_async_remove(client_, table_, "k", 1, nullptr, &Completion::record, &removed, &op),
              SNF_OK);
    ASSERT_EQ(snf_op_wait(op, 5000), SNF_OK);
    EXPECT_EQ(snf_op_version(op), version);
    snf_op_free(op);

    ASSERT_EQ(snf_async_read(client_, table_, "k", 1, &Completion::record, &missing, &op), SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(snf_op_poll(op), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_STRNE(snf_op_error(op), "");
    EXPECT_EQ(snf_op_value(op, &data, &length), SNF_ERR_OBJECT_DOESNT_EXIST);
    ASSERT_TRUE(missing.wait_for_call());
    EXPECT_EQ(missing.status, SNF_ERR_OBJECT_DOESNT_EXIST);
    snf_op_free(op);

    EXPECT_EQ(wrote.calls + got.calls + removed.calls + missing.calls, 4) << "one call per op";
}

TEST_P(ClientSuite, AsyncPollUntilDone) {
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, nullptr, nullptr, &op),
              SNF_OK);
    EXPECT_TRUE(eventually([&] { return snf_op_poll(op) != SNF_ERR_PENDING; }));
    EXPECT_EQ(snf_op_poll(op), SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 0), SNF_OK) << "waiting on a completed op returns at once";
    EXPECT_EQ(snf_op_wait(op, -1), SNF_OK);
    snf_op_free(op);
}

TEST_P(ClientSuite, AsyncRejectRulesAndArgumentChecks) {
    ASSERT_EQ(write("k", "v"), SNF_OK);
    const snf_reject_rules rules = create_only();
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "w", 1, &rules, 0, nullptr, nullptr, &op),
              SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_ERR_OBJECT_EXISTS);
    snf_op_free(op);

    op = reinterpret_cast<snf_op*>(0x1);
    EXPECT_EQ(snf_async_read(client_, table_, "", 0, nullptr, nullptr, &op), SNF_ERR_KEY_TOO_LARGE);
    EXPECT_EQ(op, nullptr) << "no op on a rejected submit";
    const std::string too_big(SNF_MAX_VALUE_LENGTH + 1, 'v');
    EXPECT_EQ(snf_async_write(client_, table_, "k", 1, too_big.data(),
                              static_cast<uint32_t>(too_big.size()), nullptr, 0, nullptr, nullptr,
                              nullptr),
              SNF_ERR_VALUE_TOO_LARGE);
    EXPECT_STRNE(snf_client_last_error(client_), "");
}

namespace {
std::atomic<int> g_self_freed_calls{0};
void count_call(snf_op*, int32_t, void*) { g_self_freed_calls.fetch_add(1); }
void free_in_callback(snf_op* op, int32_t, void* calls) {
    static_cast<std::atomic<int>*>(calls)->fetch_add(1);
    snf_op_free(op);
}
}  // namespace

TEST_P(ClientSuite, AsyncWithoutOutOpFreesItself) {
    g_self_freed_calls = 0;
    for (int i = 0; i < 100; ++i) {
        const std::string key = "k" + std::to_string(i);
        ASSERT_EQ(snf_async_write(client_, table_, key.data(), static_cast<uint32_t>(key.size()), "v",
                                  1, nullptr, 0, &count_call, nullptr, nullptr),
                  SNF_OK);
    }
    ASSERT_EQ(snf_client_drain(client_, 10000), SNF_OK);
    EXPECT_EQ(g_self_freed_calls.load(), 100);
    // Without a callback either: nothing to observe but the absence of a leak.
    ASSERT_EQ(snf_async_read(client_, table_, "k1", 2, nullptr, nullptr, nullptr), SNF_OK);
    ASSERT_EQ(snf_client_drain(client_, 10000), SNF_OK);
}

TEST_P(ClientSuite, AsyncOpFreedInsideItsCallback) {
    std::atomic<int> calls{0};
    for (int i = 0; i < 50; ++i) {
        snf_op* op = nullptr;  // owned by the callback, which frees it
        ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, &free_in_callback,
                                  &calls, &op),
                  SNF_OK);
    }
    ASSERT_EQ(snf_client_drain(client_, 10000), SNF_OK);
    EXPECT_EQ(calls.load(), 50);
}

TEST_P(ClientSuite, ManyPipelinedAsyncOpsCompleteInOrder) {
    constexpr int kOps = 10000;
    struct Tracker {
        std::mutex mutex;
        std::vector<int> order;
        int failures = 0;
    } tracker;
    struct Slot {
        Tracker* tracker;
        int index;
    };
    std::vector<Slot> slots(kOps);
    auto on_done = [](snf_op*, int32_t status, void* user) {
        auto* slot = static_cast<Slot*>(user);
        std::lock_guard lock(slot->tracker->mutex);
        slot->tracker->order.push_back(slot->index);
        if (status != SNF_OK) ++slot->tracker->failures;
    };
    ASSERT_EQ(snf_client_stats_reset(client_), SNF_OK);
    for (int i = 0; i < kOps; ++i) {
        slots[i] = {&tracker, i};
        const std::string key = "flow-" + std::to_string(i % 500);
        const std::string value = "value-" + std::to_string(i);
        ASSERT_EQ(snf_async_write(client_, table_, key.data(), static_cast<uint32_t>(key.size()),
                                  value.data(), static_cast<uint32_t>(value.size()), nullptr, 0,
                                  on_done, &slots[i], nullptr),
                  SNF_OK);
    }
    ASSERT_EQ(snf_client_drain(client_, 60000), SNF_OK);
    {
        std::lock_guard lock(tracker.mutex);
        ASSERT_EQ(tracker.order.size(), static_cast<size_t>(kOps));
        EXPECT_EQ(tracker.failures, 0);
        EXPECT_TRUE(std::is_sorted(tracker.order.begin(), tracker.order.end()))
            << "ops complete in submission order";
    }
    // The last write of each key won.
    std::string value;
    ASSERT_EQ(read("flow-7", &value), SNF_OK);
    EXPECT_EQ(value, "value-" + std::to_string(kOps - 500 + 7));

    snf_client_stats stats{};
    ASSERT_EQ(snf_client_stats_get(client_, &stats), SNF_OK);
    EXPECT_EQ(stats.async_submitted, static_cast<uint64_t>(kOps));
    EXPECT_EQ(stats.async_completed, static_cast<uint64_t>(kOps));
}

TEST_P(ClientSuite, DrainWithNothingPending) {
    EXPECT_EQ(snf_client_drain(client_, 0), SNF_OK);
    EXPECT_EQ(snf_client_drain(client_, -1), SNF_OK);
}

// ---- Concurrency ---------------------------------------------------------------------

TEST_P(ClientSuite, ConditionalCreateRaceHasOneWinnerPerKey) {
    constexpr int kThreads = 8;
    constexpr int kKeys = 100;
    std::vector<snf_client*> clients(kThreads);
    for (auto& c : clients) {
        c = open_another_client();
        ASSERT_NE(c, nullptr);
    }
    // outcome[t][k]: status of thread t's create of key k; seen[t][k]: value it then read.
    std::vector<std::vector<int32_t>> outcome(kThreads, std::vector<int32_t>(kKeys, -1));
    std::vector<std::vector<std::string>> seen(kThreads, std::vector<std::string>(kKeys));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ready.fetch_add(1);
            while (ready.load() < kThreads) std::this_thread::yield();
            const snf_reject_rules rules = create_only();
            const std::string mine = "thread-" + std::to_string(t);
            for (int k = 0; k < kKeys; ++k) {
                const std::string key = "race-" + std::to_string(k);
                outcome[t][k] = snf_write(clients[t], table_, key.data(),
                                          static_cast<uint32_t>(key.size()), mine.data(),
                                          static_cast<uint32_t>(mine.size()), &rules, 0, nullptr);
                char buffer[64];
                uint32_t length = 0;
                if (snf_read(clients[t], table_, key.data(), static_cast<uint32_t>(key.size()),
                             nullptr, buffer, sizeof buffer, &length, nullptr) == SNF_OK)
                    seen[t][k].assign(buffer, length);
            }
        });
    }
    for (auto& thread : threads) thread.join();

    for (int k = 0; k < kKeys; ++k) {
        int winners = 0;
        std::string winner_value;
        for (int t = 0; t < kThreads; ++t) {
            if (outcome[t][k] == SNF_OK) {
                ++winners;
                winner_value = "thread-" + std::to_string(t);
            } else {
                EXPECT_EQ(outcome[t][k], SNF_ERR_OBJECT_EXISTS) << "thread " << t << " key " << k;
            }
        }
        ASSERT_EQ(winners, 1) << "key " << k;
        for (int t = 0; t < kThreads; ++t)
            EXPECT_EQ(seen[t][k], winner_value) << "thread " << t << " key " << k;
    }
}

TEST_P(ClientSuite, OneClientSharedByThreads) {
    constexpr int kThreads = 4;
    constexpr int kOps = 500;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kOps; ++i) {
                const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i % 50);
                const std::string value = std::to_string(i);
                if (snf_write(client_, table_, key.data(), static_cast<uint32_t>(key.size()),
                              value.data(), static_cast<uint32_t>(value.size()), nullptr, 0,
                              nullptr) != SNF_OK)
                    failures.fetch_add(1);
                char buffer[32];
                uint32_t length = 0;
                if (snf_read(client_, table_, key.data(), static_cast<uint32_t>(key.size()), nullptr,
                             buffer, sizeof buffer, &length, nullptr) != SNF_OK ||
                    std::string(buffer, length) != value)
                    failures.fetch_add(1);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
}

// ---- Cache ---------------------------------------------------------------------------

namespace {

snf_cache_stats cache_stats(snf_cache* cache) {
    snf_cache_stats stats{};
    EXPECT_EQ(snf_cache_stats_get(cache, &stats), SNF_OK);
    return stats;
}

int32_t cache_read(snf_cache* cache, uint64_t table, const std::string& key,
                   std::string* value = nullptr, uint64_t* version = nullptr) {
    char buffer[256];
    uint32_t length = 0;
    int32_t status = snf_cache_read(cache, table, key.data(), static_cast<uint32_t>(key.size()),
                                    buffer, sizeof buffer, &length, version);
    if (status == SNF_OK && value != nullptr) value->assign(buffer, length);
    return status;
}

int32_t cache_write(snf_cache* cache, uint64_t table, const std::string& key,
                    const std::string& value, const snf_reject_rules* rules = nullptr,
                    uint64_t ttl_ms = 0, uint64_t* version = nullptr) {
    return snf_cache_write(cache, table, key.data(), static_cast<uint32_t>(key.size()), value.data(),
                           static_cast<uint32_t>(value.size()), rules, ttl_ms, version);
}

struct CacheGuard {
    snf_cache* cache = nullptr;
    ~CacheGuard() { snf_cache_free(cache); }
};

}  // namespace

TEST_P(ClientSuite, CacheHitsMissesAndEvictions) {
    CacheGuard guard;
    ASSERT_EQ(snf_cache_create(client_, 4, &guard.cache), SNF_OK);
    snf_cache* cache = guard.cache;
    for (int i = 0; i < 6; ++i) ASSERT_EQ(write("k" + std::to_string(i), "v" + std::to_string(i)), SNF_OK);

    for (int i = 0; i < 4; ++i) ASSERT_EQ(cache_read(cache, table_, "k" + std::to_string(i)), SNF_OK);
    auto stats = cache_stats(cache);
    EXPECT_EQ(stats.misses, 4u);
    EXPECT_EQ(stats.hits, 0u);
    EXPECT_EQ(stats.entries, 4u);
    EXPECT_EQ(stats.capacity, 4u);

    std::string value;
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(cache_read(cache, table_, "k" + std::to_string(i), &value), SNF_OK);
        EXPECT_EQ(value, "v" + std::to_string(i));
    }
    stats = cache_stats(cache);
    EXPECT_EQ(stats.hits, 4u);
    EXPECT_EQ(stats.evictions, 0u);

    // k4 evicts the least recently used entry, k0; reading k0 again misses and evicts k1.
    ASSERT_EQ(cache_read(cache, table_, "k4"), SNF_OK);
    ASSERT_EQ(cache_read(cache, table_, "k0", &value), SNF_OK);
    EXPECT_EQ(value, "v0");
    ASSERT_EQ(cache_read(cache, table_, "k2"), SNF_OK);
    stats = cache_stats(cache);
    EXPECT_EQ(stats.misses, 6u);
    EXPECT_EQ(stats.hits, 5u);
    EXPECT_EQ(stats.evictions, 2u);
    EXPECT_EQ(stats.entries, 4u);

    // An absent object is not cached: reading it twice misses twice.
    EXPECT_EQ(cache_read(cache, table_, "absent"), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_STRNE(snf_cache_last_error(cache), "");
    EXPECT_EQ(cache_read(cache, table_, "absent"), SNF_ERR_OBJECT_DOESNT_EXIST);
    stats = cache_stats(cache);
    EXPECT_EQ(stats.misses, 8u);
    EXPECT_EQ(stats.entries, 4u);

    // Invalidate and clear drop entries without touching the store.
    ASSERT_EQ(snf_cache_invalidate(cache, table_, "k0", 2), SNF_OK);
    ASSERT_EQ(snf_cache_invalidate(cache, table_, "never-cached", 12), SNF_OK);
    EXPECT_EQ(cache_stats(cache).entries, 3u);
    ASSERT_EQ(snf_cache_clear(cache), SNF_OK);
    EXPECT_EQ(cache_stats(cache).entries, 0u);
    EXPECT_EQ(read("k0"), SNF_OK);
}

TEST_P(ClientSuite, CacheWriteThroughIsVisibleToAnotherClient) {
    CacheGuard guard;
    ASSERT_EQ(snf_cache_create(client_, 16, &guard.cache), SNF_OK);
    snf_client* other = open_another_client();
    ASSERT_NE(other, nullptr);

    uint64_t version = 0;
    ASSERT_EQ(cache_write(guard.cache, table_, "flow", "through", nullptr, 0, &version), SNF_OK);
    char buffer[32];
    uint32_t length = 0;
    uint64_t other_version = 0;
    ASSERT_EQ(snf_read(other, table_, "flow", 4, nullptr, buffer, sizeof buffer, &length, &other_version),
              SNF_OK);
    EXPECT_EQ(std::string(buffer, length), "through");
    EXPECT_EQ(other_version, version);

    // The write filled the cache: the next read hits.
    std::string value;
    uint64_t cached_version = 0;
    ASSERT_EQ(cache_read(guard.cache, table_, "flow", &value, &cached_version), SNF_OK);
    EXPECT_EQ(value, "through");
    EXPECT_EQ(cached_version, version);
    auto stats = cache_stats(guard.cache);
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 0u);
    EXPECT_EQ(stats.write_throughs, 1u);

    uint64_t removed = 0;
    ASSERT_EQ(snf_cache_remove(guard.cache, table_, "flow", 4, nullptr, &removed), SNF_OK);
    EXPECT_EQ(removed, version);
    EXPECT_EQ(snf_read(other, table_, "flow", 4, nullptr, buffer, sizeof buffer, &length, nullptr),
              SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(cache_read(guard.cache, table_, "flow"), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(cache_stats(guard.cache).write_throughs, 2u);
}

TEST_P(ClientSuite, CacheHonoursTtl) {
    CacheGuard guard;
    ASSERT_EQ(snf_cache_create(client_, 16, &guard.cache), SNF_OK);
    ASSERT_EQ(cache_write(guard.cache, table_, "short", "lived", nullptr, 100), SNF_OK);
    ASSERT_EQ(cache_read(guard.cache, table_, "short"), SNF_OK);
    EXPECT_EQ(cache_stats(guard.cache).hits, 1u);
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_TRUE(eventually(
        [&] { return cache_read(guard.cache, table_, "short") == SNF_ERR_OBJECT_DOESNT_EXIST; }));
}

TEST_P(ClientSuite, CacheRejectedConditionalWriteRefreshes) {
    CacheGuard guard;
    ASSERT_EQ(snf_cache_create(client_, 16, &guard.cache), SNF_OK);
    uint64_t v1 = 0;
    ASSERT_EQ(cache_write(guard.cache, table_, "k", "cached", nullptr, 0, &v1), SNF_OK);
    // Another client changes the object behind the cache's back: the cache is now stale.
    snf_client* other = open_another_client();
    ASSERT_NE(other, nullptr);
    uint64_t v2 = 0;
    ASSERT_EQ(snf_write(other, table_, "k", 1, "newer", 5, nullptr, 0, &v2), SNF_OK);
    std::string value;
    ASSERT_EQ(cache_read(guard.cache, table_, "k", &value), SNF_OK);
    EXPECT_EQ(value, "cached") << "hits do not go to the store";

    const snf_reject_rules rules = if_version(v1);
    EXPECT_EQ(cache_write(guard.cache, table_, "k", "lost", &rules), SNF_ERR_WRONG_VERSION);
    EXPECT_STRNE(snf_cache_last_error(guard.cache), "");
    uint64_t version = 0;
    ASSERT_EQ(cache_read(guard.cache, table_, "k", &value, &version), SNF_OK);
    EXPECT_EQ(value, "newer") << "the rejection dropped the stale entry";
    EXPECT_EQ(version, v2);

    const snf_reject_rules create = create_only();
    EXPECT_EQ(cache_write(guard.cache, table_, "k", "again", &create), SNF_ERR_OBJECT_EXISTS);
    const auto before = cache_stats(guard.cache);
    ASSERT_EQ(cache_read(guard.cache, table_, "k", &value), SNF_OK);
    EXPECT_EQ(value, "newer");
    EXPECT_EQ(cache_stats(guard.cache).misses, before.misses + 1);
}

TEST_P(ClientSuite, CacheArgumentsAndLifetime) {
    snf_cache* cache = nullptr;
    EXPECT_EQ(snf_cache_create(client_, 0, &cache), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(cache, nullptr);
    EXPECT_STRNE(snf_client_last_error(client_), "");
    EXPECT_EQ(snf_cache_create(nullptr, 4, &cache), SNF_ERR_INVALID_ARGUMENT);

    // The cache keeps its client alive: free the client first, keep using the cache.
    snf_client* own = nullptr;
    ASSERT_EQ(snf_client_open(uri_.c_str(), &own, nullptr, 0), SNF_OK);
    ASSERT_EQ(snf_cache_create(own, 4, &cache), SNF_OK);
    snf_client_free(own);
    EXPECT_EQ(cache_write(cache, table_, "k", "v"), SNF_OK);
    std::string value;
    EXPECT_EQ(cache_read(cache, table_, "k", &value), SNF_OK);
    EXPECT_EQ(value, "v");
    char small[1];
    uint32_t length = 0;
    EXPECT_EQ(snf_cache_read(cache, table_, "k", 1, small, 0, &length, nullptr), SNF_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(length, 1u);
    EXPECT_EQ(snf_cache_read(cache, table_, "", 0, small, 1, &length, nullptr), SNF_ERR_KEY_TOO_LARGE);
    snf_cache_free(cache);
    snf_cache_free(nullptr);
}

// ---- Statistics and errors -----------------------------------------------------------

TEST_P(ClientSuite, StatsCountOperationsAndHistogramSums) {
    ASSERT_EQ(snf_client_stats_reset(client_), SNF_OK);
    uint64_t bytes_written = 0, bytes_read = 0;
    for (int i = 0; i < 5; ++i) {
        const std::string key = "k" + std::to_string(i), value(10 + i, 'v');
        ASSERT_EQ(write(key, value), SNF_OK);
        bytes_written += key.size() + value.size();
    }
    for (int i = 0; i < 7; ++i) {
        const int32_t status = read("k" + std::to_string(i));
        if (i < 5) {
            ASSERT_EQ(status, SNF_OK);
            bytes_read += 10 + i;
        } else {
            ASSERT_EQ(status, SNF_ERR_OBJECT_DOESNT_EXIST);
        }
    }
    for (int i = 0; i < 3; ++i) ASSERT_EQ(remove("k" + std::to_string(i)), SNF_OK);

    snf_client_stats stats{};
    ASSERT_EQ(snf_client_stats_get(client_, &stats), SNF_OK);
    EXPECT_EQ(stats.writes, 5u);
    EXPECT_EQ(stats.reads, 7u);
    EXPECT_EQ(stats.removes, 3u);
    EXPECT_EQ(stats.errors, 2u);
    EXPECT_EQ(stats.bytes_written, bytes_written);
    EXPECT_EQ(stats.bytes_read, bytes_read);
    const uint64_t histogram = std::accumulate(std::begin(stats.latency_buckets),
                                               std::end(stats.latency_buckets), uint64_t{0});
    EXPECT_EQ(histogram, stats.reads + stats.writes + stats.removes);
    EXPECT_GT(stats.latency_max_ns, 0u);
    EXPECT_LE(stats.latency_min_ns, stats.latency_max_ns);
    EXPECT_GE(stats.latency_total_ns, stats.latency_max_ns);

    ASSERT_EQ(snf_client_stats_reset(client_), SNF_OK);
    ASSERT_EQ(snf_client_stats_get(client_, &stats), SNF_OK);
    EXPECT_EQ(stats.reads + stats.writes + stats.removes + stats.errors, 0u);
    EXPECT_EQ(stats.latency_min_ns, 0u);
    EXPECT_EQ(snf_client_stats_get(client_, nullptr), SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, LastErrorBelongsToTheFailedCallsHandleAndThread) {
    snf_client* other = open_another_client();
    ASSERT_NE(other, nullptr);
    EXPECT_STREQ(snf_client_last_error(client_), "");
    EXPECT_EQ(read("absent"), SNF_ERR_OBJECT_DOESNT_EXIST);
    const std::string message = snf_client_last_error(client_);
    EXPECT_FALSE(message.empty());
    EXPECT_STREQ(snf_client_last_error(other), "") << "the failure was not on this handle";
    EXPECT_EQ(write("k", "v"), SNF_OK);
    EXPECT_EQ(snf_client_last_error(client_), message) << "success leaves the message alone";

    std::string seen_elsewhere = "unset";
    std::thread([&] { seen_elsewhere = snf_client_last_error(client_); }).join();
    EXPECT_EQ(seen_elsewhere, "") << "another thread has its own last error";

    EXPECT_EQ(snf_read(other, 0, "k", 1, nullptr, nullptr, 0, nullptr, nullptr),
              SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_STRNE(snf_client_last_error(other), "");
    EXPECT_STREQ(snf_client_last_error(client_), "") << "the thread's last failure moved on";
    EXPECT_STREQ(snf_client_last_error(nullptr), "");
}

TEST_P(ClientSuite, MalformedUrisAreRejected) {
    const char* bad[] = {
        "",
        ":",
        "no-scheme-here",
        "ftp://host",
        "redis:",
        "redis:/127.0.0.1:6379",
        "redis://",
        "redis://:6379",
        "redis://127.0.0.1:notaport",
        "redis://127.0.0.1:0",
        "redis://127.0.0.1:65536",
        "redis://127.0.0.1:6379/notadb",
        "redis://127.0.0.1:6379?novalue",
        "redis://127.0.0.1:6379?a=1&a=2",
        "redis://127.0.0.1:6379?x=%zz",
        "redis://[::1:6379",
        "embedded:has/slash",
        "embedded:?unknown=1",
        "ramcloud:",
        "redis-cluster:",
        "redis-cluster://",
        "redis-cluster://127.0.0.1:7000,",
        "redis-cluster://127.0.0.1:7000/0",
        "redis-cluster://127.0.0.1:7000?unknown=1",
    };
    for (const char* uri : bad) {
        snf_client* client = reinterpret_cast<snf_client*>(0x1);
        char error[256] = "unchanged";
        EXPECT_EQ(snf_client_open(uri, &client, error, sizeof error), SNF_ERR_BAD_URI) << uri;
        EXPECT_EQ(client, nullptr) << uri;
        EXPECT_GT(std::strlen(error), 0u) << uri;
        EXPECT_STRNE(error, "unchanged") << uri;
    }
    // The message is truncated to the buffer and NUL-terminated; no buffer is fine too.
    snf_client* client = nullptr;
    char tiny[5];
    std::memset(tiny, 'x', sizeof tiny);
    EXPECT_EQ(snf_client_open("bogus", &client, tiny, sizeof tiny), SNF_ERR_BAD_URI);
    EXPECT_EQ(std::strlen(tiny), 4u);
    EXPECT_EQ(snf_client_open("bogus", &client, nullptr, 0), SNF_ERR_BAD_URI);
    EXPECT_EQ(snf_client_open(nullptr, &client, nullptr, 0), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_client_open(uri_.c_str(), nullptr, nullptr, 0), SNF_ERR_INVALID_ARGUMENT);
}

TEST_P(ClientSuite, NullHandlesAreRejected) {
    char buffer[4];
    uint32_t length = 0;
    uint64_t id = 0;
    EXPECT_EQ(snf_client_ping(nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_table_create(nullptr, "t", &id), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_read(nullptr, table_, "k", 1, nullptr, buffer, 4, &length, nullptr),
              SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_write(nullptr, table_, "k", 1, "v", 1, nullptr, 0, nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_remove(nullptr, table_, "k", 1, nullptr, nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_async_read(nullptr, table_, "k", 1, nullptr, nullptr, nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_client_drain(nullptr, 0), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_op_poll(nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_op_wait(nullptr, 0), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(snf_op_version(nullptr), 0u);
    EXPECT_STREQ(snf_op_error(nullptr), "");
    EXPECT_EQ(snf_cache_read(nullptr, table_, "k", 1, buffer, 4, &length, nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_STREQ(snf_client_backend(nullptr), "");
    snf_op_free(nullptr);
    snf_client_free(nullptr);
}
