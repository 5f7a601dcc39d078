// ToDump: appends one pcap record per packet through a large stdio buffer (flushed
// after each record when UNBUFFERED); the file is flushed and closed when the router
// cleans up.
#include "to_dump.hh"

#include <cerrno>
#include <cstring>

#include "pcap_format.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/notifier.hh"
#include "snf/click/parsed_handler.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {
constexpr std::size_t stream_buffer = 1 << 20;

void put32(unsigned char* at, uint32_t v) { std::memcpy(at, &v, 4); }
void put16(unsigned char* at, uint16_t v) { std::memcpy(at, &v, 2); }
}  // namespace

ToDump::~ToDump() { close_file(); }

int ToDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename, encap = "ETHER", use_encap_from;
    uint32_t snaplen = 2000;
    bool extra_length = true, unbuffered = false, nano = false;
    Args args(conf, this, errh);
    const bool has_encap = args.has_keyword("ENCAP");
    if (args.read_mp("FILENAME", filename)
            .read_p("SNAPLEN", snaplen)
            .read_p("ENCAP", WordArg(), encap)
            .read("USE_ENCAP_FROM", AnyArg(), use_encap_from)
            .read("EXTRA_LENGTH", extra_length)
            .read("UNBUFFERED", unbuffered)
            .read("NANO", nano)
            .complete() < 0)
        return -EINVAL;
    // A positional ENCAP is not a keyword, so look at what was read as well.
    if (!use_encap_from.empty() && (has_encap || encap != "ETHER"))
        return errh->error("ENCAP and USE_ENCAP_FROM are mutually exclusive");
    std::optional<uint32_t> link_type = pcap::link_type_for(encap);
    if (!link_type)
        return errh->error("ENCAP: bad encapsulation type '" + encap + "'");
    filename_ = filename;
    snaplen_ = snaplen;
    link_type_ = *link_type;
    use_encap_from_ = use_encap_from;
    extra_length_ = extra_length;
    unbuffered_ = unbuffered;
    nano_ = nano;
    return 0;
}

int ToDump::link_type_from_elements(ErrorHandler* errh) {
    std::optional<uint32_t> agreed;
    for (const std::string& name : split_words(use_encap_from_)) {
        Element* e = router()->find(name, this);
        if (!e)
            return errh->error("USE_ENCAP_FROM: no element named '" + name + "'");
        StringErrorHandler read_errors;
        std::string encap;
        if (router()->call_read(e->name() + ".encap", "", encap, &read_errors) != Router::HandlerStatus::ok)
            return errh->error("USE_ENCAP_FROM: '" + e->declaration() + "' has no encap handler");
        std::optional<uint32_t> link_type = pcap::link_type_for(uncomment(encap));
        if (!link_type)
            return errh->error("USE_ENCAP_FROM: '" + e->declaration() + "' has unknown encapsulation '" +
                               uncomment(encap) + "'");
        if (agreed && *agreed != *link_type)
            return errh->error("USE_ENCAP_FROM: elements disagree about encapsulation");
        agreed = link_type;
    }
    if (!agreed)
        return errh->error("USE_ENCAP_FROM: no elements");
    link_type_ = *agreed;
    return 0;
}

int ToDump::initialize(ErrorHandler* errh) {
    if (!use_encap_from_.empty() && link_type_from_elements(errh) < 0)
        return -EINVAL;
    file_ = filename_ == "-" ? stdout : std::fopen(filename_.c_str(), "wb");
    if (!file_)
        return errh->error(filename_ + ": " + std::strerror(errno));
    if (file_ != stdout) {
        write_buffer_.resize(stream_buffer);
        std::setvbuf(file_, write_buffer_.data(), _IOFBF, write_buffer_.size());
    }
    // Global header in host byte order; readers detect the order from the magic.
    unsigned char header[pcap::file_header_size];
    put32(header, nano_ ? pcap::magic_nsec : pcap::magic_usec);
    put16(header + 4, pcap::version_major);
    put16(header + 6, pcap::version_minor);
    put32(header + 8, 0);
    put32(header + 12, 0);
    put32(header + 16, snaplen_ ? snaplen_ : 65535);
    put32(header + 20, link_type_);
    if (std::fwrite(header, 1, sizeof header, file_) != sizeof header)
        return errh->error(filename_ + ": write failed");
    if (unbuffered_)
        std::fflush(file_);
    if (input_is_pull(0) && noutputs() == 0) {
        task_.initialize(this, true);
        signal_ = input(0).element()->empty_signal(input(0).port());
        if (signal_)
            signal_->add_listener(&task_);
    }
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

void ToDump::write_packet(const Packet* p) {
    if (!file_)
        return;
    Timestamp ts = p->timestamp_anno();
    if (ts.zero())
        ts = Timestamp::now();
    uint32_t length = p->length();
    uint32_t caplen = (snaplen_ && length > snaplen_) ? snaplen_ : length;
    uint32_t original = length;
    if (extra_length_) {
        uint32_t extra = p->anno_u32(pcap::extra_length_anno_offset);
        original = extra > UINT32_MAX - length ? UINT32_MAX : length + extra;
    }
    uint32_t fraction = nano_ ? uint32_t(ts.nsec() - ts.sec() * 1000000000) : ts.subsec_usec();
    unsigned char record[pcap::record_header_size];
    put32(record, uint32_t(ts.sec()));
    put32(record + 4, fraction);
    put32(record + 8, caplen);
    put32(record + 12, original);
    std::fwrite(record, 1, sizeof record, file_);
    std::fwrite(p->data(), 1, caplen, file_);
    if (unbuffered_)
        std::fflush(file_);
    ++count_;
}

void ToDump::push(int, Packet* p) {
    write_packet(p);
    checked_output_push(0, p);
}

Packet* ToDump::pull(int) {
    Packet* p = input(0).pull();
    if (p)
        write_packet(p);
    return p;
}

bool ToDump::run_task(Task*) {
    Packet* p = input(0).pull();
    if (p) {
        write_packet(p);
        p->kill();
    }
    if (p || !signal_ || signal_->active())
        task_.fast_reschedule();
    return p != nullptr;
}

void ToDump::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("filename", [this] { return filename_; });
    if (input_is_pull(0) && noutputs() == 0)
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(ToDump)

}  // namespace snf::click
