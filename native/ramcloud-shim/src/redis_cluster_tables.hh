// Table calls of the redis-cluster backend. The registry (names, live ids, the id
// counter, ids being dropped) is the same as on redis:// but under hash-tagged keys
// ("{snf}:tables", ...) that share one slot, so the same table scripts run atomically on
// that slot's master. Dropping a table deletes its objects on every master (SCAN MATCH
// on each, then UNLINK of each key found, routed by its slot). All three calls are
// idempotent and go through the router's retries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "redis_cluster_nodes.hh"

namespace snf::redis {

int32_t cluster_create_table(ClusterNodes& nodes, std::string_view name, uint64_t& id,
                             std::string& error);
int32_t cluster_get_table_id(ClusterNodes& nodes, std::string_view name, uint64_t& id,
                             std::string& error);
int32_t cluster_drop_table(ClusterNodes& nodes, std::string_view name, std::string& error);

// PING to every master: SNF_OK when all of them answer.
int32_t cluster_ping(ClusterNodes& nodes, std::string& error);

}  // namespace snf::redis
