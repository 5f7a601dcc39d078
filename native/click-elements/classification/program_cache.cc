// ProgramCache: programs keyed by their canonical text (offset space and Click listing).
#include "classification/program_cache.hh"

#include <map>
#include <mutex>
#include <string>

namespace snf::click::classification {

namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, std::weak_ptr<const DecisionProgram>> programs;
};

Registry& registry() {
    static Registry* r = new Registry;  // never destroyed: elements may outlive static teardown
    return *r;
}

std::string key_of(const DecisionProgram& program) {
    return (program.space() == OffsetSpace::ip ? "ip\n" : "flat\n") + program.unparse();
}

}  // namespace

std::shared_ptr<const DecisionProgram> ProgramCache::intern(DecisionProgram program) {
    Registry& r = registry();
    std::string key = key_of(program);
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.programs.find(key);
    if (it != r.programs.end())
        if (std::shared_ptr<const DecisionProgram> live = it->second.lock())
            return live;
    // Drop entries whose programs are gone before adding.
    for (auto e = r.programs.begin(); e != r.programs.end();)
        e = e->second.expired() ? r.programs.erase(e) : std::next(e);
    auto shared = std::make_shared<const DecisionProgram>(std::move(program));
    r.programs[std::move(key)] = shared;
    return shared;
}

std::size_t ProgramCache::live_programs() {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    std::size_t n = 0;
    for (const auto& e : r.programs)
        n += e.second.expired() ? 0 : 1;
    return n;
}

}  // namespace snf::click::classification
