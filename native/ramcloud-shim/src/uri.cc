#include "uri.hh"

#include <charconv>

#include "snf/snf_client.h"

namespace snf {
namespace {

int32_t bad(std::string& error, std::string message) {
    error = std::move(message);
    return SNF_ERR_BAD_URI;
}

// Decodes %XX escapes; false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size()) return false;
        unsigned v = 0;
        auto [p, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
        if (ec != std::errc() || p != in.data() + i + 3) return false;
        out.push_back(static_cast<char>(v));
        i += 2;
    }
    return true;
}

int32_t parse_query(std::string_view query, StoreUri& out, std::string& error) {
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0)
            return bad(error, "option '" + std::string(pair) + "' is not key=value");
        std::string key, value;
        if (!percent_decode(pair.substr(0, eq), key) || !percent_decode(pair.substr(eq + 1), value))
            return bad(error, "bad %-escape in option '" + std::string(pair) + "'");
        if (out.options.count(key)) return bad(error, "option '" + key + "' given twice");
        out.options.emplace(std::move(key), std::move(value));
    }
    return SNF_OK;
}

// Splits off "?OPTIONS" and "[:PASSWORD]@" (redis and redis-cluster share both) and
// leaves the rest in `rest`.
int32_t parse_options_and_password(std::string_view& rest, StoreUri& out, std::string& error) {
    size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        if (int32_t st = parse_query(rest.substr(q + 1), out, error)) return st;
        rest = rest.substr(0, q);
    }
    size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
        std::string_view userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        size_t colon = userinfo.find(':');
        std::string_view pw = colon == std::string_view::npos ? userinfo : userinfo.substr(colon + 1);
        if (!percent_decode(pw, out.password)) return bad(error, "bad %-escape in password");
    }
    return SNF_OK;
}

// HOST[:PORT] or [IPV6][:PORT]; `port` keeps its value when none is given.
int32_t parse_host_port(std::string_view rest, std::string& out_host, uint16_t& out_port,
                        std::string& error) {
    std::string_view host = rest;
    if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
        size_t close = rest.find(']');
        if (close == std::string_view::npos) return bad(error, "unclosed '[' in host");
        host = rest.substr(1, close - 1);
        rest = rest.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return bad(error, "junk after ']' in host");
    } else {
        size_t colon = rest.rfind(':');
        host = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
    }
    if (host.empty()) return bad(error, "redis URI has no host");
    out_host = std::string(host);
    if (!rest.empty()) {  // ":PORT"
        std::string_view port = rest.substr(1);
        unsigned v = 0;
        auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
        if (port.empty() || ec != std::errc() || p != port.data() + port.size() || v == 0 || v > 65535)
            return bad(error, "port '" + std::string(port) + "' is not a number 1..65535");
        out_port = static_cast<uint16_t>(v);
    }
    return SNF_OK;
}

void take_password_option(StoreUri& out) {
    if (auto it = out.options.find("password"); it != out.options.end()) out.password = it->second;
}

int32_t parse_redis(std::string_view rest, StoreUri& out, std::string& error) {
    // rest: [:PASSWORD@]HOST[:PORT][/DB][?OPTIONS]
    if (int32_t st = parse_options_and_password(rest, out, error)) return st;
    size_t slash = rest.find('/');
    if (slash != std::string_view::npos) {
        std::string_view db = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (!db.empty()) {
            auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
            if (ec != std::errc() || p != db.data() + db.size() || out.db < 0 || out.db > 65535)
                return bad(error, "database '" + std::string(db) + "' is not a number 0..65535");
        }
    }
    if (int32_t st = parse_host_port(rest, out.host, out.port, error)) return st;
    take_password_option(out);
    return SNF_OK;
}

int32_t parse_redis_cluster(std::string_view rest, StoreUri& out, std::string& error) {
    // rest: [:PASSWORD@]HOST[:PORT][,HOST[:PORT]...][?OPTIONS]
    if (int32_t st = parse_options_and_password(rest, out, error)) return st;
    if (rest.find('/') != std::string_view::npos)
        return bad(error, "redis-cluster URI takes no database (a cluster has only database 0)");
    while (true) {
        size_t comma = rest.find(',');
        UriEndpoint seed;
        if (int32_t st = parse_host_port(rest.substr(0, comma), seed.host, seed.port, error))
            return st;
        out.seeds.push_back(std::move(seed));
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    out.host = out.seeds.front().host;
    out.port = out.seeds.front().port;
    take_password_option(out);
    return SNF_OK;
}

}  // namespace

int32_t parse_store_uri(std::string_view text, StoreUri& out, std::string& error) {
    out = StoreUri{};
    size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return bad(error, "store URI '" + std::string(text) +
                              "' has no scheme (expected embedded:, redis://, redis-cluster:// or "
                              "ramcloud:)");
    out.scheme = std::string(text.substr(0, colon));
    std::string_view rest = text.substr(colon + 1);
    if (out.scheme == "embedded") {
        size_t q = rest.find('?');
        if (q != std::string_view::npos) {
            if (int32_t st = parse_query(rest.substr(q + 1), out, error)) return st;
            rest = rest.substr(0, q);
        }
        if (rest.find('/') != std::string_view::npos)
            return bad(error, "embedded store name '" + std::string(rest) + "' may not contain '/'");
        out.name = std::string(rest);
        return SNF_OK;
    }
    if (out.scheme == "redis") {
        if (rest.substr(0, 2) != "//") return bad(error, "redis URI must start with redis://");
        return parse_redis(rest.substr(2), out, error);
    }
    if (out.scheme == "redis-cluster") {
        if (rest.substr(0, 2) != "//")
            return bad(error, "redis-cluster URI must start with redis-cluster://");
        return parse_redis_cluster(rest.substr(2), out, error);
    }
    if (out.scheme == "ramcloud") {
        size_t q = rest.find('?');
        if (q != std::string_view::npos) {
            if (int32_t st = parse_query(rest.substr(q + 1), out, error)) return st;
            rest = rest.substr(0, q);
        }
        if (rest.empty()) return bad(error, "ramcloud URI has no service locator");
        out.locator = std::string(rest);
        return SNF_OK;
    }
    return bad(error, "unknown store scheme '" + out.scheme +
                          "' (expected embedded:, redis://, redis-cluster:// or ramcloud:)");
}

int32_t uri_option_u64(const StoreUri& uri, std::string_view key, uint64_t fallback,
                       uint64_t max, uint64_t& out, std::string& error) {
    auto it = uri.options.find(key);
    if (it == uri.options.end()) {
        out = fallback;
        return SNF_OK;
    }
    const std::string& v = it->second;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out > max)
        return bad(error, "option " + std::string(key) + "='" + v + "' is not a number 0.." +
                              std::to_string(max));
    return SNF_OK;
}

int32_t uri_reject_unknown_options(const StoreUri& uri, std::string_view known,
                                   std::string& error) {
    for (const auto& [key, value] : uri.options) {
        bool found = false;
        std::string_view list = known;
        while (!list.empty() && !found) {
            size_t comma = list.find(',');
            found = list.substr(0, comma) == key;
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
        if (!found)
            return bad(error, "unknown option '" + key + "' for " + uri.scheme +
                                  " store (known: " + std::string(known) + ")");
    }
    return SNF_OK;
}

}  // namespace snf
