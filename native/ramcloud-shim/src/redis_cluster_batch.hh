// Object operations of the redis-cluster backend, blocking and batched: every request
// becomes one command on the master of its object's slot (the same GET and object
// scripts as redis://, the scripts given the object key alone), all nodes' pipelines in
// flight at once (redis_cluster_router.hh).
//
// Tables: the registry lives in the {snf} slot, which the object scripts cannot reach, so
// each batch with writes or removes also asks the registry's master, in the same round,
// whether their tables are live. A write to a table found dropped reports
// SNF_ERR_TABLE_DOESNT_EXIST and the object it may have created is deleted again. A read
// that finds nothing checks its table afterwards, as on redis://. If the registry cannot
// be reached, writes keep their own outcome. A write racing with the drop of its table
// can outlive the drop's deletion; such an object belongs to an id no name leads to
// (ids are never reused).
//
// Results are per request: a node that fails fails only the requests it holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "backend.hh"
#include "redis_cluster_nodes.hh"

namespace snf::redis {

// Backend::execute's contract. Fails as a whole only when no slot map can be had.
int32_t execute_cluster_batch(ClusterNodes& nodes, const Request* requests, Result* results,
                              size_t count, std::string& error);

}  // namespace snf::redis
