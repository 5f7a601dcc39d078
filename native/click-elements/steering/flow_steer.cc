// FlowSteer: hashes each packet's flow into a bucket and keeps the owned ones.
#include "flow_steer.hh"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "snf/click/address_info.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/error_handler.hh"

namespace snf::click {

namespace {

constexpr uint32_t kMaxBuckets = 65536;

// splitmix64's finalizer: cheap, and every input bit reaches every output bit, so
// neighbouring ports and addresses spread over all buckets.
uint64_t mix64(uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint16_t load_be16(const unsigned char* p) noexcept { return uint16_t(p[0] << 8 | p[1]); }
uint32_t load_be32(const unsigned char* p) noexcept {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

std::optional<uint32_t> parse_bucket(std::string_view text) {
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace

uint32_t FlowSteer::flow_bucket(uint8_t protocol, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                                uint32_t buckets) noexcept {
    uint64_t h = mix64((uint64_t(src) << 32 | dst) ^ mix64(uint64_t(sport) << 24 | uint64_t(dport) << 8 | protocol));
    // Multiply-shift maps the hash onto [0, buckets) without a division.
    return uint32_t(((h >> 32) * buckets) >> 32);
}

std::optional<std::vector<uint8_t>> FlowSteer::parse_owned(std::string_view spec, uint32_t buckets,
                                                           std::string& error) {
    std::vector<uint8_t> owned(buckets, 0);
    bool any_word = false;
    for (const std::string& word_text : split_words(spec)) {
        std::string_view word = word_text;
        any_word = true;
        if (word == "all") {
            std::fill(owned.begin(), owned.end(), 1);
            continue;
        }
        if (word == "none")
            continue;
        std::string_view low_text = word, high_text = word;
        if (auto dash = word.find('-'); dash != std::string_view::npos) {
            low_text = word.substr(0, dash);
            high_text = word.substr(dash + 1);
        }
        auto low = parse_bucket(low_text), high = parse_bucket(high_text);
        if (!low || !high || *low > *high) {
            error = "bad bucket range '" + std::string(word) + "'";
            return std::nullopt;
        }
        if (*high >= buckets) {
            error = "bucket " + std::to_string(*high) + " out of range (BUCKETS " + std::to_string(buckets) + ")";
            return std::nullopt;
        }
        std::fill(owned.begin() + *low, owned.begin() + *high + 1, 1);
    }
    if (!any_word) {
        error = "empty bucket list (say \"none\" to own no bucket)";
        return std::nullopt;
    }
    return owned;
}

std::string FlowSteer::unparse_owned() const {
    std::string out;
    uint32_t i = 0, owned_count = 0;
    while (i < buckets_) {
        if (!owned_[i]) {
            ++i;
            continue;
        }
        uint32_t j = i;
        while (j + 1 < buckets_ && owned_[j + 1])
            ++j;
        if (!out.empty())
            out += ' ';
        out += std::to_string(i);
        if (j > i)
            out += '-' + std::to_string(j);
        owned_count += j - i + 1;
        i = j + 1;
    }
    if (owned_count == buckets_)
        return "all";
    return out.empty() ? "none" : out;
}

int FlowSteer::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t buckets = 256, offset = 0;
    std::string owned_spec = "all";
    if (Args(conf, this, errh)
            .read("BUCKETS", BoundedIntArg{1, kMaxBuckets}, buckets)
            .read("OWNED", AnyArg(), owned_spec)
            .read("OFFSET", BoundedIntArg{0, 65535}, offset)
            .complete() < 0)
        return -EINVAL;
    std::string error;
    auto owned = parse_owned(unquote(owned_spec), buckets, error);
    if (!owned)
        return errh->error("OWNED: " + error);
    buckets_ = buckets;
    offset_ = offset;
    owned_ = std::move(*owned);
    return 0;
}

std::optional<uint32_t> FlowSteer::packet_bucket(const Packet* p) const noexcept {
    const unsigned char* ip;
    if (p->has_network_header()) {
        ip = p->network_header();
    } else {
        if (p->length() < offset_)
            return std::nullopt;
        ip = p->data() + offset_;
    }
    const unsigned char* end = p->end_data();
    if (ip < p->data() || end - ip < 20 || (ip[0] >> 4) != 4)
        return std::nullopt;
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    if (header_length < 20)
        return std::nullopt;
    uint8_t protocol = ip[9];
    uint32_t src = load_be32(ip + 12), dst = load_be32(ip + 16);
    uint16_t sport = 0, dport = 0;
    bool first_fragment = (load_be16(ip + 6) & 0x1fff) == 0;
    // Ports take part only when they are really there: TCP or UDP, first fragment, and
    // the packet long enough to hold them.
    if ((protocol == 6 || protocol == 17) && first_fragment && end - ip >= std::ptrdiff_t(header_length) + 4) {
        sport = load_be16(ip + header_length);
        dport = load_be16(ip + header_length + 2);
    }
    return flow_bucket(protocol, src, dst, sport, dport, buckets_);
}

void FlowSteer::push(int, Packet* p) {
    auto bucket = packet_bucket(p);
    if (bucket && owned_[*bucket]) {
        ++steered_;
        output(0).push(p);
        return;
    }
    if (!bucket)
        ++bad_;
    else
        ++passed_over_;
    checked_output_push(1, p);
}

void FlowSteer::add_handlers() {
    add_read_handler("owned", [this] { return unparse_owned(); });
    add_write_handler("owned", [this](const std::string& text, ErrorHandler* errh) {
        std::string error;
        auto owned = parse_owned(uncomment(text), buckets_, error);
        if (!owned)
            return errh->error(error);
        owned_ = std::move(*owned);
        return 0;
    });
    add_read_handler("buckets", [this] { return std::to_string(buckets_); });
    add_read_handler("owned_buckets", [this] {
        return std::to_string(std::count(owned_.begin(), owned_.end(), uint8_t(1)));
    });
    add_read_handler("steered", [this] { return std::to_string(steered_); });
    add_read_handler("passed_over", [this] { return std::to_string(passed_over_); });
    add_read_handler("bad", [this] { return std::to_string(bad_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        steered_ = passed_over_ = bad_ = 0;
        return 0;
    }, Handler::button);
    add_read_param_handler("bucket", [this](const std::string& param, ErrorHandler* errh) -> std::string {
        // "SRC SPORT DST DPORT PROTO", PROTO a number or T/U/I as in IP summary dumps.
        std::vector<std::string> words = split_words(param);
        words.resize(5);
        // Addresses may be AddressInfo names, as everywhere else.
        auto address = [this](const std::string& word) {
            auto parsed = IPAddress::parse(word);
            return parsed ? parsed : lookup_ip_address(this, word);
        };
        auto src = address(words[0]), dst = address(words[2]);
        auto sport = parse_bucket(words[1]), dport = parse_bucket(words[3]);
        std::optional<uint32_t> proto;
        if (words[4] == "T") proto = 6;
        else if (words[4] == "U") proto = 17;
        else if (words[4] == "I") proto = 1;
        else proto = parse_bucket(words[4]);
        if (!src || !dst || !sport || !dport || !proto || *sport > 65535 || *dport > 65535 || *proto > 255) {
            errh->error("expected 'SRC SPORT DST DPORT PROTO'");
            return {};
        }
        auto host = [](IPAddress a) { return uint32_t(ntohl(a.addr)); };
        return std::to_string(flow_bucket(uint8_t(*proto), host(*src), host(*dst), uint16_t(*sport),
                                          uint16_t(*dport), buckets_));
    });
}

SNF_EXPORT_ELEMENT(FlowSteer)

}  // namespace snf::click
