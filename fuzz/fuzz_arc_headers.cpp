// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the ARC readers on arbitrary bytes (STYLE 7.10 habit 4): ARC-Seal and
// ARC-Message-Signature tags, and the chain validation of the bytes as a message with a
// resolver that never answers (every structural path; no key is ever found). A seal that
// parses has an instance 1-50 and cv none/pass/fail; a chain is never judged pass without keys.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/arc.h"

namespace {

class NoAnswer : public mikiwame::auth::Resolver {
public:
    using Resolver::query;
    mikiwame::auth::DnsAnswer query(std::string_view, mikiwame::auth::RrType, Clock::time_point) override {
        mikiwame::auth::DnsAnswer a;
        a.status = mikiwame::auth::DnsStatus::ServFail;
        return a;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    if (auto seal = mikiwame::auth::parse_arc_seal_tags(input, &error)) {
        if (seal->instance < 1 || seal->instance > mikiwame::auth::kMaxArcInstance) std::abort();
        if (seal->cv != "none" && seal->cv != "pass" && seal->cv != "fail") std::abort();
    } else if (error.empty()) {
        std::abort();
    }
    if (auto ams = mikiwame::auth::parse_arc_message_signature_tags(input))
        if (!ams->arc_instance || *ams->arc_instance < 1 || *ams->arc_instance > mikiwame::auth::kMaxArcInstance) std::abort();
    NoAnswer dns;
    auto chain = mikiwame::auth::verify_arc(input, dns, mikiwame::auth::DkimOptions{});
    if (chain.result == mikiwame::AuthResult::Pass) std::abort();
    if (chain.instances < 0 || chain.instances > mikiwame::auth::kMaxArcInstance) std::abort();
    return 0;
}
