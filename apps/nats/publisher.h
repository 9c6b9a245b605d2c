// SPDX-License-Identifier: Apache-2.0
// Feeds mails into the work-queue stream: asynchronous publishes with a bounded number of
// outstanding acknowledgements (PubAcks), each mail keyed by its sha256 in Nats-Msg-Id so that
// JetStream drops a mail it already holds (the same mail twice, or a rerun within the stream's
// duplicate window). A publish that fails or times out (broker restart) is sent again until it
// is acknowledged or `max_attempts` is spent. Used by `mikiwame publish` (and `scan --publish`).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "client.h"

namespace mikiwame::nats {

// Message headers: where the mail came from and how it was labelled.
inline constexpr const char* kMsgIdHeader = "Nats-Msg-Id";
inline constexpr const char* kLocationHeader = "Mikiwame-Location";
inline constexpr const char* kLabelHeader = "Mikiwame-Label";
inline constexpr const char* kSha256Header = "Mikiwame-Sha256";
inline constexpr const char* kVerdictHeader = "Mikiwame-Verdict";

// `text` fit for a header value: control characters (a line break would end the header
// block) become '?'.
std::string header_value(std::string_view text);

struct PublishOptions {
    std::string subject;               // e.g. "mikiwame.mail.raw"
    std::size_t max_pending = 256;     // PubAcks outstanding at most
    std::size_t max_pending_bytes = 64u * 1024 * 1024;
    std::chrono::milliseconds ack_timeout{10000}; // a PubAck later than this: publish again
    int max_attempts = 30;
    // One line per mail that could not be published (too large, attempts spent).
    std::function<void(const std::string&)> log;
};

struct PublishStats {
    std::size_t published = 0;  // stored by the broker now
    std::size_t duplicates = 0; // already in the stream (same sha256), dropped by JetStream
    std::size_t too_large = 0;  // over the broker's max_payload: not sent
    std::size_t failed = 0;     // not acknowledged after max_attempts (or by finish's deadline)
    std::size_t retried = 0;    // publishes sent again
};

class MailPublisher {
public:
    [[nodiscard]] static Result<std::unique_ptr<MailPublisher>> create(const Connection& connection, PublishOptions options);
    ~MailPublisher();
    MailPublisher(const MailPublisher&) = delete;
    MailPublisher& operator=(const MailPublisher&) = delete;

    // Sends one mail (location: file, or file#offset for a message of an mbox); blocks while
    // the bound of outstanding acknowledgements is reached.
    void publish(std::string_view location, std::string_view bytes, std::string_view label = {});
    // Waits until every mail is acknowledged (sending failed ones again) or `deadline` passed;
    // what is still unacknowledged then counts as failed.
    PublishStats finish(std::chrono::milliseconds deadline);

private:
    struct Pending {
        std::string location;
        std::size_t bytes = 0;
        int attempts = 0;
    };
    explicit MailPublisher(const Connection& connection, PublishOptions options) : connection_(connection), options_(std::move(options)) {}
    static void on_ack(jsCtx* js, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure);
    void acknowledged(natsMsg* msg, const jsPubAck* ack, const jsPubAckErr* error);
    // Sends `msg` (ours until the library takes it); a synchronous failure queues it for retry.
    void send(natsMsg* msg, const std::string& id, std::unique_lock<std::mutex>& lock);
    void resend_failed(std::unique_lock<std::mutex>& lock);
    void give_up(const std::string& id, const std::string& why);

    const Connection& connection_;
    PublishOptions options_;
    jsCtx* js_ = nullptr;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, Pending> pending_; // by sha256
    std::size_t pending_bytes_ = 0;
    std::deque<natsMsg*> retry_;            // failed publishes, owned here until sent again
    bool sent_any_ = false;                 // a publish reached nats.c (its pending list exists)
    PublishStats stats_;
};

} // namespace mikiwame::nats
