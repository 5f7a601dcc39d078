// FromDump: reads packets from a pcap ("tcpdump -w") file and emits them.
//
//   FromDump(FILENAME [, keywords STOP, TIMING, SAMPLE, FORCE_IP, START, START_AFTER,
//            END, END_AFTER, INTERVAL, END_CALL, FILEPOS, ACTIVE, BURST, MMAP])
//
// FILENAME (string): the pcap file (microsecond or nanosecond magic, either byte order,
// any link type). STOP (bool, default false): ask the driver to stop when the file or
// the END time is reached. TIMING (bool, default false): replay at the recorded pace:
// the first packet goes out at once, each later one when as much time has passed since
// as separates their timestamps. SAMPLE (real 0-1, default 1): emit each packet with
// this probability (28-bit fixed point; see sampling_prob). FORCE_IP (bool, default
// false): emit only IPv4 packets, with their IP header annotation; others go to output
// 1 when there is one, else are dropped (raw IP files imply FORCE_IP; other link types
// than Ethernet and raw IP cannot force IP).
// START (timestamp): skip packets before this absolute time; START_AFTER (interval):
// skip the first T seconds of the file. END (timestamp): stop at the first packet at or
// after this time; END_AFTER (interval): stop T seconds after the file's first
// timestamp; INTERVAL (interval): stop T seconds after START (or the first timestamp).
// At most one of START/START_AFTER and one of END/END_AFTER/INTERVAL. At the end (of the
// time window or of the file) FromDump calls END_CALL ("HANDLER [VALUE]", a write
// handler), or stops the driver (STOP; exclusive with END_CALL), or, when an end time
// was given, sets itself inactive. The packet that reached the END time stays in the
// file, so writing extend_interval resumes with it.
// FILEPOS (unsigned): start reading at this byte offset (must be a record boundary).
// ACTIVE (bool, default true): emit packets at all. BURST (unsigned, default 1): packets
// per task run when pushing. MMAP (bool): accepted; the file is read through a large
// buffer either way.
// Packets get their timestamp from the file, the extra length annotation (bytes the
// capture left out), and for Ethernet and raw IP links their MAC/IP header annotations.
// A file with a bad header is an initialization error; a truncated or corrupt record
// ends the file with a warning (the packets before it still count).
// Ports: no inputs; output 0 agnostic, optional output 1 push (non-IP with FORCE_IP).
//
// Handlers: count (read) packets emitted; reset_counts (write) zeroes count; reset
// (write) rewinds to the first packet and zeroes count; active (read/write); stop (write)
// ends the file now; sampling_prob (read); encap (read) the link type's ENCAP name;
// filename, filesize (read); filepos (read/write) the byte offset of the next record;
// packet_filepos (read) the offset of the last packet emitted; extend_interval (write)
// moves the end time later by an interval and reactivates; reset_timing (write)
// restarts TIMING from the next packet.
#pragma once

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "file_source.hh"
#include "snf/click/timestamp.hh"

namespace snf::click {

class FromDump : public FileSource {
public:
    FromDump();
    ~FromDump() override;
    const char* class_name() const override { return "FromDump"; }
    const char* port_count() const override { return "0/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;

private:
    static constexpr int sampling_shift = 28;

    // Opens the file and checks its global header; fills the link type and byte order.
    int open_file(ErrorHandler* errh) override;
    void close_file() override;
    // The next packet from the file that passes the time window, SAMPLE and FORCE_IP,
    // or null at the end.
    Packet* read_packet() override;
    std::chrono::nanoseconds delay_before(const Packet* p) override;
    void end_of_input() override;

    // Resolves relative START/END settings against the first timestamp in the file.
    void prepare_times(Timestamp first);
    // Moves the read position to `pos` (a record boundary).
    int seek_to(uint64_t pos, ErrorHandler* errh);
    // Skips `length` bytes of record data.
    void skip_data(uint32_t length);
    // Resolves END_CALL's handler to its full name.
    int resolve_end_call(ErrorHandler* errh);
    std::string sampling_prob_text() const;

    // Configuration.
    std::string filename_;
    bool force_ip_ = false;
    bool timing_ = false;
    uint32_t sampling_prob_ = 1u << sampling_shift;
    enum class TimeBase { none, absolute, after_first, after_start };
    TimeBase start_base_ = TimeBase::none;
    TimeBase end_base_ = TimeBase::none;
    std::chrono::nanoseconds start_offset_{0}, end_offset_{0};
    Timestamp start_time_, end_time_;
    std::string end_call_handler_, end_call_value_;
    uint64_t initial_filepos_ = 0;

    // File state.
    std::FILE* file_ = nullptr;
    std::string read_buffer_;
    bool swapped_ = false;
    bool nanosecond_ = false;
    bool emit_ip_only_ = false;
    uint16_t minor_version_ = 4;
    uint32_t link_type_ = 0;
    uint64_t file_size_ = 0;
    bool file_size_known_ = false;
    uint64_t file_pos_ = 0;
    uint64_t packet_filepos_ = 0;

    // Time window and pacing.
    bool times_prepared_ = false;
    bool have_start_ = false, have_end_ = false;
    bool end_time_reached_ = false;
    Timestamp start_, end_;
    std::chrono::nanoseconds end_extension_{0};
    bool timing_started_ = false;
    std::chrono::steady_clock::time_point timing_origin_real_;
    Timestamp timing_origin_packet_;

    std::minstd_rand random_;
};

}  // namespace snf::click
