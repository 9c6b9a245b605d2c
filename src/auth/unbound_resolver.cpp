// SPDX-License-Identifier: Apache-2.0
#include "auth/unbound_resolver.h"

#include <arpa/inet.h>
#include <poll.h>
#include <unbound.h>

#include <fmt/format.h>

#include <algorithm>

#include "net/ip_address.h"

namespace mikiwame::auth {
namespace {

// A wire-format name (uncompressed, as libunbound hands rdata over) from `pos`.
std::string wire_name(const unsigned char* data, std::size_t len, std::size_t& pos) {
    std::string out;
    while (pos < len) {
        const unsigned label = data[pos++];
        if (label == 0) break;
        if (label >= 0xc0 || pos + label > len) return {}; // compressed or cut: not expected here
        if (!out.empty()) out += '.';
        for (unsigned i = 0; i < label; ++i) {
            const char c = static_cast<char>(data[pos + i]);
            if (c == '.' || c == '\\') out += '\\';
            out += c;
        }
        pos += label;
    }
    return out.empty() ? std::string(".") : out;
}

std::string decode_rdata(RrType type, const unsigned char* data, std::size_t len) {
    char buf[INET6_ADDRSTRLEN] = {};
    switch (type) {
    case RrType::A:
        if (len != 4 || !inet_ntop(AF_INET, data, buf, sizeof buf)) return {};
        return buf;
    case RrType::AAAA:
        if (len != 16 || !inet_ntop(AF_INET6, data, buf, sizeof buf)) return {};
        return buf;
    case RrType::TXT: {
        std::string out;
        for (std::size_t pos = 0; pos < len;) {
            const std::size_t n = data[pos++];
            if (pos + n > len) break;
            out.append(reinterpret_cast<const char*>(data + pos), n);
            pos += n;
        }
        return out;
    }
    case RrType::MX: {
        if (len < 3) return {};
        const unsigned pref = (unsigned(data[0]) << 8) | data[1];
        std::size_t pos = 2;
        return fmt::format("{} {}", pref, wire_name(data, len, pos));
    }
    case RrType::PTR: {
        std::size_t pos = 0;
        return wire_name(data, len, pos);
    }
    }
    return {};
}

struct Pending {
    bool done = false;
    int err = 0;
    ub_result* result = nullptr;
};

void on_result(void* arg, int err, ub_result* result) {
    auto* p = static_cast<Pending*>(arg);
    p->done = true;
    p->err = err;
    p->result = result;
}

} // namespace

struct UnboundResolver::Impl {
    ub_ctx* ctx = nullptr;
    std::chrono::milliseconds timeout{2000};
    ~Impl() {
        if (ctx) ub_ctx_delete(ctx);
    }
};

UnboundResolver::UnboundResolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UnboundResolver::~UnboundResolver() = default;

Result<std::unique_ptr<UnboundResolver>> UnboundResolver::create(const UnboundOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->timeout = options.timeout;
    impl->ctx = ub_ctx_create();
    if (!impl->ctx) return make_error(ErrorCode::Internal, "libunbound: cannot create a context");
    auto fail = [&](const char* what, int r) {
        return make_error(ErrorCode::Config, fmt::format("libunbound: {}: {}", what, ub_strerror(r)), "online.resolver");
    };
    // Threads, not a forked helper process: the milter and the scan workers are threaded.
    if (int r = ub_ctx_async(impl->ctx, 1); r != 0) return fail("async", r);
    if (options.resolver.empty()) {
        if (int r = ub_ctx_resolvconf(impl->ctx, nullptr); r != 0) return fail("reading /etc/resolv.conf", r);
    } else {
        const std::string& fwd = options.resolver;
        const std::string host = fwd.substr(0, fwd.find('@'));
        auto ip = net::parse_ip(host);
        if (!ip) return make_error(ErrorCode::Config, fmt::format("not an IP address or IP@PORT: '{}'", fwd), "online.resolver");
        // A resolver on this machine (the lab server, a local unbound) must be allowed.
        if (ip->is_loopback()) ub_ctx_set_option(impl->ctx, "do-not-query-localhost:", "no");
        if (int r = ub_ctx_set_fwd(impl->ctx, fwd.c_str()); r != 0) return fail("resolver", r);
        // The configured resolver answers for every name, the reverse space of private and
        // documentation networks too (a site's own PTR records, the lab's fixture zones):
        // libunbound's built-in empty zones for them would hide its answers.
        ub_ctx_set_option(impl->ctx, "unblock-lan-zones:", "yes");
        ub_ctx_set_option(impl->ctx, "insecure-lan-zones:", "yes");
        for (const char* zone : {"2.0.192.in-addr.arpa.", "100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.",
                                 "test.", "invalid."})
            ub_ctx_set_option(impl->ctx, "local-zone:", (std::string(zone) + " nodefault").c_str());
    }
    if (options.dnssec && !options.trust_anchor.empty()) {
        if (int r = ub_ctx_add_ta_file(impl->ctx, options.trust_anchor.c_str()); r != 0) return fail("trust anchor", r);
    }
    return std::unique_ptr<UnboundResolver>(new UnboundResolver(std::move(impl)));
}

DnsAnswer UnboundResolver::query(std::string_view name, RrType type, Clock::time_point until) {
    DnsAnswer answer;
    const auto start = Clock::now();
    const Clock::time_point deadline = std::min(until, start + impl_->timeout);
    std::string qname(name);
    if (qname.empty() || qname.size() > 253 || qname.find('\0') != std::string::npos) {
        answer.error = "not a valid name";
        return answer;
    }
    Pending pending;
    int async_id = 0;
    if (int r = ub_resolve_async(impl_->ctx, qname.c_str(), static_cast<int>(type), 1, &pending, on_result, &async_id); r != 0) {
        answer.error = ub_strerror(r);
        return answer;
    }
    const int fd = ub_fd(impl_->ctx);
    while (!pending.done) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) > 0) ub_process(impl_->ctx);
    }
    answer.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    if (!pending.done) {
        ub_cancel(impl_->ctx, async_id);
        answer.status = DnsStatus::Timeout;
        answer.error = fmt::format("no answer in {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(deadline - start).count());
        return answer;
    }
    if (pending.err != 0 || !pending.result) {
        answer.status = DnsStatus::ServFail;
        answer.error = ub_strerror(pending.err);
        if (pending.result) ub_resolve_free(pending.result);
        return answer;
    }
    ub_result* res = pending.result;
    answer.secure = res->secure != 0;
    if (res->bogus) {
        answer.status = DnsStatus::ServFail;
        answer.error = fmt::format("DNSSEC bogus: {}", res->why_bogus ? res->why_bogus : "");
    } else if (res->rcode == 3 || res->nxdomain) {
        answer.status = DnsStatus::NxDomain;
    } else if (res->rcode != 0) {
        answer.status = DnsStatus::ServFail;
        answer.error = fmt::format("rcode {}", res->rcode);
    } else if (!res->havedata) {
        answer.status = DnsStatus::NoData;
    } else {
        answer.status = DnsStatus::Answer;
        for (int i = 0; res->data[i]; ++i)
            answer.records.push_back(decode_rdata(type, reinterpret_cast<const unsigned char*>(res->data[i]), static_cast<std::size_t>(res->len[i])));
    }
    ub_resolve_free(res);
    return answer;
}

} // namespace mikiwame::auth
