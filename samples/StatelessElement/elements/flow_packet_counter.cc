// FlowPacketCounter: per-flow packet counts kept in the store with versioned writes.
#include "flow_packet_counter.hh"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/error_handler.hh"
#include "snf/click/packet.hh"

namespace snf::sample {

using namespace snf::click;

FlowPacketCounter::~FlowPacketCounter() { snf_client_free(client_); }

int FlowPacketCounter::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string uri, table = name();
    uint32_t retries = 8;
    if (Args(conf, this, errh)
            .read_mp("STORE", StringArg(), uri)
            .read("TABLE", WordArg(), table)
            .read("RETRIES", BoundedIntArg{1, 1000}, retries)
            .complete() < 0)
        return -EINVAL;
    store_uri_ = uri;
    table_ = table;
    retries_ = retries;
    return 0;
}

int FlowPacketCounter::initialize(ErrorHandler* errh) {
    char error[256] = "";
    if (int32_t status = snf_client_open(store_uri_.c_str(), &client_, error, sizeof error); status != SNF_OK)
        return errh->error("cannot open store '" + store_uri_ + "': " + error);
    if (snf_table_create(client_, table_.c_str(), &table_id_) != SNF_OK)
        return errh->error("cannot create table '" + table_ + "': " + snf_client_last_error(client_));
    return 0;
}

bool FlowPacketCounter::flow_key(const Packet* p, unsigned char key[13]) {
    const unsigned char* ip = p->has_network_header() ? p->network_header() : p->data();
    const unsigned char* end = p->end_data();
    if (ip < p->data() || end - ip < 20 || (ip[0] >> 4) != 4)
        return false;
    uint32_t header_length = (ip[0] & 0x0fu) * 4;
    std::memset(key, 0, 13);
    key[0] = ip[9];
    std::memcpy(key + 1, ip + 12, 8);  // source and destination addresses
    bool first_fragment = ((ip[6] & 0x1f) | ip[7]) == 0;
    if ((ip[9] == 6 || ip[9] == 17) && first_fragment && header_length >= 20
        && end - ip >= std::ptrdiff_t(header_length + 4))
        std::memcpy(key + 9, ip + header_length, 4);  // ports
    return true;
}

bool FlowPacketCounter::increment(const unsigned char* key, uint32_t key_length) {
    for (uint32_t attempt = 0; attempt < retries_; ++attempt) {
        uint64_t count = 0, version = 0;
        uint32_t length = 0;
        int32_t status = snf_read(client_, table_id_, key, key_length, nullptr, &count, sizeof count, &length,
                                  &version);
        snf_reject_rules rules{};
        if (status == SNF_ERR_OBJECT_DOESNT_EXIST) {
            rules.exists = 1;  // first packet of the flow anywhere: create only if absent
        } else if (status == SNF_OK && length == sizeof count) {
            rules.doesnt_exist = 1;  // later packets: write only over the version we read
            rules.version_ne_given = 1;
            rules.given_version = version;
        } else {
            ++failures_;
            return false;
        }
        ++count;
        status = snf_write(client_, table_id_, key, key_length, &count, sizeof count, &rules, 0, nullptr);
        if (status == SNF_OK) {
            ++updates_;
            return true;
        }
        if (status != SNF_ERR_OBJECT_EXISTS && status != SNF_ERR_WRONG_VERSION
            && status != SNF_ERR_OBJECT_DOESNT_EXIST) {
            ++failures_;
            return false;
        }
        ++conflicts_;  // another instance counted in between: read again
    }
    ++failures_;
    return false;
}

Packet* FlowPacketCounter::simple_action(Packet* p) {
    unsigned char key[13];
    if (!flow_key(p, key))
        ++bad_;
    else
        increment(key, sizeof key);
    return p;
}

void FlowPacketCounter::add_handlers() {
    add_read_handler("updates", [this] { return std::to_string(updates_); });
    add_read_handler("conflicts", [this] { return std::to_string(conflicts_); });
    add_read_handler("failures", [this] { return std::to_string(failures_); });
    add_read_handler("bad", [this] { return std::to_string(bad_); });
    add_read_param_handler("count", [this](const std::string& param, ErrorHandler* errh) -> std::string {
        std::vector<std::string> words = split_words(param);
        words.resize(5);
        // A whole word of decimal digits, else nothing.
        auto number = [](const std::string& word) -> std::optional<unsigned long> {
            char* end = nullptr;
            unsigned long value = std::strtoul(word.c_str(), &end, 10);
            if (word.empty() || *end != 0)
                return std::nullopt;
            return value;
        };
        auto src = IPAddress::parse(words[0]), dst = IPAddress::parse(words[2]);
        auto sport = number(words[1]), dport = number(words[3]);
        auto proto = words[4] == "T" ? 6ul : words[4] == "U" ? 17ul : words[4] == "I" ? 1ul : number(words[4]);
        if (!src || !dst || !sport || !dport || !proto || *sport > 65535 || *dport > 65535 || *proto > 255) {
            errh->error("expected 'SRC SPORT DST DPORT PROTO'");
            return {};
        }
        unsigned char key[13] = {};
        key[0] = uint8_t(*proto);
        std::memcpy(key + 1, &src->addr, 4);
        std::memcpy(key + 5, &dst->addr, 4);
        uint16_t ports[2] = {htons(uint16_t(*sport)), htons(uint16_t(*dport))};
        std::memcpy(key + 9, ports, 4);
        uint64_t count = 0;
        uint32_t length = 0;
        int32_t status = snf_read(client_, table_id_, key, sizeof key, nullptr, &count, sizeof count, &length, nullptr);
        if (status == SNF_ERR_OBJECT_DOESNT_EXIST)
            return "0";
        if (status != SNF_OK) {
            errh->error(std::string("store: ") + snf_client_last_error(client_));
            return {};
        }
        return std::to_string(count);
    });
}

SNF_EXPORT_ELEMENT(FlowPacketCounter)

}  // namespace snf::sample
