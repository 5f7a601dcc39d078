// The mode words and the process-wide stateless path factory.
#include "rewriter/stateless_path.hh"

namespace snf::click::rewriter {

namespace {
StatelessPathFactory& factory_slot() {
    static StatelessPathFactory factory = nullptr;
    return factory;
}
}  // namespace

bool parse_mode_word(const std::string& word, StateMode& mode) {
    if (word == "native")
        mode = StateMode::native;
    else if (word == "sync")
        mode = StateMode::sync;
    else if (word == "async")
        mode = StateMode::async;
    else if (word == "cache")
        mode = StateMode::cache;
    else
        return false;
    return true;
}

const char* mode_word(StateMode mode) {
    switch (mode) {
    case StateMode::native:
        return "native";
    case StateMode::sync:
        return "sync";
    case StateMode::async:
        return "async";
    case StateMode::cache:
        return "cache";
    }
    return "native";
}

bool register_stateless_path_factory(StatelessPathFactory factory) {
    factory_slot() = factory;
    return true;
}

StatelessPathFactory stateless_path_factory() { return factory_slot(); }

}  // namespace snf::click::rewriter
