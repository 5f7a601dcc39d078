// Blocking object operations of the Redis backend: a batch of reads, writes and removes
// is one pipeline (one round trip), followed by a second one only when needed: to tell a
// missing object from a dropped table after a read found nothing, and to resend scripts
// the server lost (NOSCRIPT). With wait_replicas, the pipeline ends with one WAIT that
// covers every write in it. A batch of reads only is retried after a reconnect; one with
// writes never is, and a lost connection reports their outcome as unknown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "backend.hh"
#include "redis_session.hh"

namespace snf::redis {

// Backend::execute's contract: SNF_OK when every results[i] holds its request's outcome.
int32_t execute_batch(RedisSession& session, const Request* requests, Result* results,
                      size_t count, std::string& error);

}  // namespace snf::redis
