// SPDX-License-Identifier: Apache-2.0
// One message as the milter callbacks hand it over (header by header, then body chunks),
// assembled into the bytes the engine reads, with the size limit enforced while it arrives:
// past `max_bytes` the buffer is released and the rest is only counted, so an over-size mail
// is never held whole. Also remembers what the header edits need: every X-Mikiwame-* header
// (to remove) and the first Subject.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::milter {

// A header by name and its 1-based position among the headers of that name (any letter
// case), as smfi_chgheader() addresses it.
struct HeaderPosition {
    std::string name;
    int index = 0;
};

class MessageBuffer {
public:
    explicit MessageBuffer(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    // `value` as libmilter gives it: without the leading space, folded lines joined by LF or
    // CRLF. Written back as "Name: value" with CRLF line ends, as the body arrives.
    void add_header(std::string_view name, std::string_view value);
    void end_headers();
    void add_body(std::string_view chunk);

    bool oversize() const noexcept { return oversize_; }
    // Bytes seen so far, also past the limit.
    std::size_t size() const noexcept { return seen_; }
    // The assembled message; empty once over the limit.
    const std::string& raw() const noexcept { return raw_; }
    std::string take_raw() noexcept { return std::move(raw_); }

    // X-Mikiwame-* headers from outside, in arrival order.
    const std::vector<HeaderPosition>& own_headers() const noexcept { return own_; }
    // The first Subject's value as it came; nullopt when the mail has none.
    const std::optional<std::string>& subject() const noexcept { return subject_; }

private:
    void append(std::string_view bytes);

    std::size_t max_bytes_;
    std::size_t seen_ = 0;
    bool oversize_ = false;
    std::string raw_;
    std::map<std::string, int> per_name_;
    std::vector<HeaderPosition> own_;
    std::optional<std::string> subject_;
};

} // namespace mikiwame::milter
