// SPDX-License-Identifier: Apache-2.0
// RAII over nats.c (libnats): a connection with its JetStream context, a received message and
// a pull subscription. Errors come back as mikiwame::Error: a broker that cannot be reached is
// ErrorCode::Unavailable (exit 69, EX_UNAVAILABLE) with one line naming the URL; anything else
// the broker refuses is Internal with nats.c's text.
//
// The connection reconnects for ever after a broker restart (every 500 ms); operations made
// while it is away fail with a status the callers retry. Thread-safe as nats.c is: one
// connection is shared by all threads of a command.
#pragma once

#include <nats/nats.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::nats {

// "nats.c: <status text>[: <last error>]" for an error line.
std::string describe(natsStatus status);
// true for the statuses a broker restart or a lost connection produces (retry later).
bool transient(natsStatus status);

struct ConnectOptions {
    std::string url;  // nats://host:port (a comma-separated list of servers works too)
    std::string name; // the client's name as the broker shows it
    // Called from nats.c's threads on disconnect/reconnect with one line to log.
    std::function<void(const std::string&)> log;
    // How long a JetStream request (publish acknowledgement, stream info) waits.
    std::chrono::milliseconds request_timeout{5000};
};

class Connection {
public:
    // Connects once (no retry: an unreachable broker is an error now, exit 69).
    [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const ConnectOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    natsConnection* nc() const noexcept { return nc_; }
    jsCtx* js() const noexcept { return js_; }
    const std::string& url() const noexcept { return url_; }
    // The broker's max_payload: the largest message (mail or report) it takes.
    std::int64_t max_payload() const;
    bool connected() const;
    // Waits until the broker confirmed everything sent so far (acks included).
    natsStatus flush(std::chrono::milliseconds timeout) const;

private:
    Connection() = default;
    natsOptions* options_ = nullptr;
    natsConnection* nc_ = nullptr;
    jsCtx* js_ = nullptr;
    std::string url_;
    // What nats.c's callbacks get a pointer to: the log, and whether we are closing (the
    // disconnect then is ours, not news).
    struct Events {
        std::function<void(const std::string&)> log;
        std::atomic<bool> closing{false};
        // nats.c calls back on its own thread, after natsConnection_Close returns; the closed
        // callback comes last, so the destructor waits for it before freeing this.
        std::mutex mutex;
        std::condition_variable closed_cv;
        bool closed = false;
    };
    std::unique_ptr<Events> events_;
};

// One message received from a pull subscription; destroyed with the object.
class Message {
public:
    explicit Message(natsMsg* msg) noexcept : msg_(msg) {}
    ~Message();
    Message(Message&& other) noexcept : msg_(other.msg_) { other.msg_ = nullptr; }
    Message& operator=(Message&& other) noexcept;
    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;

    std::string_view data() const;
    std::string_view subject() const;
    // The value of a header, empty when absent.
    std::string header(const char* key) const;
    // How often the broker delivered it (1 the first time).
    std::uint64_t deliveries() const;
    natsStatus ack() const;
    natsStatus nak() const;
    natsStatus in_progress() const;
    // Never deliver it again (a mail that cannot get a report).
    natsStatus term() const;

private:
    natsMsg* msg_;
};

class Subscription {
public:
    explicit Subscription(natsSubscription* sub) noexcept : sub_(sub) {}
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    // Up to `max` messages, waiting at most `wait` for the first; an empty list on timeout.
    // Other statuses (broker away) are returned for the caller to retry.
    natsStatus fetch(int max, std::chrono::milliseconds wait, std::vector<Message>& out) const;

private:
    natsSubscription* sub_;
};

// Streams and consumers (JetStream's own defaults otherwise).
struct StreamSpec {
    std::string name;
    std::string subjects; // one subject filter, e.g. "mikiwame.mail.>"
    bool work_queue = false; // retention: work queue (a message goes once acked) vs limits (kept)
    std::chrono::seconds duplicate_window{3600};
};

// The stream as it is, created when missing; an existing stream of another shape is an error
// saying which setting differs (it is not changed under other users' feet).
[[nodiscard]] Result<bool> ensure_stream(const Connection& connection, const StreamSpec& spec);

struct ConsumerSpec {
    std::string stream;
    std::string durable;
    std::string filter_subject;
    std::chrono::seconds ack_wait{60};
    std::int64_t max_deliver = 10;
};

// A pull subscription on the durable consumer (created when missing, its ack wait and
// max_deliver updated when they differ), explicit ack.
[[nodiscard]] Result<std::unique_ptr<Subscription>> pull_subscribe(const Connection& connection, const ConsumerSpec& spec);

// Ends nats.c's threads (at the end of a command, after every object above is gone).
void shutdown_library();

} // namespace mikiwame::nats
