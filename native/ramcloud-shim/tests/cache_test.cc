// Tests of the write-through cache's internals (lru_cache.hh) against a FakeBackend:
// hits never reach the store, and a store call racing another change of the same key
// never leaves an outdated value in the cache.
#include "lru_cache.hh"

#include <gtest/gtest.h>

#include "fake_backend.hh"

namespace snf {
namespace {

class CacheInternals : public ::testing::Test {
protected:
    void SetUp() override {
        auto backend = std::make_unique<test::FakeBackend>();
        fake_ = backend.get();
        client_ = std::make_shared<Client>(std::move(backend));
        std::string error;
        ASSERT_EQ(client_->create_table("t", table_, error), SNF_OK);
        ASSERT_EQ(Cache::create(client_, 8, cache_, error), SNF_OK);
    }

    int32_t cache_write(const std::string& key, const std::string& value,
                        const snf_reject_rules* rules = nullptr) {
        std::string error;
        return cache_->write(table_, key.data(), static_cast<uint32_t>(key.size()), value.data(),
                             static_cast<uint32_t>(value.size()), rules, 0, nullptr, error);
    }
    int32_t cache_read(const std::string& key, std::string* value = nullptr) {
        char buffer[64];
        uint32_t length = 0;
        std::string error;
        int32_t status = cache_->read(table_, key.data(), static_cast<uint32_t>(key.size()), buffer,
                                      sizeof buffer, &length, nullptr, error);
        if (status == SNF_OK && value != nullptr) value->assign(buffer, length);
        return status;
    }
    int32_t store_write(const std::string& key, const std::string& value) {
        uint64_t version = 0;
        std::string error;
        return client_->write_checked(table_, key, value, snf_reject_rules{}, 0, version, error);
    }
    std::string store_value(const std::string& key) {
        Result result;
        std::string error;
        EXPECT_EQ(client_->read_checked(table_, key, snf_reject_rules{}, result, error), SNF_OK);
        return result.value;
    }
    snf_cache_stats stats() {
        snf_cache_stats out{};
        cache_->stats(out);
        return out;
    }

    test::FakeBackend* fake_ = nullptr;
    std::shared_ptr<Client> client_;
    std::unique_ptr<Cache> cache_;
    uint64_t table_ = 0;
};

TEST_F(CacheInternals, HitsDoNotReachTheStore) {
    ASSERT_EQ(cache_write("k", "v"), SNF_OK);
    const int before = fake_->executed.load();
    for (int i = 0; i < 10; ++i) ASSERT_EQ(cache_read("k"), SNF_OK);
    EXPECT_EQ(fake_->executed.load(), before);
    EXPECT_EQ(stats().hits, 10u);
}

TEST_F(CacheInternals, FillRacingAWriteIsNotInstalled) {
    ASSERT_EQ(store_write("k", "old"), SNF_OK);
    bool fired = false;
    // While the miss is reading "old" from the store, a write through the cache lands.
    fake_->after_request = [&](const Request& r) {
        if (fired || r.kind != Request::Kind::Read) return;
        fired = true;
        ASSERT_EQ(cache_write("k", "new"), SNF_OK);
    };
    std::string value;
    ASSERT_EQ(cache_read("k", &value), SNF_OK);
    EXPECT_EQ(value, "old") << "the read began before the write";
    fake_->after_request = nullptr;
    ASSERT_EQ(cache_read("k", &value), SNF_OK);
    EXPECT_EQ(value, "new") << "the outdated fill did not replace the written value";
}

TEST_F(CacheInternals, FillRacingARemoveIsNotInstalled) {
    ASSERT_EQ(store_write("k", "old"), SNF_OK);
    bool fired = false;
    fake_->after_request = [&](const Request& r) {
        if (fired || r.kind != Request::Kind::Read) return;
        fired = true;
        std::string error;
        ASSERT_EQ(cache_->remove(table_, "k", 1, nullptr, nullptr, error), SNF_OK);
    };
    ASSERT_EQ(cache_read("k"), SNF_OK);
    fake_->after_request = nullptr;
    EXPECT_FALSE(cache_->contains(table_, "k"));
    EXPECT_EQ(cache_read("k"), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_F(CacheInternals, WriteThroughsAcknowledgedOutOfOrderLeaveNoStaleEntry) {
    // The outer write reaches the store first, then the inner one: the store ends with
    // "inner". The inner write is acknowledged first; the outer one, acknowledged last,
    // must not install its older value.
    bool fired = false;
    fake_->after_request = [&](const Request& r) {
        if (fired || r.kind != Request::Kind::Write) return;
        fired = true;
        ASSERT_EQ(cache_write("k", "inner"), SNF_OK);
    };
    ASSERT_EQ(cache_write("k", "outer"), SNF_OK);
    fake_->after_request = nullptr;
    EXPECT_EQ(store_value("k"), "inner");
    std::string value;
    ASSERT_EQ(cache_read("k", &value), SNF_OK);
    EXPECT_EQ(value, "inner");
}

TEST_F(CacheInternals, FailedWriteDropsTheEntry) {
    ASSERT_EQ(cache_write("k", "v"), SNF_OK);
    EXPECT_TRUE(cache_->contains(table_, "k"));
    fake_->batch_status = SNF_ERR_TIMEOUT;
    EXPECT_EQ(cache_write("k", "unknown outcome"), SNF_ERR_TIMEOUT);
    fake_->batch_status = SNF_OK;
    EXPECT_FALSE(cache_->contains(table_, "k")) << "after a timeout the cached value may be wrong";
}

TEST_F(CacheInternals, RejectedWriteDropsTheEntry) {
    ASSERT_EQ(cache_write("k", "v"), SNF_OK);
    snf_reject_rules rules{};
    rules.exists = 1;
    EXPECT_EQ(cache_write("k", "w", &rules), SNF_ERR_OBJECT_EXISTS);
    EXPECT_FALSE(cache_->contains(table_, "k"));
    EXPECT_EQ(stats().write_throughs, 2u);
}

TEST_F(CacheInternals, InvalidateStopsAnInFlightFill) {
    ASSERT_EQ(store_write("k", "v"), SNF_OK);
    bool fired = false;
    fake_->after_request = [&](const Request& r) {
        if (fired) return;
        fired = true;
        std::string error;
        ASSERT_EQ(cache_->invalidate(table_, "k", 1, error), SNF_OK);
    };
    ASSERT_EQ(cache_read("k"), SNF_OK);
    fake_->after_request = nullptr;
    EXPECT_FALSE(cache_->contains(table_, "k"));
}

TEST_F(CacheInternals, ZeroCapacityIsRejected) {
    std::unique_ptr<Cache> cache;
    std::string error;
    EXPECT_EQ(Cache::create(client_, 0, cache, error), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(cache, nullptr);
}

TEST_F(CacheInternals, ConcurrentReadersAndWritersStayConsistent) {
    // Writers store "<key>:<n>" with growing n; readers must never see n go backwards
    // for a key once the writers are done and the cache has settled.
    constexpr int kKeys = 16;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 3000; ++i) {
                const std::string key = "k" + std::to_string(i % kKeys);
                if (t == 0) {
                    if (cache_write(key, std::to_string(i)) != SNF_OK) failures.fetch_add(1);
                } else {
                    const int32_t status = cache_read(key);
                    if (status != SNF_OK && status != SNF_ERR_OBJECT_DOESNT_EXIST) failures.fetch_add(1);
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    // Whatever is cached now equals the store.
    for (int k = 0; k < kKeys; ++k) {
        const std::string key = "k" + std::to_string(k);
        std::string cached;
        ASSERT_EQ(cache_read(key, &cached), SNF_OK);
        EXPECT_EQ(cached, store_value(key)) << key;
    }
}

}  // namespace
}  // namespace snf
