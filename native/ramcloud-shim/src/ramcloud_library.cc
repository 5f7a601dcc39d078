#include "ramcloud_library.hh"

#include <dlfcn.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "snf/snf_client.h"
#include "status.hh"

namespace snf::ramcloud {

RamCloudLibrary::~RamCloudLibrary() {
    if (handle) dlclose(handle);
}

namespace {

// Resolves `name` into `slot`; false (with the error filled in) if it is missing.
template <typename Fn>
bool resolve(RamCloudLibrary& lib, const char* name, Fn& slot, std::string& error) {
    slot = reinterpret_cast<Fn>(dlsym(lib.handle, name));
    if (slot) return true;
    error = "RAMCloud library '" + lib.path + "' has no symbol " + name +
            " (is it libramcloud.so from RAMCloud with its C binding?)";
    return false;
}

}  // namespace

int32_t load_ramcloud_library(const std::string& path, std::shared_ptr<RamCloudLibrary>& out,
                              std::string& error) {
    std::string chosen = path;
    if (chosen.empty()) {
        const char* env = std::getenv("SNF_RAMCLOUD_LIB");
        chosen = env && *env ? env : "libramcloud.so";
    }

    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<RamCloudLibrary>> loaded;
    std::lock_guard lock(mutex);
    if (auto existing = loaded[chosen].lock()) {
        out = std::move(existing);
        return SNF_OK;
    }

    auto lib = std::make_shared<RamCloudLibrary>();
    lib->path = chosen;
    lib->handle = dlopen(chosen.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib->handle) {
        const char* why = dlerror();
        return fail(error, SNF_ERR_NOT_SUPPORTED,
                    "the RAMCloud backend needs RAMCloud's client library, which could not be "
                    "loaded: dlopen(\"" + chosen + "\") failed: " + (why ? why : "unknown error") +
                    ". Build RAMCloud and set SNF_RAMCLOUD_LIB (or the URI option lib=) to the "
                    "path of libramcloud.so");
    }
    bool ok = resolve(*lib, "rc_connect", lib->connect, error) &&
              resolve(*lib, "rc_disconnect", lib->disconnect, error) &&
              resolve(*lib, "rc_createTable", lib->create_table, error) &&
              resolve(*lib, "rc_dropTable", lib->drop_table, error) &&
              resolve(*lib, "rc_getTableId", lib->get_table_id, error) &&
              resolve(*lib, "rc_read", lib->read, error) &&
              resolve(*lib, "rc_write", lib->write, error) &&
              resolve(*lib, "rc_remove", lib->remove, error) &&
              resolve(*lib, "rc_multiReadCreate", lib->multi_read_create, error) &&
              resolve(*lib, "rc_multiWriteCreate", lib->multi_write_create, error) &&
              resolve(*lib, "rc_multiOpSizeOf", lib->multi_op_size_of, error) &&
              resolve(*lib, "rc_multiOpStatus", lib->multi_op_status, error) &&
              resolve(*lib, "rc_multiOpVersion", lib->multi_op_version, error) &&
              resolve(*lib, "rc_multiOpDestroy", lib->multi_op_destroy, error) &&
              resolve(*lib, "rc_multiRead", lib->multi_read, error) &&
              resolve(*lib, "rc_multiWrite", lib->multi_write, error);
    if (!ok) return SNF_ERR_NOT_SUPPORTED;
    loaded[chosen] = lib;
    out = std::move(lib);
    return SNF_OK;
}

}  // namespace snf::ramcloud
