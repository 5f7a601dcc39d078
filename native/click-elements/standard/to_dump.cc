// ToDump: appends one pcap record per packet through a large stdio buffer; the file is
// flushed and closed when the router cleans up.
#include "to_dump.hh"

#include <cctype>
#include <cerrno>
#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

namespace {
constexpr uint32_t pcap_magic = 0xa1b2c3d4;
constexpr uint32_t link_ethernet = 1;
constexpr uint32_t link_raw_ip = 101;
constexpr std::size_t stream_buffer = 1 << 20;

void put32(unsigned char* at, uint32_t v) { std::memcpy(at, &v, 4); }
void put16(unsigned char* at, uint16_t v) { std::memcpy(at, &v, 2); }
}  // namespace

ToDump::~ToDump() { close_file(); }

int ToDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename, encap = "ETHER";
    uint32_t snaplen = 2000;
    if (Args(conf, this, errh)
            .read_mp("FILENAME", filename)
            .read_p("SNAPLEN", snaplen)
            .read_p("ENCAP", WordArg(), encap)
            .complete() < 0)
        return -EINVAL;
    for (char& c : encap)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    if (encap == "ETHER")
        link_type_ = link_ethernet;
    else if (encap == "IP")
        link_type_ = link_raw_ip;
    else
        return errh->error("ENCAP: expected ETHER or IP");
    filename_ = filename;
    snaplen_ = snaplen;
    return 0;
}

int ToDump::initialize(ErrorHandler* errh) {
    file_ = filename_ == "-" ? stdout : std::fopen(filename_.c_str(), "wb");
    if (!file_)
        return errh->error(filename_ + ": " + std::strerror(errno));
    if (file_ != stdout) {
        write_buffer_.resize(stream_buffer);
        std::setvbuf(file_, write_buffer_.data(), _IOFBF, write_buffer_.size());
    }
    // Global header in host byte order; readers detect the order from the magic.
    unsigned char header[24];
    put32(header, pcap_magic);
    put16(header + 4, 2);
    put16(header + 6, 4);
    put32(header + 8, 0);
    put32(header + 12, 0);
    put32(header + 16, snaplen_ ? snaplen_ : 65535);
    put32(header + 20, link_type_);
    if (std::fwrite(header, 1, sizeof header, file_) != sizeof header)
        return errh->error(filename_ + ": write failed");
    return 0;
}

void ToDump::close_file() {
    if (file_ == stdout)
        std::fflush(file_);
    else if (file_)
        std::fclose(file_);
    file_ = nullptr;
}

void ToDump::cleanup(CleanupStage) { close_file(); }

void ToDump::push(int, Packet* p) {
    if (file_) {
        Timestamp ts = p->timestamp_anno();
        if (ts.zero())
            ts = Timestamp::now();
        uint32_t length = p->length();
        uint32_t caplen = (snaplen_ && length > snaplen_) ? snaplen_ : length;
        unsigned char record[16];
        put32(record, uint32_t(ts.sec()));
        put32(record + 4, ts.subsec_usec());
        put32(record + 8, caplen);
        put32(record + 12, length);
        std::fwrite(record, 1, sizeof record, file_);
        std::fwrite(p->data(), 1, caplen, file_);
        ++count_;
    }
    checked_output_push(0, p);
}

void ToDump::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
}

SNF_EXPORT_ELEMENT(ToDump)

}  // namespace snf::click
