// C ABI: library-wide functions (version, status texts, struct sizes for bindings).
#include <cstring>

#include "snf/snf_client.h"
#include "status.hh"

extern "C" {

SNF_API const char* snf_version(void) { return "0.1.0"; }

SNF_API const char* snf_status_name(int32_t status) { return snf::status_name(status); }

SNF_API const char* snf_status_message(int32_t status) { return snf::status_message(status); }

SNF_API size_t snf_struct_size(const char* struct_name) {
    if (struct_name == nullptr) return 0;
    struct Known {
        const char* name;
        size_t size;
    };
    static constexpr Known kKnown[] = {
        {"snf_reject_rules", sizeof(snf_reject_rules)},
        {"snf_multi_read_op", sizeof(snf_multi_read_op)},
        {"snf_multi_write_op", sizeof(snf_multi_write_op)},
        {"snf_client_stats", sizeof(snf_client_stats)},
        {"snf_cache_stats", sizeof(snf_cache_stats)},
    };
    for (const Known& known : kKnown) {
        if (std::strcmp(known.name, struct_name) == 0) return known.size;
    }
    return 0;
}

}  // extern "C"
