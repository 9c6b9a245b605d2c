// SPDX-License-Identifier: Apache-2.0
// The Resolver on libunbound: a caching, optionally validating stub that asks the configured
// resolver ("IP" or "IP@PORT", unbound's notation) or, when none is set, the servers of
// /etc/resolv.conf. One per thread (each has its own cache); queries are asynchronous so
// that a slow server costs at most the timeout.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "auth/resolver.h"
#include "mikiwame/result.h"

namespace mikiwame::auth {

struct UnboundOptions {
    std::string resolver;                 // "IP" or "IP@PORT"; empty: /etc/resolv.conf
    bool dnssec = true;                   // validate with the trust anchor below
    std::filesystem::path trust_anchor;   // DS/DNSKEY file of the root (data/dns/root.key)
    std::chrono::milliseconds timeout{2000}; // per lookup
};

class UnboundResolver : public Resolver {
public:
    [[nodiscard]] static Result<std::unique_ptr<UnboundResolver>> create(const UnboundOptions& options);
    ~UnboundResolver() override;
    UnboundResolver(const UnboundResolver&) = delete;
    UnboundResolver& operator=(const UnboundResolver&) = delete;

    using Resolver::query;
    DnsAnswer query(std::string_view name, RrType type, Clock::time_point until) override;

private:
    struct Impl;
    explicit UnboundResolver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::auth
