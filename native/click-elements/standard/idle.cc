// Idle: a sink and a source that does nothing.
#include "idle.hh"

#include "snf/click/element_registry.hh"

namespace snf::click {

void Idle::push(int, Packet* p) {
    p->kill();
}

Packet* Idle::pull(int) {
    return nullptr;
}

SNF_EXPORT_ELEMENT(Idle)

}  // namespace snf::click
