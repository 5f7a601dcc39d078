// The RAMCloud backend's own behaviour: the clear failure without libramcloud.so, the
// loader's checks, and what it adds to RAMCloud (TTL, conditional writes over expired
// objects), through the in-memory binding built for the tests.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include <dlfcn.h>

#include "ramcloud_c_binding.hh"
#include "snf/snf_client.h"

namespace {

const std::string kDouble = std::string("ramcloud:test?lib=") + SNF_TEST_RAMCLOUD_LIB;

struct OpenResult {
    int32_t status;
    std::string message;
};

OpenResult open_and_close(const std::string& uri) {
    char message[1024] = {};
    snf_client* client = nullptr;
    int32_t status = snf_client_open(uri.c_str(), &client, message, sizeof message);
    snf_client_free(client);
    return {status, message};
}

class RamCloudBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        char message[512] = {};
        ASSERT_EQ(snf_client_open(kDouble.c_str(), &client_, message, sizeof message), SNF_OK) << message;
        ASSERT_EQ(snf_table_create(client_, table_name().c_str(), &table_), SNF_OK);
    }
    void TearDown() override {
        if (client_) snf_table_drop(client_, table_name().c_str());
        snf_client_free(client_);
    }
    static std::string table_name() {
        return std::string("rc-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    }
    int32_t write(const std::string& key, const std::string& value, uint64_t ttl_ms = 0,
                  const snf_reject_rules* rules = nullptr, uint64_t* version = nullptr) {
        return snf_write(client_, table_, key.data(), static_cast<uint32_t>(key.size()), value.data(),
                         static_cast<uint32_t>(value.size()), rules, ttl_ms, version);
    }
    int32_t read(const std::string& key, std::string* value = nullptr) {
        char buffer[256];
        uint32_t length = 0;
        int32_t st = snf_read(client_, table_, key.data(), static_cast<uint32_t>(key.size()), nullptr,
                              buffer, sizeof buffer, &length, nullptr);
        if (st == SNF_OK && value) value->assign(buffer, length);
        return st;
    }
    snf_client* client_ = nullptr;
    uint64_t table_ = 0;
};

}  // namespace

TEST(RamCloudLoader, MissingLibraryNamesTheLibraryAndTheVariable) {
    const char* saved = std::getenv("SNF_RAMCLOUD_LIB");
    std::string restore = saved ? saved : "";
    unsetenv("SNF_RAMCLOUD_LIB");
    OpenResult r = open_and_close("ramcloud:tcp:host=127.0.0.1,port=12246");
    if (saved) setenv("SNF_RAMCLOUD_LIB", restore.c_str(), 1);
    EXPECT_EQ(r.status, SNF_ERR_NOT_SUPPORTED);
    EXPECT_NE(r.message.find("libramcloud.so"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("SNF_RAMCLOUD_LIB"), std::string::npos) << r.message;
}

TEST(RamCloudLoader, LibraryOptionThatDoesNotExist) {
    OpenResult r = open_and_close("ramcloud:tcp:host=127.0.0.1,port=1?lib=/nonexistent/libramcloud.so");
    EXPECT_EQ(r.status, SNF_ERR_NOT_SUPPORTED);
    EXPECT_NE(r.message.find("/nonexistent/libramcloud.so"), std::string::npos) << r.message;
}

TEST(RamCloudLoader, LibraryWithoutTheBindingNamesTheMissingSymbol) {
    OpenResult r = open_and_close("ramcloud:tcp:host=127.0.0.1,port=1?lib=libm.so.6");
    EXPECT_EQ(r.status, SNF_ERR_NOT_SUPPORTED);
    EXPECT_NE(r.message.find("rc_connect"), std::string::npos) << r.message;
}

TEST(RamCloudLoader, EnvironmentVariableChoosesTheLibrary) {
    setenv("SNF_RAMCLOUD_LIB", SNF_TEST_RAMCLOUD_LIB, 1);
    OpenResult r = open_and_close("ramcloud:test");
    unsetenv("SNF_RAMCLOUD_LIB");
    EXPECT_EQ(r.status, SNF_OK) << r.message;
}

TEST(RamCloudLoader, UnreachableClusterIsAConnectionError) {
    OpenResult r = open_and_close(std::string("ramcloud:tcp:host=192.0.2.1,port=1?lib=") + SNF_TEST_RAMCLOUD_LIB);
    EXPECT_EQ(r.status, SNF_ERR_CONNECTION);
    EXPECT_NE(r.message.find("tcp:host=192.0.2.1,port=1"), std::string::npos) << r.message;
}

TEST(RamCloudLoader, OptionsAreChecked) {
    EXPECT_EQ(open_and_close(kDouble + "&bogus=1").status, SNF_ERR_BAD_URI);
    EXPECT_EQ(open_and_close(kDouble + "&server_span=0").status, SNF_ERR_BAD_URI);
    EXPECT_EQ(open_and_close(kDouble + "&server_span=x").status, SNF_ERR_BAD_URI);
    EXPECT_EQ(open_and_close(kDouble + "&server_span=4&cluster=main").status, SNF_OK);
    EXPECT_EQ(open_and_close("ramcloud:").status, SNF_ERR_BAD_URI);
}

TEST_F(RamCloudBackendTest, BackendName) { EXPECT_STREQ(snf_client_backend(client_), "ramcloud"); }

TEST_F(RamCloudBackendTest, CreateOnlyWriteSucceedsOverAnExpiredObject) {
    ASSERT_EQ(write("flow", "old", 50), SNF_OK);
    snf_reject_rules create_only{};
    create_only.exists = 1;
    EXPECT_EQ(write("flow", "new", 0, &create_only), SNF_ERR_OBJECT_EXISTS);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    EXPECT_EQ(read("flow"), SNF_ERR_OBJECT_DOESNT_EXIST);
    ASSERT_EQ(write("flow", "new", 0, &create_only), SNF_OK);
    std::string value;
    ASSERT_EQ(read("flow", &value), SNF_OK);
    EXPECT_EQ(value, "new");
}

TEST_F(RamCloudBackendTest, ExpiredObjectFailsMustExistRule) {
    ASSERT_EQ(write("flow", "v", 30), SNF_OK);
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    snf_reject_rules must_exist{};
    must_exist.doesnt_exist = 1;
    EXPECT_EQ(write("flow", "again", 0, &must_exist), SNF_ERR_OBJECT_DOESNT_EXIST);
    uint64_t removed = 99;
    EXPECT_EQ(snf_remove(client_, table_, "flow", 4, &must_exist, &removed), SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST_F(RamCloudBackendTest, ValueWithoutTheExpiryHeaderIsAProtocolError) {
    // A value written by another RAMCloud client straight through the binding, shorter
    // than the header this client adds: reported, never misread.
    void* lib = dlopen(SNF_TEST_RAMCLOUD_LIB, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(lib, nullptr) << dlerror();
    auto connect = reinterpret_cast<snf::ramcloud::ConnectFn>(dlsym(lib, "rc_connect"));
    auto disconnect = reinterpret_cast<snf::ramcloud::DisconnectFn>(dlsym(lib, "rc_disconnect"));
    auto raw_write = reinterpret_cast<snf::ramcloud::WriteFn>(dlsym(lib, "rc_write"));
    ASSERT_TRUE(connect && disconnect && raw_write);
    snf::ramcloud::rc_client* other = nullptr;
    ASSERT_EQ(connect("test", "main", &other), snf::ramcloud::STATUS_OK);
    uint64_t version = 0;
    EXPECT_EQ(raw_write(other, table_, "foreign", 7, "abc", 3, nullptr, &version), snf::ramcloud::STATUS_OK);
    disconnect(other);
    dlclose(lib);

    EXPECT_EQ(read("foreign"), SNF_ERR_PROTOCOL);
    EXPECT_NE(std::string(snf_client_last_error(client_)).find("expiry header"), std::string::npos)
        << snf_client_last_error(client_);
}

TEST_F(RamCloudBackendTest, KeysLongerThanRamCloudAllowsAreRejected) {
    std::string longest(SNF_MAX_KEY_LENGTH, 'k');
    ASSERT_EQ(write(longest, "v"), SNF_OK);
    std::string too_long(SNF_MAX_KEY_LENGTH + 1, 'k');
    EXPECT_EQ(write(too_long, "v"), SNF_ERR_KEY_TOO_LARGE);
}
