// The Lua scripts that make table and object changes atomic on the Redis server. Each
// connection loads them (SCRIPT LOAD) right after connecting and runs them by SHA1
// (EVALSHA); a server that lost its script cache is sent the body again (EVAL).
//
// Object scripts return {status, version_hex}: status is an snf_status value (0, or
// 1 table gone, 2 object absent, 3 object exists, 4 wrong version, 12 stored value not in
// this client's format) and version_hex the written, removed or current version
// ("" when there is none).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace snf::redis {

enum class ScriptId : size_t {
    // KEYS: tables, tableids, table_seq. ARGV: name. Returns the table's id (integer),
    // creating the table if absent.
    CreateTable,
    // KEYS: tables, tableids, dropping. ARGV: name. Returns the dropped id (string) or
    // nil; the id moves to `dropping` until its objects are deleted.
    DropTable,
    // KEYS: tableids, object (or the object alone: then the table is not checked).
    // ARGV: table id, rules, given version, data, ttl ms ("0": none). Returns {status,
    // version}.
    Write,
    // KEYS: tableids, object (or the object alone, as for Write). ARGV: table id, rules,
    // given version. Returns {status, removed version}.
    Remove,
};
inline constexpr size_t kScriptCount = 4;

// The script's Lua source.
std::string_view script_source(ScriptId id);

// Short name for messages ("write", ...).
const char* script_name(ScriptId id) noexcept;

// SHA1 digests as the server reported them on SCRIPT LOAD, indexed by ScriptId.
using ScriptShas = std::array<std::string, kScriptCount>;

// Reject rules as the object scripts take them: four '0'/'1' flags in the order
// doesnt_exist, exists, version_le_given, version_ne_given.
inline constexpr size_t kRuleFlagCount = 4;

}  // namespace snf::redis
