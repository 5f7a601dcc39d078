// Slot routing, redirections and retries of the redis-cluster backend (see
// redis_cluster_router.hh).
#include "redis_cluster_router.hh"

#include <algorithm>
#include <chrono>
#include <thread>

#include "redis_request_codec.hh"
#include "snf/snf_client.h"

namespace snf::redis {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint32_t kMaxRedirects = 16;
constexpr milliseconds kFirstBackoff{10};
constexpr milliseconds kMaxBackoff{200};

// One node's share of a round.
struct NodeBatch {
    NodeAddress node;
    std::vector<size_t> commands;
    bool has_wait = false;
    bool sent = false;
    RedisConnection* connection = nullptr;
    size_t reply_count = 0;
};

class Round {
public:
    Round(ClusterNodes& nodes, std::vector<ClusterCommand>& commands)
        : nodes_(nodes), commands_(commands), options_(nodes.options()),
          deadline_(Clock::now() + milliseconds(options_.command_timeout_ms)) {}

    void run() {
        std::vector<size_t> pending(commands_.size());
        for (size_t i = 0; i < pending.size(); ++i) pending[i] = i;
        milliseconds backoff = kFirstBackoff;
        while (!pending.empty()) {
            next_.clear();
            reload_ = false;
            back_off_ = false;
            std::vector<NodeBatch> batches = group(pending);
            for (NodeBatch& b : batches) send(b);
            for (NodeBatch& b : batches)
                if (b.sent) receive(b);
            if (next_.empty()) break;
            if (reload_) {
                std::string ignored;  // the commands report their own failures
                nodes_.refresh(ignored);
            }
            if (back_off_) {
                const Clock::duration left =
                    std::max<Clock::duration>(deadline_ - Clock::now(), Clock::duration::zero());
                std::this_thread::sleep_for(std::min<Clock::duration>(backoff, left));
                backoff = std::min(backoff * 2, kMaxBackoff);
            }
            pending.swap(next_);
        }
    }

private:
    // One batch per target node. Slots are looked up under one lock of the map, and a
    // master's batch is found by its index in the map, so routing a command costs no lock
    // and no address comparison.
    std::vector<NodeBatch> group(const std::vector<size_t>& pending) {
        std::vector<NodeBatch> batches;
        auto batch_for = [&](const NodeAddress& target) -> size_t {
            auto it = std::find_if(batches.begin(), batches.end(),
                                   [&](const NodeBatch& b) { return b.node == target; });
            if (it != batches.end()) return static_cast<size_t>(it - batches.begin());
            batches.push_back(NodeBatch{target, {}, false, false, nullptr, 0});
            return batches.size() - 1;
        };
        unrouted_.clear();
        nodes_.topology().read_map([&](const SlotMap& map) {
            batch_of_master_.assign(map.masters.size(), kNoBatch);
            for (size_t i : pending) {
                const ClusterCommand& c = commands_[i];
                if (c.node || c.ask) {
                    batches[batch_for(c.node ? *c.node : *c.ask)].commands.push_back(i);
                    continue;
                }
                const int16_t owner = map.owner[c.slot];
                if (owner == SlotMap::kNoOwner) {
                    unrouted_.push_back(i);
                    continue;
                }
                size_t& batch = batch_of_master_[static_cast<size_t>(owner)];
                if (batch == kNoBatch) batch = batch_for(map.masters[static_cast<size_t>(owner)]);
                batches[batch].commands.push_back(i);
            }
        });
        for (size_t i : unrouted_)
            retry_later(i, SNF_ERR_CONNECTION,
                        "redis cluster: no master serves slot " + std::to_string(commands_[i].slot));
        return batches;
    }

    void send(NodeBatch& b) {
        RedisConnection& connection = nodes_.connection(b.node);
        b.connection = &connection;
        std::string error;
        if (int32_t st = connection.ensure(error)) {
            // Nothing was sent, so even writes may go again once the map is reloaded.
            for (size_t i : b.commands) {
                if (st == SNF_ERR_CONNECTION)
                    retry_later(i, st, error);
                else
                    finish(i, st, error);
            }
            return;
        }
        nodes_.learn_scripts(connection);
        buffer_.clear();
        for (size_t i : b.commands) {
            const ClusterCommand& c = commands_[i];
            if (c.ask && !c.node) {
                RespWriter(buffer_).command({"ASKING"});
                ++b.reply_count;
            }
            buffer_.append(c.encoded);
            ++b.reply_count;
            b.has_wait = b.has_wait || c.wait_for_replicas;
        }
        if (b.has_wait) {
            RespWriter w(buffer_);
            encode_wait(w, options_);
            ++b.reply_count;
        }
        if (int32_t st = connection.send(buffer_, b.has_wait ? options_.wait_timeout_ms : 0, error)) {
            for (size_t i : b.commands) lost(i, st, error);
            reload_ = true;
            return;
        }
        b.sent = true;
    }

    void receive(NodeBatch& b) {
        replies_.clear();
        std::string error;
        const int32_t st = b.connection->receive(b.reply_count, replies_, error);
        if (st) reload_ = true;
        size_t next = 0;
        std::vector<size_t> took;  // commands this node ran, for the WAIT verdict
        for (size_t i : b.commands) {
            ClusterCommand& c = commands_[i];
            const bool asking = c.ask && !c.node;
            const size_t needed = next + (asking ? 2 : 1);
            if (needed > replies_.size()) {
                lost(i, st, error);
                continue;
            }
            if (asking) ++next;  // ASKING's +OK
            ReplyPtr reply = std::move(replies_[next++]);
            c.ask.reset();
            Redirect redirect;
            if (!c.node && parse_redirect(reply.get(), redirect)) {
                if (++c.redirects > kMaxRedirects) {
                    finish(i, SNF_ERR_CONNECTION,
                           "redis cluster: more than " + std::to_string(kMaxRedirects) +
                               " redirections for slot " + std::to_string(c.slot) +
                               " (last: " + std::string(reply_text(reply.get())) + ")");
                    continue;
                }
                if (redirect.kind == Redirect::Kind::Moved) {
                    nodes_.topology().moved(redirect.slot, redirect.target);
                    reload_ = true;
                } else {
                    c.ask = redirect.target;
                }
                next_.push_back(i);
                continue;
            }
            if (is_retry_later(reply.get())) {
                std::string why;
                status_of_error_reply(reply.get(), why);
                retry_later(i, SNF_ERR_CONNECTION, why);
                continue;
            }
            c.reply = std::move(reply);
            c.status = SNF_OK;
            c.error.clear();
            if (c.wait_for_replicas) took.push_back(i);
        }
        if (b.has_wait) {
            if (next < replies_.size()) {
                std::string why;
                const int32_t verdict = decode_wait(replies_[next].get(), options_, why);
                for (size_t i : took) {
                    commands_[i].wait_status = verdict;
                    commands_[i].wait_error = verdict == SNF_OK ? std::string() : why;
                }
            } else {
                // The writes ran, but whether their replicas have them is unknown.
                for (size_t i : took) {
                    commands_[i].wait_status = st ? st : SNF_ERR_PROTOCOL;
                    commands_[i].wait_error = error + "; the replicas may or may not have the write";
                }
            }
        }
    }

    // A command that did not run (or was told to come back): again in the next round,
    // unless time is up.
    void retry_later(size_t i, int32_t status, const std::string& error) {
        reload_ = true;
        back_off_ = true;
        if (Clock::now() >= deadline_) {
            finish(i, status, error + " (gave up after " +
                                  std::to_string(options_.command_timeout_ms) + " ms)");
            return;
        }
        commands_[i].status = status;
        commands_[i].error = error;
        next_.push_back(i);
    }

    // A command sent on a connection that failed before its reply came.
    void lost(size_t i, int32_t status, const std::string& error) {
        ClusterCommand& c = commands_[i];
        if (!c.is_write && status == SNF_ERR_CONNECTION && c.resends < options_.read_retries) {
            ++c.resends;
            next_.push_back(i);
            return;
        }
        finish(i, status, c.is_write ? error + "; the write may or may not have been applied"
                                     : error);
    }

    void finish(size_t i, int32_t status, std::string error) {
        ClusterCommand& c = commands_[i];
        c.reply.reset();
        c.status = status;
        c.error = std::move(error);
    }

    ClusterNodes& nodes_;
    std::vector<ClusterCommand>& commands_;
    const RedisOptions& options_;
    const Clock::time_point deadline_;
    std::vector<size_t> next_;
    bool reload_ = false;
    bool back_off_ = false;
    std::string buffer_;
    std::vector<ReplyPtr> replies_;
    static constexpr size_t kNoBatch = static_cast<size_t>(-1);
    std::vector<size_t> batch_of_master_;  // group(): a master's batch, by its index in the map
    std::vector<size_t> unrouted_;         // group(): commands whose slot has no master
};

}  // namespace

void run_cluster_commands(ClusterNodes& nodes, std::vector<ClusterCommand>& commands) {
    if (commands.empty()) return;
    Round(nodes, commands).run();
}

}  // namespace snf::redis
