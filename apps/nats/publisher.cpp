// SPDX-License-Identifier: Apache-2.0
#include "publisher.h"

#include <fmt/format.h>

#include <thread>

#include "mikiwame/input.h"

namespace mikiwame::nats {

namespace {

// Room the headers take in a message, on top of the mail (names, values, framing).
constexpr std::size_t kHeaderAllowance = 1024;

std::string msg_id_of(natsMsg* msg) {
    const char* value = nullptr;
    if (natsMsgHeader_Get(msg, kMsgIdHeader, &value) != NATS_OK || !value) return {};
    return value;
}

} // namespace

std::string header_value(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

Result<std::unique_ptr<MailPublisher>> MailPublisher::create(const Connection& connection, PublishOptions options) {
    std::unique_ptr<MailPublisher> p(new MailPublisher(connection, std::move(options)));
    jsOptions js_options;
    jsOptions_Init(&js_options);
    // nats.c's own bound sits above ours so that it never stalls a publish: ours waits instead.
    js_options.PublishAsync.MaxPending = static_cast<std::int64_t>(p->options_.max_pending) + 64;
    js_options.PublishAsync.AckHandler = &MailPublisher::on_ack;
    js_options.PublishAsync.AckHandlerClosure = p.get();
    natsStatus s = natsConnection_JetStream(&p->js_, connection.nc(), &js_options);
    if (s != NATS_OK) return make_error(ErrorCode::Internal, "JetStream context: " + describe(s), connection.url());
    return p;
}

MailPublisher::~MailPublisher() {
    if (js_) {
        // nats.c calls on_ack() with `this` until the last outstanding publish is answered or
        // times out: wait for them before the object goes.
        jsPubOptions wait;
        jsPubOptions_Init(&wait);
        wait.MaxWait = options_.ack_timeout.count() + 1000;
        const natsStatus waited = js_PublishAsyncComplete(js_, &wait);
        // Publishes still unanswered after that wait (a slow or vanished broker) are ours again
        // once taken off the pending list: destroying the context does not free them, and their
        // late acknowledgements are then ignored instead of reaching this object. Only after a
        // timeout: nats.c 3.4 dereferences a missing pending list when nothing was ever sent.
        if (waited == NATS_TIMEOUT && sent_any_) {
            natsMsgList unanswered{nullptr, 0};
            if (js_PublishAsyncGetPendingList(&unanswered, js_) == NATS_OK) natsMsgList_Destroy(&unanswered);
        }
        jsCtx_Destroy(js_);
    }
    for (natsMsg* m : retry_) natsMsg_Destroy(m);
}

void MailPublisher::on_ack(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
    static_cast<MailPublisher*>(closure)->acknowledged(msg, ack, error);
}

void MailPublisher::acknowledged(natsMsg* msg, const jsPubAck* ack, const jsPubAckErr* error) {
    std::lock_guard lock(mutex_);
    const std::string id = msg_id_of(msg);
    auto it = pending_.find(id);
    if (it == pending_.end()) { // counted already (given up on, then acknowledged late)
        natsMsg_Destroy(msg);
        return;
    }
    if (ack && !error) {
        if (ack->Duplicate) ++stats_.duplicates;
        else ++stats_.published;
        pending_bytes_ -= it->second.bytes;
        pending_.erase(it);
        natsMsg_Destroy(msg);
    } else {
        retry_.push_back(msg); // ours now; sent again by the publishing thread
    }
    changed_.notify_all();
}

void MailPublisher::give_up(const std::string& id, const std::string& why) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    if (options_.log) options_.log(fmt::format("{}: not published: {}", it->second.location, why));
    ++stats_.failed;
    pending_bytes_ -= it->second.bytes;
    pending_.erase(it);
}

void MailPublisher::send(natsMsg* msg, const std::string& id, std::unique_lock<std::mutex>& lock) {
    auto it = pending_.find(id);
    if (it == pending_.end()) {
        natsMsg_Destroy(msg);
        return;
    }
    if (++it->second.attempts > options_.max_attempts) {
        natsMsg_Destroy(msg);
        give_up(id, fmt::format("no acknowledgement after {} attempts", options_.max_attempts));
        return;
    }
    if (it->second.attempts > 1) ++stats_.retried;
    jsPubOptions pub;
    jsPubOptions_Init(&pub);
    pub.MaxWait = options_.ack_timeout.count();
    // The acknowledgement handler takes the mutex: release it while nats.c works.
    lock.unlock();
    natsMsg* m = msg;
    natsStatus s = js_PublishMsgAsync(js_, &m, &pub);
    lock.lock();
    if (s == NATS_OK) sent_any_ = true;
    if (s != NATS_OK && m) {
        retry_.push_back(m); // not taken by the library: still ours
        // The broker is away (reconnect buffer full or connection down): do not spin.
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        lock.lock();
    }
}

void MailPublisher::resend_failed(std::unique_lock<std::mutex>& lock) {
    while (!retry_.empty()) {
        natsMsg* m = retry_.front();
        retry_.pop_front();
        send(m, msg_id_of(m), lock);
    }
}

void MailPublisher::publish(std::string_view location, std::string_view bytes, std::string_view label) {
    const std::string id = message_sha256(bytes);
    const auto limit = connection_.max_payload();
    if (limit > 0 && bytes.size() + kHeaderAllowance > static_cast<std::size_t>(limit)) {
        std::lock_guard lock(mutex_);
        ++stats_.too_large;
        if (options_.log)
            options_.log(fmt::format("{}: not published: {} bytes is over the broker's max_payload ({} bytes)", location, bytes.size(), limit));
        return;
    }
    std::unique_lock lock(mutex_);
    if (pending_.count(id)) { // the same mail is on its way already
        ++stats_.duplicates;
        return;
    }
    // The bound: wait for acknowledgements, and send again what failed meanwhile.
    for (;;) {
        resend_failed(lock);
        if (pending_.size() < options_.max_pending && pending_bytes_ < options_.max_pending_bytes) break;
        changed_.wait_for(lock, std::chrono::milliseconds(200));
    }
    natsMsg* msg = nullptr;
    natsStatus s = natsMsg_Create(&msg, options_.subject.c_str(), nullptr, bytes.data(), static_cast<int>(bytes.size()));
    if (s == NATS_OK) s = natsMsgHeader_Set(msg, kMsgIdHeader, id.c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(msg, kSha256Header, id.c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(msg, kLocationHeader, header_value(location).c_str());
    if (s == NATS_OK && !label.empty()) s = natsMsgHeader_Set(msg, kLabelHeader, header_value(label).c_str());
    if (s != NATS_OK) {
        natsMsg_Destroy(msg);
        ++stats_.failed;
        if (options_.log) options_.log(fmt::format("{}: not published: {}", location, describe(s)));
        return;
    }
    pending_[id] = Pending{std::string(location), bytes.size(), 0};
    pending_bytes_ += bytes.size();
    send(msg, id, lock);
}

PublishStats MailPublisher::finish(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::unique_lock lock(mutex_);
    for (;;) {
        resend_failed(lock);
        if (pending_.empty() || std::chrono::steady_clock::now() >= until) break;
        changed_.wait_for(lock, std::chrono::milliseconds(200));
    }
    while (!pending_.empty()) give_up(pending_.begin()->first, "no acknowledgement before the deadline");
    return stats_;
}

} // namespace mikiwame::nats
