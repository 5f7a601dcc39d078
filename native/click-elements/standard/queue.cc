// Queue: registers Click's Queue class.
#include "queue.hh"

#include "snf/click/element_registry.hh"

namespace snf::click {

SNF_EXPORT_ELEMENT(Queue)

}  // namespace snf::click
