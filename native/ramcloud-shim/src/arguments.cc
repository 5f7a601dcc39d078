// Argument checks with messages that name the limit that was broken.
#include "arguments.hh"

#include <cstring>

#include "status.hh"

namespace snf {

int32_t check_key(const void* key, uint32_t key_length, std::string& error) {
    if (key_length == 0) return fail(error, SNF_ERR_KEY_TOO_LARGE, "key is empty (keys are 1.." +
                                                                  std::to_string(SNF_MAX_KEY_LENGTH) +
                                                                  " bytes)");
    if (key_length > SNF_MAX_KEY_LENGTH)
        return fail(error, SNF_ERR_KEY_TOO_LARGE,
                    "key is " + std::to_string(key_length) + " bytes, the limit is " +
                        std::to_string(SNF_MAX_KEY_LENGTH));
    if (key == nullptr)
        return fail(error, SNF_ERR_INVALID_ARGUMENT,
                    "key is NULL but key_length is " + std::to_string(key_length));
    return SNF_OK;
}

int32_t check_value(const void* value, uint32_t value_length, std::string& error) {
    if (value_length > SNF_MAX_VALUE_LENGTH)
        return fail(error, SNF_ERR_VALUE_TOO_LARGE,
                    "value is " + std::to_string(value_length) + " bytes, the limit is " +
                        std::to_string(SNF_MAX_VALUE_LENGTH));
    if (value == nullptr && value_length != 0)
        return fail(error, SNF_ERR_INVALID_ARGUMENT,
                    "value is NULL but value_length is " + std::to_string(value_length));
    return SNF_OK;
}

int32_t check_reject_rules(const snf_reject_rules* rules, std::string& error) {
    if (rules == nullptr) return SNF_OK;
    for (uint8_t byte : rules->reserved) {
        if (byte != 0)
            return fail(error, SNF_ERR_INVALID_ARGUMENT,
                        "snf_reject_rules.reserved must be zero");
    }
    return SNF_OK;
}

int32_t check_buffer(const void* buffer, uint32_t capacity, std::string& error) {
    if (buffer == nullptr && capacity != 0)
        return fail(error, SNF_ERR_INVALID_ARGUMENT,
                    "buffer is NULL but capacity is " + std::to_string(capacity));
    return SNF_OK;
}

int32_t check_table_name(std::string_view name, std::string& error) {
    if (name.empty()) return fail(error, SNF_ERR_INVALID_ARGUMENT, "table name is empty");
    if (name.size() > SNF_MAX_TABLE_NAME_LENGTH)
        return fail(error, SNF_ERR_INVALID_ARGUMENT,
                    "table name is " + std::to_string(name.size()) + " bytes, the limit is " +
                        std::to_string(SNF_MAX_TABLE_NAME_LENGTH));
    if (name.find('\0') != std::string_view::npos)
        return fail(error, SNF_ERR_INVALID_ARGUMENT, "table name contains a NUL byte");
    return SNF_OK;
}

int32_t check_table_name(const char* name, std::string_view& out, std::string& error) {
    if (name == nullptr) return fail(error, SNF_ERR_INVALID_ARGUMENT, "table name is NULL");
    // Look one byte past the limit, so an overlong name is caught without scanning it all.
    const size_t length = strnlen(name, SNF_MAX_TABLE_NAME_LENGTH + 1);
    std::string_view view(name, length);
    if (int32_t status = check_table_name(view, error)) return status;
    out = view;
    return SNF_OK;
}

}  // namespace snf
