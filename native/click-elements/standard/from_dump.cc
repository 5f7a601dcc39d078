// FromDump: parses pcap records one at a time from a buffered stream, so memory use
// stays flat however large the file is, and turns each into a packet with its timestamp
// and header annotations.
#include "from_dump.hh"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
constexpr uint32_t magic_usec = 0xa1b2c3d4;
constexpr uint32_t magic_nsec = 0xa1b23c4d;
constexpr uint32_t link_ethernet = 1;
// Raw IPv4/IPv6 link types: DLT_RAW as BSD (12) and OpenBSD (14) number it, LINKTYPE_RAW.
constexpr bool is_raw_ip_link(uint32_t t) { return t == 12 || t == 14 || t == 101; }
// Records larger than this are treated as corruption rather than allocated.
constexpr uint32_t max_record = 262144;
constexpr std::size_t stream_buffer = 1 << 20;

uint32_t swap32(uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}
}  // namespace

FromDump::FromDump() = default;

FromDump::~FromDump() { close_file(); }

int FromDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename;
    bool stop = false, active = true, force_ip = false, timing = false, mmap = true;
    uint32_t burst = 1;
    if (Args(conf, this, errh)
            .read_mp("FILENAME", filename)
            .read("STOP", stop)
            .read("ACTIVE", active)
            .read("BURST", burst)
            .read("FORCE_IP", force_ip)
            .read("TIMING", timing)
            .read("MMAP", mmap)
            .complete() < 0)
        return -EINVAL;
    if (timing)
        return errh->error("TIMING: only false is supported");
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    filename_ = filename;
    stop_ = stop;
    active_ = active;
    force_ip_ = force_ip;
    burst_ = burst;
    return 0;
}

int FromDump::open_file(ErrorHandler* errh) {
    close_file();
    file_ = std::fopen(filename_.c_str(), "rb");
    if (!file_)
        return errh->error(filename_ + ": " + std::strerror(errno));
    read_buffer_.resize(stream_buffer);
    std::setvbuf(file_, read_buffer_.data(), _IOFBF, read_buffer_.size());
    struct stat st {};
    file_size_ = (fstat(fileno(file_), &st) == 0) ? uint64_t(st.st_size) : 0;

    unsigned char header[24];
    if (std::fread(header, 1, sizeof header, file_) != sizeof header) {
        close_file();
        return errh->error(filename_ + ": not a pcap file (too short)");
    }
    uint32_t magic;
    std::memcpy(&magic, header, 4);
    swapped_ = false;
    if (magic == magic_usec || magic == magic_nsec) {
        nanosecond_ = magic == magic_nsec;
    } else if (swap32(magic) == magic_usec || swap32(magic) == magic_nsec) {
        swapped_ = true;
        nanosecond_ = swap32(magic) == magic_nsec;
    } else {
        close_file();
        return errh->error(filename_ + ": not a pcap file (bad magic number)");
    }
    uint32_t snaplen, link;
    std::memcpy(&snaplen, header + 16, 4);
    std::memcpy(&link, header + 20, 4);
    snaplen_ = swapped_ ? swap32(snaplen) : snaplen;
    link_type_ = (swapped_ ? swap32(link) : link) & 0xffff;
    if (link_type_ != link_ethernet && !is_raw_ip_link(link_type_)) {
        close_file();
        return errh->error(filename_ + ": unsupported link type " + std::to_string(link_type_));
    }
    file_pos_ = sizeof header;
    at_end_ = false;
    return 0;
}

void FromDump::close_file() {
    if (file_) {
        std::fclose(file_);
        file_ = nullptr;
    }
}

Packet* FromDump::read_packet() {
    while (file_ && !at_end_) {
        unsigned char record[16];
        std::size_t got = std::fread(record, 1, sizeof record, file_);
        if (got == 0)
            return nullptr;
        if (got != sizeof record) {
            chatter(declaration() + ": " + filename_ + ": truncated record header");
            return nullptr;
        }
        uint32_t fields[4];
        std::memcpy(fields, record, sizeof fields);
        if (swapped_)
            for (uint32_t& f : fields)
                f = swap32(f);
        uint32_t caplen = fields[2];
        if (caplen > max_record) {
            chatter(declaration() + ": " + filename_ + ": corrupt record length " + std::to_string(caplen));
            return nullptr;
        }
        WritablePacket* p = Packet::make(Packet::default_headroom, nullptr, caplen, 0);
        if (!p)
            return nullptr;
        if (std::fread(p->data(), 1, caplen, file_) != caplen) {
            p->kill();
            chatter(declaration() + ": " + filename_ + ": truncated packet data");
            return nullptr;
        }
        file_pos_ += sizeof record + caplen;
        int64_t fraction = nanosecond_ ? int64_t(fields[1]) : int64_t(fields[1]) * 1000;
        p->set_timestamp_anno(Timestamp::from_nsec(int64_t(fields[0]) * 1000000000 + fraction));

        // Where IPv4 starts, if it does.
        const unsigned char* ip = nullptr;
        if (link_type_ == link_ethernet) {
            p->set_mac_header(p->data());
            if (caplen >= 14 + 20 && p->data()[12] == 0x08 && p->data()[13] == 0x00)
                ip = p->data() + 14;
        } else if (caplen >= 20) {
            ip = p->data();
        }
        if (ip && (ip[0] >> 4) == 4 && (ip[0] & 0x0f) >= 5 &&
            uint32_t(p->end_data() - ip) >= uint32_t(ip[0] & 0x0f) * 4) {
            p->set_network_header(ip, uint32_t(ip[0] & 0x0f) * 4);
        } else if (force_ip_) {
            p->kill();
            continue;
        }
        return p;
    }
    return nullptr;
}

void FromDump::add_handlers() {
    FileSource::add_handlers();
    add_read_handler("filesize", [this] { return std::to_string(file_size_); });
    add_read_handler("filepos", [this] { return std::to_string(file_pos_); });
    add_write_handler("stop", [this](const std::string&, ErrorHandler*) {
        task_.unschedule();
        finish();
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(FromDump)

}  // namespace snf::click
