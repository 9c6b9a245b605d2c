// SPDX-License-Identifier: Apache-2.0
// The decision record of docs/authentication.md: Debian's libspf2 on the RFC 7208 suite, with
// each scenario's records in libspf2's own zone layer (it cannot use libunbound). Not a test:
//   python3 tests/auth/spf_suite.py SUITE.yml DIR && libspf2_compare DIR/s*
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
extern "C" { // libspf2's headers declare C functions without extern "C"
#include <spf2/spf.h>
#include <spf2/spf_dns_zone.h>
}

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
    int passed = 0, failed = 0;
    for (int a = 1; a < argc; ++a) {
        const std::string dir = argv[a];
        nlohmann::json records = nlohmann::json::parse(std::ifstream(dir + "/records.json"));
        nlohmann::json cases = nlohmann::json::parse(std::ifstream(dir + "/cases.json"));
        SPF_dns_server_t* dns = SPF_dns_zone_new(nullptr, "suite", 0);
        for (const auto& r : records) {
            const std::string name = r[0], type = r[1], value = r[2];
            ns_type t = type == "TXT" ? ns_t_txt : type == "A" ? ns_t_a : type == "AAAA" ? ns_t_aaaa : type == "MX" ? ns_t_mx
                       : type == "PTR" ? ns_t_ptr : type == "CNAME" ? ns_t_cname : ns_t_any;
            if (type == "TIMEOUT") {
                for (ns_type tt : {ns_t_txt, ns_t_a, ns_t_aaaa, ns_t_mx, ns_t_ptr})
                    SPF_dns_zone_add_str(dns, name.c_str(), tt, TRY_AGAIN, nullptr);
                continue;
            }
            SPF_dns_zone_add_str(dns, name.c_str(), t, NETDB_SUCCESS, value.c_str());
        }
        SPF_server_t* server = SPF_server_new_dns(dns, 0);
        for (const auto& c : cases["cases"]) {
            SPF_request_t* req = SPF_request_new(server);
            const std::string host = c["host"];
            if (host.find(':') != std::string::npos) SPF_request_set_ipv6_str(req, host.c_str());
            else SPF_request_set_ipv4_str(req, host.c_str());
            SPF_request_set_helo_dom(req, std::string(c["helo"]).c_str());
            SPF_request_set_env_from(req, std::string(c["mailfrom"]).c_str());
            SPF_response_t* resp = nullptr;
            SPF_request_query_mailfrom(req, &resp);
            std::string got = resp ? SPF_strresult(SPF_response_result(resp)) : "none";
            if (got == "(invalid)") got = "none";
            bool ok = false;
            for (const auto& want : c["result"]) ok = ok || want == got;
            std::printf("%s %s: %s (expected %s)\n", ok ? "PASS" : "FAIL", std::string(c["name"]).c_str(), got.c_str(), c["result"].dump().c_str());
            (ok ? passed : failed)++;
            if (resp) SPF_response_free(resp);
            SPF_request_free(req);
        }
        SPF_server_free(server);
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return 0;
}
