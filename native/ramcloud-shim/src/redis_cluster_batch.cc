// Blocking object batches of the redis-cluster backend (see redis_cluster_batch.hh).
#include "redis_cluster_batch.hh"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "redis_cluster_router.hh"
#include "redis_cluster_slots.hh"
#include "redis_request_codec.hh"
#include "redis_value_codec.hh"

namespace snf::redis {
namespace {

const uint16_t kRegistrySlot = key_slot(kClusterLayout.table_ids);

enum class Role : uint8_t { Object, Resend, WriteTableCheck, ReadTableCheck, Cleanup };

// What one command of a round stands for.
struct Job {
    Role role;
    size_t request;    // Object, Resend, Cleanup: the request; table checks: any request
    uint64_t table_id; // table checks
};

// Table liveness as the registry answered it, per table id.
enum class Liveness : uint8_t { Unknown, Live, Dropped };

class ClusterBatch {
public:
    ClusterBatch(ClusterNodes& nodes, const Request* requests, Result* results, size_t count)
        : nodes_(nodes), requests_(requests), results_(results), count_(count),
          wait_(nodes.options().wait_replicas > 0) {}

    void run() {
        for (size_t i = 0; i < count_; ++i) {
            std::string invalid;
            if (int32_t st = validate_request(requests_[i], invalid)) {
                results_[i] = Result{st, 0, {}, std::move(invalid)};
                continue;
            }
            add_object(i, false);
            if (is_write(requests_[i])) add_table_check(Role::WriteTableCheck, i);
        }
        while (!commands_.empty()) {
            run_cluster_commands(nodes_, commands_);
            std::vector<ClusterCommand> done;
            std::vector<Job> jobs;
            done.swap(commands_);
            jobs.swap(jobs_);
            checked_.clear();
            // Table verdicts first: the writes of this round are judged by them.
            for (size_t k = 0; k < done.size(); ++k)
                if (jobs[k].role == Role::WriteTableCheck || jobs[k].role == Role::ReadTableCheck)
                    take_table_check(jobs[k], done[k]);
            for (size_t k = 0; k < done.size(); ++k) {
                switch (jobs[k].role) {
                case Role::Object: take_object(jobs[k].request, done[k], false); break;
                case Role::Resend: take_object(jobs[k].request, done[k], true); break;
                default: break;  // table checks taken above; cleanups need no answer
                }
            }
        }
    }

private:
    void add_object(size_t i, bool with_body) {
        const Request& r = requests_[i];
        ClusterCommand c;
        RespWriter w(c.encoded);
        if (with_body)
            encode_request_with_body(w, r, kClusterLayout);
        else
            encode_request(w, r, nodes_.scripts(), kClusterLayout);
        c.slot = object_slot(r.table_id, r.key);
        c.is_write = is_write(r);
        c.wait_for_replicas = c.is_write && wait_;
        commands_.push_back(std::move(c));
        jobs_.push_back(Job{with_body ? Role::Resend : Role::Object, i, r.table_id});
    }

    // One check per table id and round; reads waiting for it are found by table id.
    void add_table_check(Role role, size_t i) {
        const uint64_t table = requests_[i].table_id;
        if (std::find(checked_.begin(), checked_.end(), table) != checked_.end()) return;
        checked_.push_back(table);
        ClusterCommand c;
        RespWriter w(c.encoded);
        encode_table_check(w, table, kClusterLayout);
        c.slot = kRegistrySlot;
        commands_.push_back(std::move(c));
        jobs_.push_back(Job{role, i, table});
    }

    void add_cleanup(size_t i) {
        const Request& r = requests_[i];
        ClusterCommand c;
        RespWriter w(c.encoded);
        w.begin(2);
        w.arg("UNLINK");
        w.arg_object_key(r.table_id, r.key);
        c.slot = object_slot(r.table_id, r.key);
        c.is_write = true;
        commands_.push_back(std::move(c));
        jobs_.push_back(Job{Role::Cleanup, i, r.table_id});
    }

    void take_table_check(const Job& job, const ClusterCommand& c) {
        if (c.status != SNF_OK || !c.reply || c.reply->type != REDIS_REPLY_INTEGER) {
            if (job.role == Role::ReadTableCheck) {
                // The reads that asked get the failure as their outcome.
                for (size_t i : waiting_reads_[job.table_id]) {
                    if (c.status != SNF_OK)
                        results_[i] = Result{c.status, 0, {}, c.error};
                    else
                        decode_table_check(requests_[i], c.reply.get(), results_[i]);
                }
                waiting_reads_.erase(job.table_id);
            }
            return;  // writes keep their own outcome
        }
        const bool live = c.reply->integer != 0;
        liveness_[job.table_id] = live ? Liveness::Live : Liveness::Dropped;
        if (job.role == Role::ReadTableCheck) {
            for (size_t i : waiting_reads_[job.table_id])
                decode_table_check(requests_[i], c.reply.get(), results_[i]);
            waiting_reads_.erase(job.table_id);
        }
    }

    void take_object(size_t i, ClusterCommand& c, bool resent) {
        const Request& r = requests_[i];
        Result& result = results_[i];
        if (c.status != SNF_OK) {
            result = Result{c.status, 0, {}, std::move(c.error)};
            return;
        }
        ReplyOutcome outcome = decode_request_reply(r, c.reply.get(), result);
        if (outcome == ReplyOutcome::NoScript && resent) {
            result = Result{SNF_ERR_PROTOCOL, 0, {},
                            "redis answered NOSCRIPT to a script sent with its body"};
            outcome = ReplyOutcome::Done;
        }
        if (!is_write(r)) {
            if (outcome == ReplyOutcome::NeedsTableCheck) {
                waiting_reads_[r.table_id].push_back(i);
                add_table_check(Role::ReadTableCheck, i);
            }
            return;
        }
        if (liveness_[r.table_id] == Liveness::Dropped) {
            // The object must not outlive its table, whatever the script did.
            if (outcome == ReplyOutcome::Done && result.status == SNF_OK &&
                (r.kind == Request::Kind::Write || result.version != 0))
                add_cleanup(i);
            result = Result{SNF_ERR_TABLE_DOESNT_EXIST, 0, {},
                            "table " + std::to_string(r.table_id) + " does not exist"};
            return;
        }
        if (outcome == ReplyOutcome::NoScript) {
            add_object(i, true);
            return;
        }
        if (result.status == SNF_OK && c.wait_status != SNF_OK) {
            result.status = c.wait_status;  // the version stays: the master has the write
            result.error = c.wait_error;
        }
    }

    ClusterNodes& nodes_;
    const Request* requests_;
    Result* results_;
    const size_t count_;
    const bool wait_;
    std::vector<ClusterCommand> commands_;
    std::vector<Job> jobs_;
    std::vector<uint64_t> checked_;  // tables asked about in the round being built
    std::unordered_map<uint64_t, Liveness> liveness_;
    std::unordered_map<uint64_t, std::vector<size_t>> waiting_reads_;
};

}  // namespace

int32_t execute_cluster_batch(ClusterNodes& nodes, const Request* requests, Result* results,
                              size_t count, std::string& error) {
    if (count == 0) return SNF_OK;
    if (int32_t st = nodes.prepare(error)) return st;
    ClusterBatch(nodes, requests, results, count).run();
    return SNF_OK;
}

}  // namespace snf::redis
