// Tee: clone to all outputs but the last, original to the last.
#include "tee.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int Tee::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t n = uint32_t(noutputs());
    if (Args(conf, this, errh).read_p("N", n).complete() < 0)
        return -EINVAL;
    if (int64_t(n) != noutputs())
        return errh->error(std::to_string(n) + " outputs requested, but " + std::to_string(noutputs()) +
                           " connected");
    return 0;
}

void Tee::push(int, Packet* p) {
    const int n = noutputs();
    for (int i = 0; i < n - 1; ++i)
        if (Packet* c = p->clone())
            output(i).push(c);
    output(n - 1).push(p);
}

SNF_EXPORT_ELEMENT(Tee)

}  // namespace snf::click
