// PullTee: pull-through with push copies.
#include "pull_tee.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int PullTee::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t n = uint32_t(noutputs());
    if (Args(conf, this, errh).read_p("N", n).complete() < 0)
        return -EINVAL;
    if (int64_t(n) != noutputs())
        return errh->error(std::to_string(n) + " outputs requested, but " + std::to_string(noutputs()) +
                           " connected");
    return 0;
}

Packet* PullTee::pull(int) {
    Packet* p = input(0).pull();
    if (p)
        for (int i = 1; i < noutputs(); ++i)
            if (Packet* c = p->clone())
                output(i).push(c);
    return p;
}

SNF_EXPORT_ELEMENT(PullTee)

}  // namespace snf::click
