// Lua sources of the Redis backend's server-side operations (see redis_scripts.hh).
//
// Lua numbers are doubles, so 64-bit versions are handled as two 32-bit halves parsed
// from their hex digits; comparisons stay exact for every version a client can name.
// New versions are max(old + 1, server time in microseconds): a key removed and created
// again gets a version above every version it had before.
#include "redis_scripts.hh"

namespace snf::redis {
namespace {

constexpr std::string_view kCreateTable = R"lua(
local id = redis.call('HGET', KEYS[1], ARGV[1])
if id then return tonumber(id) end
id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('SADD', KEYS[2], id)
return id
)lua";

constexpr std::string_view kDropTable = R"lua(
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], id)
redis.call('SADD', KEYS[3], id)
return id
)lua";

// The start of both object scripts: the table must be live (checked when the table ids
// are passed as KEYS[1]; a cluster client, whose table ids live in another slot, passes
// the object alone and checks the table itself), the object's version prefix (if it
// exists) must be ours, and the reject rules are evaluated exactly like check_rules() in
// backend.hh. Straight-line code: defining Lua functions would cost time on every call.
// ARGV[1] table id, ARGV[2] rules, ARGV[3] given version.
constexpr std::string_view kObjectPrologue = R"lua(
local key = KEYS[#KEYS]
if #KEYS == 2 and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return {1, ''} end
local hex = redis.call('GETRANGE', key, 0, 15)
if hex == '' then
  if redis.call('EXISTS', key) == 1 then return {12, ''} end
  hex = false
elseif #hex ~= 16 or string.find(hex, '[^0-9a-f]') or hex == '0000000000000000' then
  return {12, ''}
end
local rules = ARGV[2]
if rules ~= '0000' then
  if not hex then
    if string.byte(rules, 1) == 49 then return {2, ''} end
  else
    if string.byte(rules, 2) == 49 then return {3, hex} end
    local hi, lo = tonumber(string.sub(hex, 1, 8), 16), tonumber(string.sub(hex, 9, 16), 16)
    local ghi, glo = tonumber(string.sub(ARGV[3], 1, 8), 16), tonumber(string.sub(ARGV[3], 9, 16), 16)
    if string.byte(rules, 3) == 49 and (hi < ghi or (hi == ghi and lo <= glo)) then return {4, hex} end
    if string.byte(rules, 4) == 49 and (hi ~= ghi or lo ~= glo) then return {4, hex} end
  end
end
)lua";

// ARGV[4] data, ARGV[5] ttl in ms ('0': none).
constexpr std::string_view kWriteBody = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local version
if not hex then
  version = string.format('%016x', now)
elseif string.sub(hex, 1, 3) == '000' then
  -- Below 2^52 the version is exact as a Lua number.
  local after = tonumber(hex, 16) + 1
  if after > now then now = after end
  version = string.format('%016x', now)
else
  local hi, lo = tonumber(string.sub(hex, 1, 8), 16), tonumber(string.sub(hex, 9, 16), 16) + 1
  if lo == 4294967296 then hi, lo = hi + 1, 0 end
  if hi == 4294967296 then return {12, hex} end
  local nhi, nlo = math.floor(now / 4294967296), now % 4294967296
  if nhi > hi or (nhi == hi and nlo > lo) then hi, lo = nhi, nlo end
  version = string.format('%08x%08x', hi, lo)
end
if ARGV[5] == '0' then
  redis.call('SET', key, version .. ARGV[4])
else
  redis.call('SET', key, version .. ARGV[4], 'PX', ARGV[5])
end
return {0, version}
)lua";

constexpr std::string_view kRemoveBody = R"lua(
if not hex then return {0, ''} end
redis.call('DEL', key)
return {0, hex}
)lua";

// The object scripts are assembled once, on first use (thread-safe static initialization).
std::string_view write_source() {
    static const std::string source = std::string(kObjectPrologue) + std::string(kWriteBody);
    return source;
}

std::string_view remove_source() {
    static const std::string source = std::string(kObjectPrologue) + std::string(kRemoveBody);
    return source;
}

}  // namespace

std::string_view script_source(ScriptId id) {
    switch (id) {
    case ScriptId::CreateTable: return kCreateTable;
    case ScriptId::DropTable: return kDropTable;
    case ScriptId::Write: return write_source();
    case ScriptId::Remove: return remove_source();
    }
    return {};
}

const char* script_name(ScriptId id) noexcept {
    switch (id) {
    case ScriptId::CreateTable: return "create-table";
    case ScriptId::DropTable: return "drop-table";
    case ScriptId::Write: return "write";
    case ScriptId::Remove: return "remove";
    }
    return "unknown";
}

}  // namespace snf::redis
