// Tables of status names and messages. Indexed by code, so a lookup is one bounds check.
#include "status.hh"

#include <array>

namespace snf {
namespace {

struct StatusText {
    const char* name;
    const char* message;
};

constexpr std::array<StatusText, SNF_STATUS_COUNT> kStatusTexts = {{
    {"SNF_OK", "success"},
    {"SNF_ERR_TABLE_DOESNT_EXIST", "no table with that name or id"},
    {"SNF_ERR_OBJECT_DOESNT_EXIST", "no object with that key (or it expired)"},
    {"SNF_ERR_OBJECT_EXISTS", "rejected: the object exists"},
    {"SNF_ERR_WRONG_VERSION", "rejected: the object's version failed the rule"},
    {"SNF_ERR_INVALID_ARGUMENT", "invalid argument"},
    {"SNF_ERR_KEY_TOO_LARGE", "key is empty or longer than SNF_MAX_KEY_LENGTH"},
    {"SNF_ERR_VALUE_TOO_LARGE", "value is longer than SNF_MAX_VALUE_LENGTH"},
    {"SNF_ERR_BUFFER_TOO_SMALL", "the value did not fit in the buffer"},
    {"SNF_ERR_BAD_URI", "the store URI could not be parsed"},
    {"SNF_ERR_CONNECTION", "the store could not be reached"},
    {"SNF_ERR_TIMEOUT", "no reply in time"},
    {"SNF_ERR_PROTOCOL", "the store sent a reply this client does not accept"},
    {"SNF_ERR_REPLICATION", "fewer replicas than requested acknowledged the write"},
    {"SNF_ERR_AUTH", "the store refused the credentials"},
    {"SNF_ERR_PENDING", "the operation has not completed yet"},
    {"SNF_ERR_NOT_SUPPORTED", "the backend cannot do this"},
    {"SNF_ERR_CLOSED", "the client is shutting down"},
    {"SNF_ERR_NO_MEMORY", "out of memory"},
    {"SNF_ERR_INTERNAL", "internal error"},
}};

bool known(int32_t status) noexcept { return status >= 0 && status < SNF_STATUS_COUNT; }

}  // namespace

const char* status_name(int32_t status) noexcept {
    return known(status) ? kStatusTexts[status].name : "SNF_ERR_UNKNOWN";
}

const char* status_message(int32_t status) noexcept {
    return known(status) ? kStatusTexts[status].message : "unknown status";
}

}  // namespace snf
