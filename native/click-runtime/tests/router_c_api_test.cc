// The C ABI, exercised through the real shared library (dlopen of libsnf_router.so):
// creation and diagnostics, bounded and unbounded runs, stopping from another thread,
// handler reads and writes with their status codes, control sockets, and the symbols
// the library exports.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "snf/snf_router.h"

namespace {

using namespace std::chrono_literals;

// The library's entry points, resolved once.
struct Api {
    void* handle = nullptr;
#define SNF_FN(name) decltype(&::name) name = nullptr;
    SNF_FN(snf_router_version)
    SNF_FN(snf_router_status_name)
    SNF_FN(snf_router_status_message)
    SNF_FN(snf_router_create)
    SNF_FN(snf_router_free)
    SNF_FN(snf_router_last_error)
    SNF_FN(snf_router_run)
    SNF_FN(snf_router_run_rounds)
    SNF_FN(snf_router_stop)
    SNF_FN(snf_router_stopped)
    SNF_FN(snf_router_read_handler)
    SNF_FN(snf_router_write_handler)
    SNF_FN(snf_router_listen_tcp)
    SNF_FN(snf_router_listen_unix)
    SNF_FN(snf_router_diagnostics_count)
    SNF_FN(snf_router_diagnostics_get)
    SNF_FN(snf_router_diagnostics_text)
    SNF_FN(snf_router_diagnostics_free)
#undef SNF_FN
};

const Api& api() {
    static Api a = [] {
        Api x;
        x.handle = dlopen(SNF_ROUTER_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        if (!x.handle)
            return x;
#define SNF_LOAD(name) x.name = reinterpret_cast<decltype(x.name)>(dlsym(x.handle, #name));
        SNF_LOAD(snf_router_version)
        SNF_LOAD(snf_router_status_name)
        SNF_LOAD(snf_router_status_message)
        SNF_LOAD(snf_router_create)
        SNF_LOAD(snf_router_free)
        SNF_LOAD(snf_router_last_error)
        SNF_LOAD(snf_router_run)
        SNF_LOAD(snf_router_run_rounds)
        SNF_LOAD(snf_router_stop)
        SNF_LOAD(snf_router_stopped)
        SNF_LOAD(snf_router_read_handler)
        SNF_LOAD(snf_router_write_handler)
        SNF_LOAD(snf_router_listen_tcp)
        SNF_LOAD(snf_router_listen_unix)
        SNF_LOAD(snf_router_diagnostics_count)
        SNF_LOAD(snf_router_diagnostics_get)
        SNF_LOAD(snf_router_diagnostics_text)
        SNF_LOAD(snf_router_diagnostics_free)
#undef SNF_LOAD
        return x;
    }();
    return a;
}

snf_router* create(const std::string& config, snf_router_diagnostics** diags = nullptr,
                   const char* const* defs = nullptr, uint32_t ndefs = 0, int32_t* status = nullptr) {
    snf_router* r = nullptr;
    snf_router_diagnostics* d = nullptr;
    int32_t s = api().snf_router_create(config.data(), config.size(), "test.click", defs, ndefs, &r, &d);
    if (status)
        *status = s;
    if (diags)
        *diags = d;
    else
        api().snf_router_diagnostics_free(d);
    return r;
}

std::string read(snf_router* r, const char* name) {
    char buf[256];
    size_t len = 0;
    int32_t s = api().snf_router_read_handler(r, name, nullptr, 0, buf, sizeof buf, &len);
    if (s != SNF_ROUTER_OK)
        return std::string("<") + api().snf_router_status_name(s) + ">";
    return std::string(buf, len);
}

TEST(RouterCApi, LibraryLoadsAndExportsOnlyItsApi) {
    ASSERT_NE(api().handle, nullptr) << dlerror();
    EXPECT_NE(api().snf_router_diagnostics_free, nullptr);
    EXPECT_STREQ(api().snf_router_version(), "0.1.0");
    EXPECT_STREQ(api().snf_router_status_name(SNF_ROUTER_ERR_CONFIG), "SNF_ROUTER_ERR_CONFIG");
    EXPECT_STREQ(api().snf_router_status_name(99), "SNF_ROUTER_ERR_UNKNOWN");
    EXPECT_STREQ(api().snf_router_status_message(SNF_ROUTER_OK), "success");
    // Internal C++ symbols stay hidden.
    EXPECT_EQ(dlsym(api().handle, "_ZN3snf5click6Router3runEm"), nullptr);
    EXPECT_EQ(dlsym(api().handle, "_ZN3snf5click12parse_routerESt17basic_string_viewIcSt11char_traitsIcEES4_RKSt3mapINSt7__cxx1112basic_stringIcS3_SaIcEEES9_St4lessIvESaISt4pairIKS9_S9_EEERNS0_10FlatRouterERNS0_11DiagnosticsERKNS0_12ParseOptionsE"),
              nullptr);
}

TEST(RouterCApi, CreateRunReadWrite) {
    ASSERT_NE(api().handle, nullptr);
    const char* defs[] = {"N=7"};
    int32_t status = -1;
    snf_router* r = create("s :: InfiniteSource(LIMIT $N, STOP true) -> c :: Counter -> Discard;", nullptr, defs, 1,
                           &status);
    ASSERT_EQ(status, SNF_ROUTER_OK);
    ASSERT_NE(r, nullptr);
    int32_t outcome = -1;
    ASSERT_EQ(api().snf_router_run_rounds(r, 1000, &outcome), SNF_ROUTER_OK);
    EXPECT_EQ(outcome, SNF_ROUTER_RUN_STOPPED);
    int32_t stopped = 0;
    EXPECT_EQ(api().snf_router_stopped(r, &stopped), SNF_ROUTER_OK);
    EXPECT_EQ(stopped, 1);
    EXPECT_EQ(api().snf_router_run_rounds(r, 10, &outcome), SNF_ROUTER_ERR_STOPPED);
    EXPECT_EQ(read(r, "c.count"), "7");
    EXPECT_EQ(read(r, "list"), "3\ns\nc\nDiscard@3\n");

    char tiny[1];
    size_t needed = 0;
    EXPECT_EQ(api().snf_router_read_handler(r, "list", nullptr, 0, tiny, sizeof tiny, &needed),
              SNF_ROUTER_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(needed, 16u);
    EXPECT_EQ(api().snf_router_write_handler(r, "c.reset", nullptr, 0), SNF_ROUTER_OK);
    EXPECT_EQ(read(r, "c.count"), "0");
    EXPECT_EQ(read(r, "nope.count"), "<SNF_ROUTER_ERR_NO_SUCH_ELEMENT>");
    EXPECT_EQ(read(r, "c.nope"), "<SNF_ROUTER_ERR_NO_SUCH_HANDLER>");
    EXPECT_EQ(read(r, "c.reset"), "<SNF_ROUTER_ERR_NOT_READABLE>");
    EXPECT_EQ(api().snf_router_write_handler(r, "c.count", "1", 1), SNF_ROUTER_ERR_NOT_WRITABLE);
    EXPECT_EQ(api().snf_router_write_handler(r, "s.limit", "many", 4), SNF_ROUTER_ERR_HANDLER);
    EXPECT_NE(std::string(api().snf_router_last_error(r)).find("expected integer"), std::string::npos)
        << api().snf_router_last_error(r);
    EXPECT_EQ(api().snf_router_read_handler(r, nullptr, nullptr, 0, nullptr, 0, &needed),
              SNF_ROUTER_ERR_INVALID_ARGUMENT);
    api().snf_router_free(r);
}

TEST(RouterCApi, ConfigErrorsComeWithDiagnostics) {
    ASSERT_NE(api().handle, nullptr);
    snf_router_diagnostics* d = nullptr;
    int32_t status = -1;
    snf_router* r = create("q :: Queue(lots);\nIdle -> q -> Discard;", &d, nullptr, 0, &status);
    EXPECT_EQ(status, SNF_ROUTER_ERR_CONFIG);
    EXPECT_EQ(r, nullptr);
    ASSERT_NE(d, nullptr);
    ASSERT_EQ(api().snf_router_diagnostics_count(d), 2u);
    const char* file = nullptr;
    const char* message = nullptr;
    uint32_t line = 0;
    int32_t severity = -1;
    ASSERT_EQ(api().snf_router_diagnostics_get(d, 0, &file, &line, &severity, &message), SNF_ROUTER_OK);
    EXPECT_STREQ(file, "test.click");
    EXPECT_EQ(line, 1u);
    EXPECT_EQ(severity, SNF_ROUTER_SEVERITY_ERROR);
    EXPECT_STREQ(message, "While configuring 'q :: Queue':\n  CAPACITY: expected unsigned integer");
    ASSERT_EQ(api().snf_router_diagnostics_get(d, 1, &file, &line, nullptr, &message), SNF_ROUTER_OK);
    EXPECT_STREQ(file, "");
    EXPECT_EQ(line, 0u);
    EXPECT_STREQ(message, "Router could not be initialized!");
    EXPECT_STREQ(api().snf_router_diagnostics_text(d),
                 "test.click:1: While configuring 'q :: Queue':\n  CAPACITY: expected unsigned integer\n"
                 "Router could not be initialized!\n");
    EXPECT_EQ(api().snf_router_diagnostics_get(d, 2, nullptr, nullptr, nullptr, nullptr),
              SNF_ROUTER_ERR_INVALID_ARGUMENT);
    api().snf_router_diagnostics_free(d);

    const char* bad_defs[] = {"no equals sign"};
    status = -1;
    EXPECT_EQ(create("Idle -> Discard;", nullptr, bad_defs, 1, &status), nullptr);
    EXPECT_EQ(status, SNF_ROUTER_ERR_CONFIG);
    snf_router* out = reinterpret_cast<snf_router*>(1);
    EXPECT_EQ(api().snf_router_create(nullptr, 5, nullptr, nullptr, 0, &out, nullptr),
              SNF_ROUTER_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(out, nullptr);
}

TEST(RouterCApi, RunUntilStoppedFromAnotherThreadWhileReadingHandlers) {
    ASSERT_NE(api().handle, nullptr);
    snf_router* r = create("InfiniteSource -> c :: Counter -> Discard;");
    ASSERT_NE(r, nullptr);
    int32_t run_status = -1;
    std::thread runner([&] { run_status = api().snf_router_run(r); });
    std::string count = "0";
    for (int i = 0; i < 200 && count == "0"; ++i) {
        count = read(r, "c.count");  // carried out on the router's thread
        std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(api().snf_router_stop(r), SNF_ROUTER_OK);
    runner.join();
    EXPECT_EQ(run_status, SNF_ROUTER_OK);
    EXPECT_NE(count, "0");
    api().snf_router_free(r);
}

TEST(RouterCApi, ListenOnLoopback) {
    ASSERT_NE(api().handle, nullptr);
    snf_router* r = create("Idle -> Discard;");
    ASSERT_NE(r, nullptr);
    uint16_t port = 0;
    EXPECT_EQ(api().snf_router_listen_tcp(r, 0, &port), SNF_ROUTER_OK);
    EXPECT_NE(port, 0);
    EXPECT_EQ(api().snf_router_listen_tcp(r, 0, &port), SNF_ROUTER_ERR_IO);  // one TCP port per router
    EXPECT_EQ(api().snf_router_listen_unix(r, ""), SNF_ROUTER_ERR_IO);
    api().snf_router_free(r);
    api().snf_router_free(nullptr);
}

}  // namespace
