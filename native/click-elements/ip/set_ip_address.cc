// SetIPAddress: configuration; the packet work is one annotation write.
#include "set_ip_address.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int SetIPAddress::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh)
        .read_mp("IPADDR", IPAddressArg(), address_)
        .read_p("ANNO", BoundedIntArg{0, int64_t(Packet::anno_size) - 4}, anno_)
        .complete();
}

SNF_EXPORT_ELEMENT(SetIPAddress)

}  // namespace snf::click
