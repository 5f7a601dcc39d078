// FastUDPFlows: keeps one template packet per flow and hands out clones of it, so the
// per-packet cost is a reference count increment; the rate is kept by comparing the
// packets sent with the time since the start and sleeping on a timer when ahead.
#include "fast_udp_flows.hh"

#include <cstring>

#include "internet_checksum.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
constexpr uint32_t min_length = 60;
constexpr uint32_t max_length = 65535 + 14;
constexpr uint32_t max_flows = 1u << 20;
constexpr uint32_t headers_length = 14 + 20 + 8;
}  // namespace

FastUDPFlows::FastUDPFlows() : task_(this), timer_(this) {}

FastUDPFlows::~FastUDPFlows() { release_flows(); }

int FastUDPFlows::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t rate = 0, length = 60, nflows = 1, flow_size = 1;
    int64_t limit = -1;
    EtherAddress src_eth, dst_eth;
    IPAddress src_ip, dst_ip;
    bool checksum = true, active = true, stop = false;
    if (Args(conf, this, errh)
            .read_mp("RATE", rate)
            .read_mp("LIMIT", limit)
            .read_mp("LENGTH", length)
            .read_mp("SRCETH", src_eth)
            .read_mp("SRCIP", src_ip)
            .read_mp("DSTETH", dst_eth)
            .read_mp("DSTIP", dst_ip)
            .read_mp("FLOWS", nflows)
            .read_mp("FLOWSIZE", flow_size)
            .read_p("CHECKSUM", checksum)
            .read_p("ACTIVE", active)
            .read("STOP", stop)
            .complete() < 0)
        return -EINVAL;
    if (length > max_length)
        return errh->error("LENGTH: out of range, bound " + std::to_string(max_length));
    if (nflows == 0 || nflows > max_flows)
        return errh->error("FLOWS: must be between 1 and " + std::to_string(max_flows));
    if (flow_size == 0)
        return errh->error("FLOWSIZE: must be at least 1");
    rate_ = rate;
    limit_ = limit;
    length_ = length < min_length ? min_length : length;
    src_eth_ = src_eth;
    dst_eth_ = dst_eth;
    src_ip_ = src_ip;
    dst_ip_ = dst_ip;
    nflows_ = nflows;
    flow_size_ = flow_size;
    checksum_ = checksum;
    active_ = active;
    stop_ = stop;
    return 0;
}

bool FastUDPFlows::build_flow(Flow& flow) {
    WritablePacket* p = Packet::make(Packet::default_headroom, nullptr, length_, 0);
    if (!p)
        return false;
    unsigned char* d = p->data();
    std::memcpy(d, dst_eth_.bytes.data(), 6);
    std::memcpy(d + 6, src_eth_.bytes.data(), 6);
    store_be16(d + 12, 0x0800);

    unsigned char* ip = d + 14;
    uint16_t ip_length = uint16_t(length_ - 14);
    ip[0] = 0x45;
    store_be16(ip + 2, ip_length);
    ip[8] = 64;  // TTL
    ip[9] = 17;  // UDP
    std::memcpy(ip + 12, &src_ip_.addr, 4);
    std::memcpy(ip + 16, &dst_ip_.addr, 4);
    store_be16(ip + 10, checksum_finish(checksum_add(ip, 20)));

    unsigned char* udp = ip + 20;
    uint16_t udp_length = uint16_t(ip_length - 20);
    store_be16(udp, uint16_t(random_() & 0xffff));
    store_be16(udp + 2, uint16_t(random_() & 0xffff));
    store_be16(udp + 4, udp_length);
    if (checksum_) {
        uint16_t sum = checksum_finish(checksum_add(udp, udp_length, pseudo_header_sum(ip, 17, udp_length)));
        store_be16(udp + 6, sum == 0 ? 0xffff : sum);
    }
    p->set_mac_header(d);
    p->set_network_header(ip, 20);
    p->set_dst_ip_anno(dst_ip_.addr);
    if (flow.packet)
        flow.packet->kill();
    flow.packet = p;
    flow.sent = 0;
    return true;
}

void FastUDPFlows::release_flows() {
    for (Flow& f : flows_)
        if (f.packet)
            f.packet->kill();
    flows_.clear();
}

int FastUDPFlows::initialize(ErrorHandler* errh) {
    static_assert(headers_length <= min_length);
    flows_.resize(nflows_);
    for (Flow& f : flows_)
        if (!build_flow(f))
            return errh->error("out of memory");
    timer_.initialize(this);
    if (output_is_push(0))
        task_.initialize(this, active_ && !limit_reached());
    return 0;
}

void FastUDPFlows::cleanup(CleanupStage) { release_flows(); }

bool FastUDPFlows::rate_allows() const {
    if (rate_ == 0 || count_ == 0)
        return true;
    double elapsed = std::chrono::duration<double>(Timer::Clock::now() - start_).count();
    return double(count_) < elapsed * rate_ + 1.0;
}

Packet* FastUDPFlows::next_packet() {
    Flow& flow = flows_[current_flow_];
    if (flow.sent >= flow_size_ && !build_flow(flow))
        return nullptr;
    Packet* p = flow.packet->clone();
    if (!p)
        return nullptr;
    ++flow.sent;
    current_flow_ = (current_flow_ + 1) % flows_.size();
    Timestamp now = Timestamp::now();
    p->set_timestamp_anno(now);
    if (count_ == 0) {
        start_ = Timer::Clock::now();
        first_ = now;
    }
    last_ = now;
    ++count_;
    return p;
}

bool FastUDPFlows::run_task(Task*) {
    if (!active_)
        return false;
    // A small burst keeps the scheduler overhead down at high rates.
    int n = 0;
    while (n < 32 && !limit_reached() && rate_allows()) {
        Packet* p = next_packet();
        if (!p)
            break;
        output(0).push(p);
        ++n;
    }
    if (limit_reached()) {
        reached_limit();
        return n > 0;
    }
    if (rate_allows())
        task_.fast_reschedule();
    else
        timer_.schedule_after(std::chrono::nanoseconds(int64_t(1e9 / rate_)));
    return n > 0;
}

void FastUDPFlows::run_timer(Timer*) {
    if (active_ && !limit_reached())
        task_.reschedule();
}

Packet* FastUDPFlows::pull(int) {
    if (!active_)
        return nullptr;
    if (limit_reached()) {
        reached_limit();
        return nullptr;
    }
    return rate_allows() ? next_packet() : nullptr;
}

void FastUDPFlows::restart() {
    if (active_ && output_is_push(0) && !limit_reached())
        task_.reschedule();
}

void FastUDPFlows::add_handlers() {
    add_count_handler();
    add_read_handler("rate", [this] {
        double seconds = (last_.nsec() - first_.nsec()) / 1e9;
        if (count_ < 2 || seconds <= 0)
            return std::string("0");
        return std::to_string(uint64_t(double(count_ - 1) / seconds));
    });
    add_reset_handler();
    add_active_handler();
    if (output_is_push(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(FastUDPFlows)

}  // namespace snf::click
