// The part of RAMCloud's C binding (src/CRamCloud.h in RAMCloud's repository) that the
// RAMCloud backend calls, declared here from its documented signatures so that no RAMCloud
// header or library is needed to build. The functions are resolved at run time with dlsym.
#pragma once

#include <cstdint>

namespace snf::ramcloud {

struct rc_client;  // opaque: RAMCloud's client object

// RAMCloud's RejectRules: the same fields and meaning as snf_reject_rules (natural
// alignment, 16 bytes).
struct RejectRules {
    uint64_t givenVersion;
    uint8_t doesntExist;
    uint8_t exists;
    uint8_t versionLeGiven;
    uint8_t versionNeGiven;
};
static_assert(sizeof(RejectRules) == 16, "RAMCloud's RejectRules is 16 bytes");

// RAMCloud's Status values that this backend tells apart (the rest map to errors by number).
enum Status : int {
    STATUS_OK = 0,
    STATUS_UNKNOWN_TABLE = 1,
    STATUS_TABLE_DOESNT_EXIST = 2,
    STATUS_OBJECT_DOESNT_EXIST = 3,
    STATUS_OBJECT_EXISTS = 4,
    STATUS_WRONG_VERSION = 5,
    STATUS_MESSAGE_TOO_SHORT = 7,
    STATUS_UNIMPLEMENTED_REQUEST = 8,
    STATUS_REQUEST_FORMAT_ERROR = 9,
    STATUS_RESPONSE_FORMAT_ERROR = 10,
    STATUS_COULDNT_CONNECT = 11,
    STATUS_RETRY = 17,
    STATUS_SERVICE_NOT_AVAILABLE = 18,
    STATUS_TIMEOUT = 19,
    STATUS_SERVER_DOESNT_EXIST = 20,
    STATUS_INTERNAL_ERROR = 21,
    STATUS_REQUEST_TOO_LARGE = 24,
    STATUS_INVALID_PARAMETER = 27,
};

enum MultiOp : int { MULTI_OP_READ = 0, MULTI_OP_WRITE = 1, MULTI_OP_REMOVE = 2 };

using ConnectFn = Status (*)(const char* locator, const char* cluster_name, rc_client** client);
using DisconnectFn = void (*)(rc_client* client);
using CreateTableFn = Status (*)(rc_client* client, const char* name, uint32_t server_span);
using DropTableFn = Status (*)(rc_client* client, const char* name);
using GetTableIdFn = Status (*)(rc_client* client, const char* name, uint64_t* table_id);
using ReadFn = Status (*)(rc_client* client, uint64_t table_id, const void* key,
                          uint16_t key_length, const RejectRules* rules, uint64_t* version,
                          void* buffer, uint32_t max_length, uint32_t* actual_length);
using WriteFn = Status (*)(rc_client* client, uint64_t table_id, const void* key,
                           uint16_t key_length, const void* buffer, uint32_t length,
                           const RejectRules* rules, uint64_t* version);
using RemoveFn = Status (*)(rc_client* client, uint64_t table_id, const void* key,
                            uint16_t key_length, const RejectRules* rules, uint64_t* version);
using MultiReadCreateFn = void (*)(uint64_t table_id, const void* key, uint16_t key_length,
                                   void* buffer, uint32_t max_length, uint32_t* actual_length,
                                   void* where);
using MultiWriteCreateFn = void (*)(uint64_t table_id, const void* key, uint16_t key_length,
                                    const void* buffer, uint32_t length,
                                    const RejectRules* rules, void* where);
using MultiOpSizeOfFn = uint16_t (*)(MultiOp type);
using MultiOpStatusFn = Status (*)(const void* object, MultiOp type);
using MultiOpVersionFn = uint64_t (*)(const void* object, MultiOp type);
using MultiOpDestroyFn = void (*)(void* object, MultiOp type);
using MultiExecuteFn = void (*)(rc_client* client, void** requests, uint32_t count);

}  // namespace snf::ramcloud
