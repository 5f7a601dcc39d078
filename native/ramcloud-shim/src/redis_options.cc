// Reads the Redis backend's settings from a parsed store URI (see redis_options.hh).
#include "redis_options.hh"

#include <sys/un.h>

#include "snf/snf_client.h"

namespace snf::redis {
namespace {

// An hour is far beyond any useful timeout; larger values are typing mistakes.
constexpr uint64_t kMaxTimeoutMs = 3600 * 1000;
// Redis itself limits replicas far below this.
constexpr uint64_t kMaxReplicas = 1000;
constexpr uint64_t kMaxReadRetries = 100;
constexpr uint64_t kMaxSpinUs = 10000;  // polling longer than 10 ms only burns a core
constexpr size_t kMaxUnixSocketPath = sizeof(sockaddr_un::sun_path);

// A positive option: zero would mean "never time out" in Redis (WAIT 0 blocks forever),
// which this client does not allow.
int32_t positive_option(const StoreUri& uri, const char* key, uint64_t fallback, uint64_t max,
                        uint32_t& out, std::string& error) {
    uint64_t value = 0;
    if (int32_t st = uri_option_u64(uri, key, fallback, max, value, error)) return st;
    if (value == 0) {
        error = std::string("option ") + key + " must be at least 1";
        return SNF_ERR_BAD_URI;
    }
    out = static_cast<uint32_t>(value);
    return SNF_OK;
}

int32_t count_option(const StoreUri& uri, const char* key, uint64_t fallback, uint64_t max,
                     uint32_t& out, std::string& error) {
    uint64_t value = 0;
    if (int32_t st = uri_option_u64(uri, key, fallback, max, value, error)) return st;
    out = static_cast<uint32_t>(value);
    return SNF_OK;
}

}  // namespace

std::string RedisOptions::endpoint() const {
    if (!unix_socket.empty()) return "unix:" + unix_socket;
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

int32_t parse_redis_options(const StoreUri& uri, RedisOptions& out, std::string& error) {
    if (uri.scheme != "redis") {
        error = "not a redis URI (scheme '" + uri.scheme + "')";
        return SNF_ERR_BAD_URI;
    }
    if (int32_t st = uri_reject_unknown_options(uri, kRedisServerOptionNames, error)) return st;
    if (uri.host.empty()) {
        error = "redis URI has no host";
        return SNF_ERR_BAD_URI;
    }
    RedisOptions o;
    o.host = uri.host;
    o.port = uri.port;
    o.db = uri.db;
    if (auto socket = uri.options.find("socket"); socket != uri.options.end()) {
        // A relative path would depend on the working folder of whichever process opens
        // the store; sun_path also bounds the length.
        if (socket->second.empty() || socket->second.front() != '/' ||
            socket->second.size() >= kMaxUnixSocketPath) {
            error = "option socket must be an absolute path shorter than " +
                    std::to_string(kMaxUnixSocketPath) + " bytes";
            return SNF_ERR_BAD_URI;
        }
        o.unix_socket = socket->second;
    }
    if (int32_t st = parse_redis_connection_options(uri, o, error)) return st;
    out = std::move(o);
    return SNF_OK;
}

int32_t parse_redis_connection_options(const StoreUri& uri, RedisOptions& o, std::string& error) {
    o.password = uri.password;
    if (int32_t st = positive_option(uri, "connect_timeout_ms", 1000, kMaxTimeoutMs,
                                     o.connect_timeout_ms, error))
        return st;
    if (int32_t st = positive_option(uri, "command_timeout_ms", 1000, kMaxTimeoutMs,
                                     o.command_timeout_ms, error))
        return st;
    if (int32_t st = count_option(uri, "wait_replicas", 0, kMaxReplicas, o.wait_replicas, error))
        return st;
    if (int32_t st = positive_option(uri, "wait_timeout_ms", 1000, kMaxTimeoutMs,
                                     o.wait_timeout_ms, error))
        return st;
    if (int32_t st = count_option(uri, "read_retries", 1, kMaxReadRetries, o.read_retries, error))
        return st;
    return count_option(uri, "spin_us", 50, kMaxSpinUs, o.spin_us, error);
}

}  // namespace snf::redis
