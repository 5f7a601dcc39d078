// ProgramCache: the process-wide set of compiled classification programs. Elements with
// the same rules compile to the same program; interning it makes them share one copy
// (and its cache lines) instead of holding equal copies. Entries live as long as an
// element uses them.
#pragma once

#include <cstddef>
#include <memory>

#include "classification/decision_program.hh"

namespace snf::click::classification {

class ProgramCache {
public:
    // The shared program equal to `program` (this one if none is live yet).
    static std::shared_ptr<const DecisionProgram> intern(DecisionProgram program);
    // Programs in use now.
    static std::size_t live_programs();
};

}  // namespace snf::click::classification
