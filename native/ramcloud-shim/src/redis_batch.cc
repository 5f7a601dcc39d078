// Blocking object batches of the Redis backend (see redis_batch.hh).
#include "redis_batch.hh"

#include <algorithm>
#include <vector>

#include "redis_request_codec.hh"

namespace snf::redis {
namespace {

// A round trip of the session's buffer; after a failure with writes in flight the message
// says that their outcome is unknown.
int32_t send_batch(RedisSession& session, size_t commands, bool ends_with_wait, bool has_writes,
                   std::string& error) {
    int32_t st = session.round_trip(commands, ends_with_wait, error);
    if (st && has_writes && (st == SNF_ERR_CONNECTION || st == SNF_ERR_TIMEOUT))
        error += "; writes in flight may or may not have been applied";
    return st;
}

// Gives the WAIT's verdict to every write in `indices` that succeeded, except those in
// `resent` (they get the verdict of their own WAIT later).
void apply_wait(const RedisOptions& options, const redisReply* reply, const Request* requests,
                Result* results, const std::vector<size_t>& indices,
                const std::vector<size_t>& resent) {
    std::string error;
    const int32_t st = decode_wait(reply, options, error);
    if (st == SNF_OK) return;
    for (size_t i : indices) {
        if (!is_write(requests[i]) || results[i].status != SNF_OK) continue;
        if (std::find(resent.begin(), resent.end(), i) != resent.end()) continue;
        results[i].status = st;  // the version stays: the master has the write
        results[i].error = error;
    }
}

// Resends lost scripts and checks the tables of missed reads, in one more round trip.
int32_t follow_up(RedisSession& session, const Request* requests, Result* results,
                  const std::vector<size_t>& resends, const std::vector<size_t>& table_checks,
                  std::string& error) {
    const RedisOptions& options = session.options();
    RespWriter w = session.start_commands();
    for (size_t i : resends) encode_request_with_body(w, requests[i]);
    const bool wait = !resends.empty() && options.wait_replicas > 0;
    if (wait) encode_wait(w, options);
    for (size_t i : table_checks) encode_table_check(w, requests[i].table_id);
    const size_t commands = resends.size() + (wait ? 1 : 0) + table_checks.size();
    if (int32_t st = send_batch(session, commands, wait, !resends.empty(), error)) return st;

    size_t next = 0;
    for (size_t i : resends) {
        if (decode_request_reply(requests[i], session.reply(next++), results[i]) !=
            ReplyOutcome::Done)
            results[i] = Result{SNF_ERR_PROTOCOL, 0, {},
                                "redis answered NOSCRIPT to a script sent with its body"};
    }
    if (wait) apply_wait(options, session.reply(next++), requests, results, resends, {});
    for (size_t i : table_checks) decode_table_check(requests[i], session.reply(next++), results[i]);
    return SNF_OK;
}

// One attempt at the whole batch; the caller holds the session, connected.
int32_t run_batch(RedisSession& session, const Request* requests, Result* results, size_t count,
                  std::string& error) {
    const RedisOptions& options = session.options();
    std::vector<size_t> sent;
    sent.reserve(count);
    bool has_writes = false;
    RespWriter w = session.start_commands();
    for (size_t i = 0; i < count; ++i) {
        std::string invalid;
        if (int32_t st = validate_request(requests[i], invalid)) {
            results[i] = Result{st, 0, {}, std::move(invalid)};
            continue;
        }
        encode_request(w, requests[i], session.scripts());
        sent.push_back(i);
        has_writes = has_writes || is_write(requests[i]);
    }
    if (sent.empty()) return SNF_OK;
    const bool wait = has_writes && options.wait_replicas > 0;
    if (wait) encode_wait(w, options);
    if (int32_t st = send_batch(session, sent.size() + (wait ? 1 : 0), wait, has_writes, error))
        return st;

    std::vector<size_t> table_checks, resends;
    for (size_t k = 0; k < sent.size(); ++k) {
        const size_t i = sent[k];
        switch (decode_request_reply(requests[i], session.reply(k), results[i])) {
        case ReplyOutcome::Done: break;
        case ReplyOutcome::NeedsTableCheck: table_checks.push_back(i); break;
        case ReplyOutcome::NoScript: resends.push_back(i); break;
        }
    }
    if (wait) apply_wait(options, session.reply(sent.size()), requests, results, sent, resends);
    if (table_checks.empty() && resends.empty()) return SNF_OK;
    return follow_up(session, requests, results, resends, table_checks, error);
}

}  // namespace

int32_t execute_batch(RedisSession& session, const Request* requests, Result* results,
                      size_t count, std::string& error) {
    if (count == 0) return SNF_OK;
    const bool only_reads =
        std::none_of(requests, requests + count, [](const Request& r) { return is_write(r); });
    return session.run(
        only_reads ? RedisSession::Retry::AfterReconnect : RedisSession::Retry::Never, error,
        [&](std::string& err) { return run_batch(session, requests, results, count, err); });
}

}  // namespace snf::redis
