// Unit tests of the LRU index under the cache (lru_index.hh).
#include "lru_index.hh"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace snf {
namespace {

// Keys from most to least recently used.
std::vector<std::string> order(const LruIndex& index) {
    std::vector<std::string> keys;
    for (auto* e = index.most_recent(); e != nullptr; e = e->older) keys.push_back(e->key);
    return keys;
}

LruIndex::Entry* put(LruIndex& index, const std::string& key, const std::string& value = "v",
                     uint64_t table = 1, bool* evicted_out = nullptr) {
    bool evicted = false;
    auto* entry = index.put(ObjectKeyView(table, key), value, 7, 0, evicted);
    if (evicted_out != nullptr) *evicted_out = evicted;
    return entry;
}

TEST(LruIndex, PutFindAndOrder) {
    LruIndex index(3);
    put(index, "a");
    put(index, "b");
    put(index, "c");
    EXPECT_EQ(order(index), (std::vector<std::string>{"c", "b", "a"}));
    auto* a = index.find(ObjectKeyView(1, "a"));
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->value, "v");
    EXPECT_EQ(a->version, 7u);
    EXPECT_EQ(order(index), (std::vector<std::string>{"c", "b", "a"})) << "find does not reorder";
    index.touch(a);
    EXPECT_EQ(order(index), (std::vector<std::string>{"a", "c", "b"}));
    index.touch(a);
    EXPECT_EQ(index.most_recent(), a);
    EXPECT_EQ(index.least_recent()->key, "b");
    EXPECT_EQ(index.find(ObjectKeyView(1, "zz")), nullptr);
}

TEST(LruIndex, PutReplacesAndMovesToFront) {
    LruIndex index(3);
    put(index, "a", "1");
    put(index, "b", "2");
    bool evicted = true;
    auto* a = put(index, "a", "one", 1, &evicted);
    EXPECT_FALSE(evicted);
    EXPECT_EQ(index.size(), 2u);
    EXPECT_EQ(a->value, "one");
    EXPECT_EQ(order(index), (std::vector<std::string>{"a", "b"}));
}

TEST(LruIndex, EvictsLeastRecentAndRecyclesItsEntry) {
    LruIndex index(2);
    auto* a = put(index, "a");
    put(index, "b");
    index.touch(a);  // b is now least recent
    LruIndex::Entry* b = index.find(ObjectKeyView(1, "b"));
    bool evicted = false;
    auto* c = put(index, "c", "see", 1, &evicted);
    EXPECT_TRUE(evicted);
    EXPECT_EQ(c, b) << "the evicted entry is reused in place";
    EXPECT_EQ(index.size(), 2u);
    EXPECT_EQ(index.find(ObjectKeyView(1, "b")), nullptr);
    ASSERT_EQ(index.find(ObjectKeyView(1, "c")), c);
    EXPECT_EQ(c->value, "see");
    EXPECT_EQ(order(index), (std::vector<std::string>{"c", "a"}));
}

TEST(LruIndex, TablesSeparateEqualKeys) {
    LruIndex index(4);
    put(index, "k", "t1", 1);
    put(index, "k", "t2", 2);
    EXPECT_EQ(index.size(), 2u);
    EXPECT_EQ(index.find(ObjectKeyView(1, "k"))->value, "t1");
    EXPECT_EQ(index.find(ObjectKeyView(2, "k"))->value, "t2");
}

TEST(LruIndex, EraseAndClear) {
    LruIndex index(4);
    put(index, "a");
    auto* b = put(index, "b");
    put(index, "c");
    index.erase(b);
    EXPECT_EQ(order(index), (std::vector<std::string>{"c", "a"}));
    EXPECT_TRUE(index.erase(ObjectKeyView(1, "a")));
    EXPECT_FALSE(index.erase(ObjectKeyView(1, "a")));
    EXPECT_EQ(order(index), (std::vector<std::string>{"c"}));
    EXPECT_EQ(index.least_recent(), index.most_recent());
    index.clear();
    EXPECT_EQ(index.size(), 0u);
    EXPECT_EQ(index.most_recent(), nullptr);
    EXPECT_EQ(index.least_recent(), nullptr);
    put(index, "again");
    EXPECT_EQ(order(index), (std::vector<std::string>{"again"}));
}

TEST(LruIndex, CapacityOneAndBinaryKeys) {
    LruIndex index(1);
    const std::string k1("\0a", 2), k2("\0b", 2);
    put(index, k1);
    bool evicted = false;
    put(index, k2, "v", 1, &evicted);
    EXPECT_TRUE(evicted);
    EXPECT_EQ(index.size(), 1u);
    EXPECT_EQ(index.find(ObjectKeyView(1, k1)), nullptr);
    EXPECT_NE(index.find(ObjectKeyView(1, k2)), nullptr);
}

TEST(LruIndex, ManyEntriesStayConsistent) {
    LruIndex index(100);
    int evictions = 0;
    for (int i = 0; i < 1000; ++i) {
        bool evicted = false;
        put(index, "key-" + std::to_string(i), std::string(i % 50, 'x'), 1, &evicted);
        evictions += evicted;
        if (i % 3 == 0) {
            if (auto* e = index.find(ObjectKeyView(1, "key-" + std::to_string(i / 2)))) index.touch(e);
        }
    }
    EXPECT_EQ(index.size(), 100u);
    EXPECT_EQ(evictions, 900);
    // The list and the hash set agree: every listed entry is found, and nothing else is.
    const auto keys = order(index);
    EXPECT_EQ(keys.size(), 100u);
    for (const std::string& key : keys) EXPECT_NE(index.find(ObjectKeyView(1, key)), nullptr) << key;
    EXPECT_NE(index.find(ObjectKeyView(1, "key-999")), nullptr);
}

}  // namespace
}  // namespace snf
