// RamCloudLibrary: libramcloud.so loaded with dlopen at open time, and the functions of
// its C binding resolved by name. One instance per library path, shared by every client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ramcloud_c_binding.hh"

namespace snf::ramcloud {

struct RamCloudLibrary {
    void* handle = nullptr;
    std::string path;

    ConnectFn connect = nullptr;
    DisconnectFn disconnect = nullptr;
    CreateTableFn create_table = nullptr;
    DropTableFn drop_table = nullptr;
    GetTableIdFn get_table_id = nullptr;
    ReadFn read = nullptr;
    WriteFn write = nullptr;
    RemoveFn remove = nullptr;
    MultiReadCreateFn multi_read_create = nullptr;
    MultiWriteCreateFn multi_write_create = nullptr;
    MultiOpSizeOfFn multi_op_size_of = nullptr;
    MultiOpStatusFn multi_op_status = nullptr;
    MultiOpVersionFn multi_op_version = nullptr;
    MultiOpDestroyFn multi_op_destroy = nullptr;
    MultiExecuteFn multi_read = nullptr;
    MultiExecuteFn multi_write = nullptr;

    ~RamCloudLibrary();
};

// The library at `path` (empty: $SNF_RAMCLOUD_LIB, else "libramcloud.so" on the loader's
// search path). SNF_ERR_NOT_SUPPORTED with a message naming the library, the variable and
// the missing symbol when it cannot be loaded. Thread-safe; loaded once per path.
int32_t load_ramcloud_library(const std::string& path, std::shared_ptr<RamCloudLibrary>& out,
                              std::string& error);

}  // namespace snf::ramcloud
