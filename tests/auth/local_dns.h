// SPDX-License-Identifier: Apache-2.0
// A private unbound on 127.0.0.1 for a test binary: scripts/dns-test.sh started with the
// zone lines given (unbound local-zone/local-data), stopped when the object goes.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "auth/unbound_resolver.h"

namespace mikiwame::test {

class LocalDns {
public:
    // nullptr when unbound is missing or the server did not start (the reason in `why`).
    static std::unique_ptr<LocalDns> start(const std::string& zones, std::string* why = nullptr) {
        auto dns = std::unique_ptr<LocalDns>(new LocalDns());
        char templ[] = "/tmp/mikiwame-dns-XXXXXX";
        if (!mkdtemp(templ)) return nullptr;
        dns->dir_ = templ;
        std::ofstream(dns->dir_ / "zones.in") << zones;
        const std::string script = std::string(MIKIWAME_SOURCE_DIR) + "/scripts/dns-test.sh";
        const std::string cmd = "bash " + script + " start " + (dns->dir_ / "run").string() + " " + (dns->dir_ / "zones.in").string() + " > " +
                                (dns->dir_ / "port").string() + " 2> " + (dns->dir_ / "err").string();
        if (std::system(cmd.c_str()) != 0) {
            if (why) {
                std::ifstream err(dns->dir_ / "err");
                std::stringstream s;
                s << err.rdbuf();
                *why = s.str();
            }
            return nullptr;
        }
        std::ifstream(dns->dir_ / "port") >> dns->port_;
        return dns->port_ > 0 ? std::move(dns) : nullptr;
    }
    ~LocalDns() {
        const std::string script = std::string(MIKIWAME_SOURCE_DIR) + "/scripts/dns-test.sh";
        const std::string cmd = "bash " + script + " stop " + (dir_ / "run").string() + " >/dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0) {}
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::string resolver() const { return "127.0.0.1@" + std::to_string(port_); }
    int port() const { return port_; }

private:
    LocalDns() = default;
    std::filesystem::path dir_;
    int port_ = 0;
};

// A resolver that asks only the lab server `dns`, without validation (the fixture zones are
// unsigned); nullptr when libunbound refuses the setup.
inline std::unique_ptr<auth::UnboundResolver> lab_resolver(const LocalDns& dns,
                                                            std::chrono::milliseconds timeout = std::chrono::milliseconds(500)) {
    auth::UnboundOptions options;
    options.resolver = dns.resolver();
    options.dnssec = false;
    options.timeout = timeout;
    auto r = auth::UnboundResolver::create(options);
    return r ? std::move(r.value()) : nullptr;
}

// A TXT local-data line for unbound, the value split into 255-octet strings.
inline std::string txt_line(const std::string& name, const std::string& value) {
    std::string rdata;
    for (std::size_t i = 0; i < value.size() || i == 0; i += 255) {
        if (!rdata.empty()) rdata += ' ';
        rdata += '"' + value.substr(i, 255) + '"';
        if (value.empty()) break;
    }
    return "local-data: '" + name + ". TXT " + rdata + "'\n";
}

} // namespace mikiwame::test
