// Parsing of store URIs (see snf_client.h for the accepted forms).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace snf {

// One HOST:PORT of a redis-cluster:// URI.
struct UriEndpoint {
    std::string host;
    uint16_t port = 6379;
};

struct StoreUri {
    std::string scheme;     // "embedded", "redis", "redis-cluster", "ramcloud"
    std::string name;       // embedded: the store's name ("" = the default store)
    std::string host;       // redis
    uint16_t port = 6379;   // redis
    int db = 0;             // redis: the database number after '/'
    std::string password;   // redis, redis-cluster: from ":PASSWORD@" or ?password=
    std::vector<UriEndpoint> seeds;  // redis-cluster: the nodes to discover the cluster from
    std::string locator;    // ramcloud: the service locator after "ramcloud:"
    std::map<std::string, std::string, std::less<>> options;  // the ?key=value pairs
};

// SNF_OK, or SNF_ERR_BAD_URI with a message naming what is wrong.
int32_t parse_store_uri(std::string_view text, StoreUri& out, std::string& error);

// Reads an unsigned option; absent gives `fallback`. SNF_ERR_BAD_URI if not a number or
// above `max`.
int32_t uri_option_u64(const StoreUri& uri, std::string_view key, uint64_t fallback,
                       uint64_t max, uint64_t& out, std::string& error);

// SNF_ERR_BAD_URI naming the first option not in `known` (a comma-separated list).
int32_t uri_reject_unknown_options(const StoreUri& uri, std::string_view known,
                                   std::string& error);

}  // namespace snf
