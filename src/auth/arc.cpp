// SPDX-License-Identifier: Apache-2.0
// ARC chain validation (RFC 8617 §5.2). The AMS is a DKIM signature with an instance; the seal
// signs, in relaxed canonicalisation, the ARC sets 1..i in order (ARC-Authentication-Results,
// ARC-Message-Signature, ARC-Seal), its own seal with b= emptied and no final CRLF (§5.1.1).
#include "auth/arc.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "auth/authentication_results.h"
#include "base/text.h"

namespace mikiwame::auth {
namespace {

std::string strip_ws(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
    return out;
}

std::optional<int> instance_number(std::string_view text) {
    const std::string v = strip_ws(text);
    if (v.empty() || v.size() > 2 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const int n = std::stoi(v);
    if (n < 1 || n > kMaxArcInstance) return std::nullopt;
    return n;
}

enum Part { Results = 0, Signature = 1, Seal = 2 };
constexpr std::array<const char*, 3> kPartNames = {"ARC-Authentication-Results", "ARC-Message-Signature", "ARC-Seal"};

struct ArcSet {
    std::array<const RawField*, 3> fields{};
};

ArcVerification failed(ArcVerification v, std::string reason) {
    v.result = AuthResult::Fail;
    v.reason = std::move(reason);
    return v;
}

std::string_view value_of(const RawField& field) {
    return std::string_view(field.text).substr(field.text.find(':') + 1);
}

// The instance of an ARC field, by its kind's own syntax.
std::optional<int> instance_of(Part part, const RawField& field) {
    const std::string_view value = value_of(field);
    if (part == Results) {
        auto aar = parse_arc_authentication_results(value);
        if (!aar.arc_instance || *aar.arc_instance < 1 || *aar.arc_instance > kMaxArcInstance) return std::nullopt;
        return aar.arc_instance;
    }
    auto tags = parse_tag_list(value);
    if (!tags) return std::nullopt;
    for (const auto& [name, text] : *tags)
        if (name == "i") return instance_number(text);
    return std::nullopt;
}

// The bytes seal `i` signs: sets 1..i in relaxed canonicalisation, the seal's own b= emptied.
std::string seal_data(const SplitMessage& msg, const std::vector<ArcSet>& sets, int i) {
    std::string data;
    for (int j = 1; j <= i; ++j) {
        const ArcSet& set = sets[static_cast<std::size_t>(j)];
        data += canonical_header(set.fields[Results]->text, true);
        data += canonical_header(set.fields[Signature]->text, true);
        if (j < i) data += canonical_header(set.fields[Seal]->text, true);
    }
    data += signed_header_data(msg, {}, sets[static_cast<std::size_t>(i)].fields[Seal]->text, true);
    return data;
}

} // namespace

std::optional<ArcSealTags> parse_arc_seal_tags(std::string_view value, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<ArcSealTags> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    auto tags = parse_tag_list(value);
    if (!tags) return fail("ARC-Seal is not a valid tag list");
    ArcSealTags s;
    bool has_b = false;
    for (const auto& [tag, raw] : *tags) {
        const std::string v = strip_ws(raw);
        if (tag == "i") {
            auto n = instance_number(v);
            if (!n) return fail("i= is not an ARC instance 1-50");
            s.instance = *n;
        } else if (tag == "cv") {
            s.cv = base::to_lower_ascii(v);
        } else if (tag == "a") {
            s.algorithm = base::to_lower_ascii(v);
        } else if (tag == "b") {
            has_b = true;
            s.signature = v;
        } else if (tag == "d") {
            s.domain = base::to_lower_ascii(v);
        } else if (tag == "s") {
            s.selector = v;
        } else if (tag == "t") {
            if (v.empty() || v.size() > 12 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return fail("t= is not a number");
            s.timestamp = std::stoll(v);
        } else if (tag == "h") {
            return fail("h= is not allowed in an ARC-Seal");
        }
    }
    if (s.instance == 0) return fail("i= is missing");
    if (s.cv != "none" && s.cv != "pass" && s.cv != "fail") return fail("cv= is not none, pass or fail");
    if (s.algorithm.empty() || !has_b || s.domain.empty() || s.selector.empty()) return fail("a required tag (a b d s) is missing");
    return s;
}

ArcVerification verify_arc(std::string_view raw, Resolver& resolver, const DkimOptions& options) {
    ArcVerification v;
    const SplitMessage msg = split_message(raw);
    // sets[i] for i in 1..50; index 0 unused.
    std::vector<ArcSet> sets(static_cast<std::size_t>(kMaxArcInstance) + 1);
    bool any = false;
    for (const RawField& field : msg.fields) {
        std::optional<Part> part;
        for (int p = Results; p <= Seal; ++p)
            if (base::iequals_ascii(field.name, kPartNames[static_cast<std::size_t>(p)])) part = static_cast<Part>(p);
        if (!part) continue;
        any = true;
        auto instance = instance_of(*part, field);
        if (!instance) return failed(std::move(v), fmt::format("an {} has no valid i= (1-{})", kPartNames[*part], kMaxArcInstance));
        v.instances = std::max(v.instances, *instance);
        const RawField*& slot = sets[static_cast<std::size_t>(*instance)].fields[*part];
        if (slot) return failed(std::move(v), fmt::format("two {} fields with i={}", kPartNames[*part], *instance));
        slot = &field;
    }
    if (!any) {
        v.reason = "no ARC set";
        return v;
    }
    const int n = v.instances;
    std::vector<ArcSealTags> seals(static_cast<std::size_t>(n) + 1);
    for (int i = 1; i <= n; ++i) {
        const ArcSet& set = sets[static_cast<std::size_t>(i)];
        for (int p = Results; p <= Seal; ++p)
            if (!set.fields[static_cast<std::size_t>(p)])
                return failed(std::move(v), fmt::format("ARC set i={} has no {}", i, kPartNames[static_cast<std::size_t>(p)]));
        std::string why;
        auto seal = parse_arc_seal_tags(value_of(*set.fields[Seal]), &why);
        if (!seal) return failed(std::move(v), fmt::format("ARC-Seal i={}: {}", i, why));
        seals[static_cast<std::size_t>(i)] = std::move(*seal);
    }
    v.domain = seals[static_cast<std::size_t>(n)].domain;
    for (int i = n; i >= 1; --i) {
        ArcSetCheck check;
        check.instance = i;
        check.domain = seals[static_cast<std::size_t>(i)].domain;
        check.cv = seals[static_cast<std::size_t>(i)].cv;
        v.sets.push_back(std::move(check));
    }
    auto set_check = [&](int i) -> ArcSetCheck& { return v.sets[static_cast<std::size_t>(n - i)]; };

    // §5.2 step 2: a chain its newest sealer found broken stays broken.
    if (seals[static_cast<std::size_t>(n)].cv == "fail")
        return failed(std::move(v), fmt::format("the newest ARC-Seal (i={}, d={}) says cv=fail", n, v.domain));
    // Step 3: the first set says cv=none, every later one cv=pass.
    for (int i = 1; i <= n; ++i) {
        const std::string& cv = seals[static_cast<std::size_t>(i)].cv;
        if ((i == 1 && cv != "none") || (i > 1 && cv != "pass"))
            return failed(std::move(v), fmt::format("ARC-Seal i={} says cv={} (want {})", i, cv, i == 1 ? "none" : "pass"));
    }

    auto verify_ams = [&](int i) {
        const RawField& field = *sets[static_cast<std::size_t>(i)].fields[Signature];
        std::string why;
        auto tags = parse_arc_message_signature_tags(value_of(field), &why);
        DkimVerification r;
        if (!tags) {
            r.result = AuthResult::PermError;
            r.reason = why;
        } else {
            r = verify_signature_tags(msg, field, *tags, resolver, options);
        }
        set_check(i).message_signature = r.result;
        set_check(i).message_signature_reason = r.reason;
        return r;
    };
    // Step 4: the newest AMS must verify.
    DkimVerification newest = verify_ams(n);
    if (newest.result == AuthResult::TempError) {
        v.result = AuthResult::TempError;
        v.reason = fmt::format("ARC-Message-Signature i={}: {}", n, newest.reason);
        return v;
    }
    if (newest.result != AuthResult::Pass)
        return failed(std::move(v), fmt::format("the newest ARC-Message-Signature (i={}, d={}) does not verify: {}", n, newest.domain, newest.reason));
    // Step 5: oldest-pass, from the next newest down to the first AMS that does not verify.
    v.oldest_pass = 0;
    for (int i = n - 1; i >= 1; --i)
        if (verify_ams(i).result != AuthResult::Pass) {
            v.oldest_pass = i + 1;
            break;
        }
    // Step 6: every seal, newest first.
    for (int i = n; i >= 1; --i) {
        const ArcSealTags& seal = seals[static_cast<std::size_t>(i)];
        DkimSignatureTags tags;
        tags.domain = seal.domain;
        tags.selector = seal.selector;
        tags.algorithm = seal.algorithm;
        tags.signature = seal.signature;
        DkimVerification r = verify_signed_data(tags, seal_data(msg, sets, i), resolver, options);
        set_check(i).seal = r.result;
        set_check(i).seal_reason = r.reason;
        if (r.result == AuthResult::TempError) {
            v.result = AuthResult::TempError;
            v.reason = fmt::format("ARC-Seal i={}: {}", i, r.reason);
            return v;
        }
        if (r.result != AuthResult::Pass)
            return failed(std::move(v), fmt::format("the ARC-Seal i={} (d={}) does not verify: {}", i, seal.domain, r.reason));
    }
    v.result = AuthResult::Pass;
    v.reason = v.oldest_pass == 0 ? fmt::format("{} ARC set{} verify", n, n == 1 ? "" : "s")
                                  : fmt::format("{} ARC sets verify; oldest-pass {}: the ARC-Message-Signature i={} no longer verifies "
                                                "(the message changed after that hop)",
                                                n, v.oldest_pass, v.oldest_pass - 1);
    return v;
}

} // namespace mikiwame::auth
