// Settings of a Redis store, read from its redis:// URI (see snf_client.h for the
// accepted options and their defaults).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "uri.hh"

namespace snf::redis {

struct RedisOptions {
    std::string host;
    uint16_t port = 6379;
    int db = 0;
    std::string password;
    // Non-empty: connect over this Unix-domain socket instead of TCP to host:port (a server
    // on the same machine answers sooner without the TCP/IP stack in between).
    std::string unix_socket;
    uint32_t connect_timeout_ms = 1000;
    uint32_t command_timeout_ms = 1000;
    uint32_t wait_replicas = 0;        // 0: writes do not wait for replicas
    uint32_t wait_timeout_ms = 1000;
    uint32_t read_retries = 1;
    // How long a blocking call polls the socket for its reply before it sleeps in the
    // kernel. Waking a sleeping thread costs tens of microseconds on an idle machine, more
    // than a loopback round trip, so low-latency clients (RAMCloud's among them) poll.
    uint32_t spin_us = 50;

    // "host:port", or "unix:PATH" over a Unix-domain socket, for messages.
    std::string endpoint() const;
};

// SNF_OK, or SNF_ERR_BAD_URI naming the unknown option or the bad value. Besides the
// connection options below, a redis:// URI takes socket=PATH (an absolute path: connect
// over that Unix-domain socket instead of TCP; HOST:PORT is then not used).
int32_t parse_redis_options(const StoreUri& uri, RedisOptions& out, std::string& error);

// The ?options of redis:// URIs: those every Redis connection takes, then socket.
inline constexpr std::string_view kRedisServerOptionNames =
    "password,connect_timeout_ms,command_timeout_ms,wait_replicas,wait_timeout_ms,read_retries,"
    "spin_us,socket";
// The ?options of redis-cluster:// URIs: the same but socket (a cluster has many nodes).
inline constexpr std::string_view kRedisOptionNames =
    kRedisServerOptionNames.substr(0, kRedisServerOptionNames.rfind(",socket"));

// The options every Redis connection takes (password and the *_ms, wait_replicas,
// read_retries and spin_us options, defaults as documented) into `out`, leaving host, port
// and db alone; shared with the redis-cluster backend. The caller rejects unknown options.
int32_t parse_redis_connection_options(const StoreUri& uri, RedisOptions& out,
                                       std::string& error);

}  // namespace snf::redis
