// FromDump: parses pcap records one at a time from a buffered stream, so memory use
// stays flat however large the file is. Records outside the time window or not sampled
// are skipped without being copied; the record that reaches the END time is left
// unread so the file can resume there.
#include "from_dump.hh"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sys/stat.h>

#include "pcap_format.hh"
#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {
// Records larger than this are treated as corruption rather than allocated.
constexpr uint32_t max_record = 262144;
constexpr std::size_t stream_buffer = 1 << 20;

uint16_t swap16(uint16_t v) { return uint16_t((v >> 8) | (v << 8)); }
}  // namespace

FromDump::FromDump() : random_(std::random_device{}()) {}

FromDump::~FromDump() { close_file(); }

int FromDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename, end_call;
    bool stop = false, active = true, force_ip = false, timing = false, mmap = true;
    uint32_t burst = 1;
    double sample = 1;
    Timestamp start, end;
    std::chrono::nanoseconds start_after{0}, end_after{0}, interval{0};
    uint64_t filepos = 0;
    Args args(conf, this, errh);
    // Which time keywords were given, asked before the reads consume them.
    const bool has_start = args.has_keyword("START"), has_start_after = args.has_keyword("START_AFTER");
    const bool has_end = args.has_keyword("END"), has_end_after = args.has_keyword("END_AFTER");
    const bool has_interval = args.has_keyword("INTERVAL"), has_end_call = args.has_keyword("END_CALL");
    const int starts = int(has_start) + int(has_start_after);
    const int ends = int(has_end) + int(has_end_after) + int(has_interval);
    if (args.read_mp("FILENAME", filename)
            .read("STOP", stop)
            .read("TIMING", timing)
            .read("SAMPLE", sample)
            .read("FORCE_IP", force_ip)
            .read("START", start)
            .read("START_AFTER", start_after)
            .read("END", end)
            .read("END_AFTER", end_after)
            .read("INTERVAL", interval)
            .read("END_CALL", AnyArg(), end_call)
            .read("FILEPOS", filepos)
            .read("ACTIVE", active)
            .read("BURST", burst)
            .read("MMAP", mmap)
            .complete() < 0)
        return -EINVAL;
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    if (sample < 0)
        return errh->error("SAMPLE: expected unsigned real number");
    if (starts > 1)
        return errh->error("START and START_AFTER are mutually exclusive");
    if (ends > 1)
        return errh->error("END, END_AFTER, and INTERVAL are mutually exclusive");
    if (has_end_call && stop)
        return errh->error("END_CALL and STOP are mutually exclusive");
    std::vector<std::string> call_words = split_words(end_call);
    if (has_end_call && call_words.empty())
        return errh->error("END_CALL: expected handler");

    const double one = double(1u << sampling_shift);
    if (sample > 1) {
        errh->warning("SAMPLE probability reduced to 1");
        sample = 1;
    }
    sampling_prob_ = uint32_t(std::llround(sample * one));
    if (sampling_prob_ == 0)
        errh->warning("SAMPLE probability is 0; emitting no packets");

    start_base_ = TimeBase::none;
    if (has_start)
        start_base_ = TimeBase::absolute, start_time_ = start;
    else if (has_start_after)
        start_base_ = TimeBase::after_first, start_offset_ = start_after;
    end_base_ = TimeBase::none;
    if (has_end)
        end_base_ = TimeBase::absolute, end_time_ = end;
    else if (has_end_after)
        end_base_ = TimeBase::after_first, end_offset_ = end_after;
    else if (has_interval)
        end_base_ = TimeBase::after_start, end_offset_ = interval;

    end_call_handler_ = has_end_call ? call_words[0] : std::string();
    end_call_value_.clear();
    if (has_end_call) {
        std::string_view rest = end_call;
        rest.remove_prefix(std::min(rest.size(), rest.find(call_words[0]) + call_words[0].size()));
        end_call_value_ = uncomment(rest);
    }
    filename_ = filename;
    stop_ = stop;
    active_ = active;
    force_ip_ = force_ip;
    timing_ = timing;
    burst_ = burst;
    initial_filepos_ = filepos;
    return 0;
}

int FromDump::initialize(ErrorHandler* errh) {
    if (!end_call_handler_.empty() && resolve_end_call(errh) < 0)
        return -EINVAL;
    if (FileSource::initialize(errh) < 0)
        return -EINVAL;
    if (force_ip_ && link_type_ != pcap::link_ethernet && !pcap::is_raw_ip_link(link_type_))
        return errh->error(filename_ + ": unknown linktype " + std::to_string(link_type_) + "; can't force IP packets");
    if (initial_filepos_ != 0 && seek_to(initial_filepos_, errh) < 0)
        return errh->error("FILEPOS: bad file position");
    return 0;
}

int FromDump::resolve_end_call(ErrorHandler* errh) {
    std::string handler = end_call_handler_;
    std::size_t dot = handler.find('.');
    if (dot != std::string::npos) {
        Element* e = router()->find(std::string_view(handler).substr(0, dot), this);
        if (!e)
            return errh->error("END_CALL: no element named '" + handler.substr(0, dot) + "'");
        handler = e->name() + handler.substr(dot);
    }
    Router::HandlerRef ref;
    Router::HandlerStatus status = router()->find_handler(handler, ref);
    if (status != Router::HandlerStatus::ok)
        return errh->error("END_CALL: no handler '" + handler + "'");
    if (!ref.handler->writable())
        return errh->error("END_CALL: handler '" + handler + "' is not writable");
    end_call_handler_ = handler;
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
    file_size_known_ = fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode);
    file_size_ = file_size_known_ ? uint64_t(st.st_size) : 0;

    unsigned char header[pcap::file_header_size];
    if (std::fread(header, 1, sizeof header, file_) != sizeof header) {
        close_file();
        return errh->error(filename_ + ": not a pcap file (too short)");
    }
    uint32_t magic;
    std::memcpy(&magic, header, 4);
    swapped_ = false;
    if (magic == pcap::magic_usec || magic == pcap::magic_nsec) {
        nanosecond_ = magic == pcap::magic_nsec;
    } else if (pcap::swap32(magic) == pcap::magic_usec || pcap::swap32(magic) == pcap::magic_nsec) {
        swapped_ = true;
        nanosecond_ = pcap::swap32(magic) == pcap::magic_nsec;
    } else {
        close_file();
        return errh->error(filename_ + ": not a pcap file (bad magic number)");
    }
    uint16_t major, minor;
    uint32_t link;
    std::memcpy(&major, header + 4, 2);
    std::memcpy(&minor, header + 6, 2);
    std::memcpy(&link, header + 20, 4);
    if (swapped_)
        major = swap16(major), minor = swap16(minor), link = pcap::swap32(link);
    if (major != pcap::version_major) {
        close_file();
        return errh->error(filename_ + ": unknown major version " + std::to_string(major));
    }
    minor_version_ = minor;
    link_type_ = link & 0xffff;
    emit_ip_only_ = force_ip_ || pcap::is_raw_ip_link(link_type_);
    file_pos_ = pcap::file_header_size;
    packet_filepos_ = 0;
    at_end_ = false;
    end_time_reached_ = false;
    times_prepared_ = false;
    have_start_ = have_end_ = false;
    end_extension_ = std::chrono::nanoseconds(0);
    timing_started_ = false;
    return 0;
}

void FromDump::close_file() {
    if (file_) {
        std::fclose(file_);
        file_ = nullptr;
    }
}

int FromDump::seek_to(uint64_t pos, ErrorHandler* errh) {
    if (!file_)
        return errh->error(filename_ + ": file not open");
    if (pos < pcap::file_header_size || (file_size_known_ && pos > file_size_))
        return errh->error("file position out of range");
    if (fseeko(file_, off_t(pos), SEEK_SET) != 0)
        return errh->error(filename_ + ": " + std::strerror(errno));
    file_pos_ = pos;
    at_end_ = false;
    end_time_reached_ = false;
    return 0;
}

void FromDump::skip_data(uint32_t length) {
    if (fseeko(file_, off_t(length), SEEK_CUR) == 0)
        file_pos_ += length;
}

void FromDump::prepare_times(Timestamp first) {
    times_prepared_ = true;
    have_start_ = start_base_ != TimeBase::none;
    start_ = start_base_ == TimeBase::absolute ? start_time_ : Timestamp::from_nsec(first.nsec() + start_offset_.count());
    have_end_ = end_base_ != TimeBase::none;
    if (end_base_ == TimeBase::absolute)
        end_ = end_time_;
    else if (end_base_ == TimeBase::after_first)
        end_ = Timestamp::from_nsec(first.nsec() + end_offset_.count());
    else
        end_ = Timestamp::from_nsec((have_start_ ? start_ : first).nsec() + end_offset_.count());
    end_ = Timestamp::from_nsec(end_.nsec() + end_extension_.count());
}

Packet* FromDump::read_packet() {
    while (file_ && !at_end_) {
        const uint64_t record_pos = file_pos_;
        unsigned char record[pcap::record_header_size];
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
                f = pcap::swap32(f);
        uint32_t caplen = fields[2], length = fields[3];
        // Files before version 2.3 stored the two lengths the other way round.
        if (minor_version_ < 3 || (minor_version_ == 3 && caplen > length))
            std::swap(caplen, length);
        if (caplen > max_record) {
            chatter(declaration() + ": " + filename_ + ": corrupt record length " + std::to_string(caplen));
            return nullptr;
        }
        file_pos_ += sizeof record;
        int64_t fraction = nanosecond_ ? int64_t(fields[1]) : int64_t(fields[1]) * 1000;
        Timestamp ts = Timestamp::from_nsec(int64_t(fields[0]) * 1000000000 + fraction);

        if (!times_prepared_)
            prepare_times(ts);
        if (have_start_) {
            if (ts < start_) {
                skip_data(caplen);
                continue;
            }
            have_start_ = false;
        }
        if (have_end_ && ts >= end_) {
            // Leave the record for extend_interval.
            if (fseeko(file_, off_t(record_pos), SEEK_SET) == 0)
                file_pos_ = record_pos;
            end_time_reached_ = true;
            return nullptr;
        }
        if (sampling_prob_ < (1u << sampling_shift) &&
            (uint32_t(random_()) & ((1u << sampling_shift) - 1)) >= sampling_prob_) {
            skip_data(caplen);
            continue;
        }

        WritablePacket* p = Packet::make(Packet::default_headroom, nullptr, caplen, 0);
        if (!p)
            return nullptr;
        if (std::fread(p->data(), 1, caplen, file_) != caplen) {
            p->kill();
            chatter(declaration() + ": " + filename_ + ": truncated packet data");
            return nullptr;
        }
        file_pos_ += caplen;
        p->set_timestamp_anno(ts);
        p->set_anno_u32(pcap::extra_length_anno_offset, length > caplen ? length - caplen : 0);

        // Where IPv4 starts, if it does.
        const unsigned char* ip = nullptr;
        if (link_type_ == pcap::link_ethernet) {
            p->set_mac_header(p->data());
            if (caplen >= 14 + 20 && p->data()[12] == 0x08 && p->data()[13] == 0x00)
                ip = p->data() + 14;
        } else if (pcap::is_raw_ip_link(link_type_) && caplen >= 20) {
            ip = p->data();
        }
        if (ip && (ip[0] >> 4) == 4 && (ip[0] & 0x0f) >= 5 &&
            uint32_t(p->end_data() - ip) >= uint32_t(ip[0] & 0x0f) * 4) {
            p->set_network_header(ip, uint32_t(ip[0] & 0x0f) * 4);
        } else if (emit_ip_only_) {
            checked_output_push(1, p);
            continue;
        }
        packet_filepos_ = record_pos;
        return p;
    }
    return nullptr;
}

std::chrono::nanoseconds FromDump::delay_before(const Packet* p) {
    if (!timing_)
        return std::chrono::nanoseconds(0);
    auto now = std::chrono::steady_clock::now();
    if (!timing_started_) {
        timing_started_ = true;
        timing_origin_real_ = now;
        timing_origin_packet_ = p->timestamp_anno();
        return std::chrono::nanoseconds(0);
    }
    auto recorded = std::chrono::nanoseconds(p->timestamp_anno().nsec() - timing_origin_packet_.nsec());
    auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - timing_origin_real_);
    return recorded > elapsed ? recorded - elapsed : std::chrono::nanoseconds(0);
}

void FromDump::end_of_input() {
    if (!end_call_handler_.empty()) {
        StringErrorHandler errh;
        if (router()->call_write(end_call_handler_, end_call_value_, &errh) != Router::HandlerStatus::ok)
            chatter(declaration() + ": END_CALL: " + errh.text());
    } else if (stop_) {
        FileSource::end_of_input();
    } else if (end_base_ != TimeBase::none) {
        active_ = false;
        pause();
    }
}

std::string FromDump::sampling_prob_text() const {
    // The shortest decimal that reads back as the same fixed-point value.
    const double one = double(1u << sampling_shift);
    const double value = double(sampling_prob_) / one;
    for (int digits = 0; digits <= 9; ++digits) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.*f", digits, value);
        if (uint32_t(std::llround(std::strtod(buf, nullptr) * one)) == sampling_prob_)
            return buf;
    }
    return std::to_string(value);
}

void FromDump::add_handlers() {
    FileSource::add_handlers();
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("sampling_prob", [this] { return sampling_prob_text(); });
    add_read_handler("encap", [this] { return pcap::link_type_name(link_type_); });
    add_read_handler("filename", [this] { return filename_; });
    add_read_handler("filesize", [this] { return file_size_known_ ? std::to_string(file_size_) : std::string("-"); });
    add_read_handler("filepos", [this] { return std::to_string(file_pos_); });
    add_parsed_write_handler<uint64_t>(this, "filepos", IntArg(), [this](uint64_t pos, ErrorHandler* errh) {
        drop_held_packet();
        if (seek_to(pos, errh) < 0)
            return -EINVAL;
        restart();
        return 0;
    });
    add_read_handler("packet_filepos", [this] { return std::to_string(packet_filepos_); });
    add_parsed_write_handler<std::chrono::nanoseconds>(
        this, "extend_interval", SecondsArg(), [this](std::chrono::nanoseconds more, ErrorHandler*) {
            if (end_base_ != TimeBase::none) {
                if (times_prepared_)
                    end_ = Timestamp::from_nsec(end_.nsec() + more.count());
                else
                    end_extension_ += more;
            }
            if (end_time_reached_) {
                end_time_reached_ = false;
                at_end_ = false;
            }
            active_ = true;
            restart();
            return 0;
        });
    add_write_handler("reset_timing", [this](const std::string&, ErrorHandler*) {
        timing_started_ = false;
        return 0;
    }, Handler::button);
    add_write_handler("stop", [this](const std::string&, ErrorHandler*) {
        pause();
        drop_held_packet();
        finish();
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(FromDump)

}  // namespace snf::click
