// SPDX-License-Identifier: Apache-2.0
// Generated hostile messages (SPEC §5), shared by the in-process limit tests and the
// time/memory check that runs the release binary. Generated, never stored.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace mikiwame::testing {

struct HostileInput {
    const char* name;
    std::function<std::string()> make;
    const char* expected_finding; // message.limit_exceeded or message.parse_anomaly
    const char* expected_evidence; // substring of one evidence line
};

inline std::string hostile_big_message() {
    std::string mail = "From: a@example.com\r\nSubject: big\r\nContent-Type: text/plain\r\n\r\n";
    std::string line(998, 'A');
    line += "\r\n";
    while (mail.size() < 100u * 1024 * 1024) mail += line;
    return mail;
}

inline std::string hostile_deep_multipart(int depth) {
    std::string mail = "From: a@example.com\r\nSubject: deep\r\n";
    for (int i = 0; i < depth; ++i) mail += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" + std::to_string(i) + "\r\n";
    mail += "Content-Type: text/plain\r\n\r\ninnermost\r\n";
    for (int i = depth; i-- > 0;) mail += "--b" + std::to_string(i) + "--\r\n";
    return mail;
}

inline std::string hostile_million_headers() {
    std::string mail = "From: a@example.com\r\n";
    mail.reserve(1000000u * 16);
    for (int i = 0; i < 1000000; ++i) mail += "X-H: " + std::to_string(i) + "\r\n";
    mail += "\r\nbody\r\n";
    return mail;
}

inline std::vector<HostileInput> hostile_inputs() {
    return {
        {"100MB message", hostile_big_message, "message.limit_exceeded", "max_message_bytes=52428800"},
        {"1000-deep multipart", [] { return hostile_deep_multipart(1000); }, "message.limit_exceeded", "max_mime_depth=64"},
        {"1,000,000 header lines", hostile_million_headers, "message.limit_exceeded", "max_header_count=10000"},
        {"NUL bytes", [] { return std::string("From: a@example.com\r\nSubject: n\0ul\r\n\r\nbo\0dy\r\n", 40); },
         "message.parse_anomaly", "NUL bytes"},
        {"bare CR line ends", [] { return std::string("From: a@example.com\rSubject: cr\r\rbody\r"); },
         "message.parse_anomaly", "bare CR"},
        {"no header/body separator",
         [] { return std::string("From: a@example.com\r\nSubject: x\r\nthis line is body text\r\nmore\r\n"); },
         "message.parse_anomaly", "without a blank line"},
        {"1 MB header line",
         [] { return "From: a@example.com\r\nSubject: " + std::string(1024 * 1024, 'x') + "\r\n\r\nbody\r\n"; },
         "message.limit_exceeded", "max_header_bytes=102400"},
        {"unterminated boundary",
         [] {
             return std::string("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"never\"\r\n\r\n"
                                "--never\r\nContent-Type: text/plain\r\n\r\nstarts but never ends\r\n");
         },
         "message.parse_anomaly", "truncated"},
    };
}

} // namespace mikiwame::testing
