// SPDX-License-Identifier: Apache-2.0
#include "client.h"

#include <fmt/format.h>

namespace mikiwame::nats {

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

Unexpected<Error> nats_error(natsStatus status, std::string_view what, std::string context = {}) {
    return make_error(ErrorCode::Internal, fmt::format("{}: {}", what, describe(status)), std::move(context));
}

template <typename Events>
void on_disconnected(natsConnection*, void* closure) {
    auto* events = static_cast<Events*>(closure);
    if (events->log && !events->closing) events->log("disconnected from the NATS server; reconnecting");
}

template <typename Events>
void on_reconnected(natsConnection* nc, void* closure) {
    auto* events = static_cast<Events*>(closure);
    char url[256] = "";
    natsConnection_GetConnectedUrl(nc, url, sizeof url);
    if (events->log && !events->closing) events->log(fmt::format("reconnected to {}", url));
}

template <typename Events>
void on_closed(natsConnection*, void* closure) {
    auto* events = static_cast<Events*>(closure);
    {
        std::lock_guard lock(events->mutex);
        events->closed = true;
    }
    events->closed_cv.notify_all();
}

// nats.c's "no server" for a refused or unreachable address: one line naming the URL.
Unexpected<Error> unreachable(const std::string& url, natsStatus status) {
    return make_error(ErrorCode::Unavailable,
                      fmt::format("cannot connect to the NATS server ({})", status == NATS_NO_SERVER ? "connection refused or unreachable" : describe(status)),
                      url);
}

} // namespace

std::string describe(natsStatus status) {
    std::string text = natsStatus_GetText(status);
    natsStatus last = NATS_OK;
    const char* detail = nats_GetLastError(&last);
    if (detail && *detail && last == status && text != detail) text += fmt::format(" ({})", detail);
    return text;
}

bool transient(natsStatus status) {
    switch (status) {
    case NATS_TIMEOUT:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_NO_RESPONDERS:
    case NATS_NO_SERVER:
    case NATS_IO_ERROR:
    case NATS_STALE_CONNECTION:
    case NATS_SLOW_CONSUMER:
    case NATS_INSUFFICIENT_BUFFER:
    case NATS_MISSED_HEARTBEAT:
    case NATS_ERR: // JetStream "temporarily unavailable" while it recovers its store
        return true;
    default:
        return false;
    }
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectOptions& options) {
    std::unique_ptr<Connection> c(new Connection);
    c->url_ = options.url;
    c->events_ = std::make_unique<Events>();
    c->events_->log = options.log;
    natsStatus s = natsOptions_Create(&c->options_);
    if (s == NATS_OK) s = natsOptions_SetURL(c->options_, options.url.c_str());
    if (s == NATS_OK && !options.name.empty()) s = natsOptions_SetName(c->options_, options.name.c_str());
    if (s == NATS_OK) s = natsOptions_SetTimeout(c->options_, 2000);
    // After the first connection: reconnect for ever, twice a second (a broker restart takes
    // seconds; the workers keep their place and their unacknowledged mails).
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(c->options_, -1);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(c->options_, 500);
    // What is published while the broker is away waits in this buffer (a mail of up to 8 MB
    // and more); when it is full the publish fails and is retried.
    if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(c->options_, 32 * 1024 * 1024);
    // A request in flight when the connection drops fails at once instead of at its timeout.
    if (s == NATS_OK) s = natsOptions_SetFailRequestsOnDisconnect(c->options_, true);
    if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(c->options_, on_disconnected<Events>, c->events_.get());
    if (s == NATS_OK) s = natsOptions_SetReconnectedCB(c->options_, on_reconnected<Events>, c->events_.get());
    if (s == NATS_OK) s = natsOptions_SetClosedCB(c->options_, on_closed<Events>, c->events_.get());
    if (s != NATS_OK) return nats_error(s, "NATS options", options.url);
    s = natsConnection_Connect(&c->nc_, c->options_);
    if (s != NATS_OK) {
        if (s == NATS_INVALID_ARG || s == NATS_ILLEGAL_STATE)
            return make_error(ErrorCode::Usage, fmt::format("not a NATS server URL ({})", describe(s)), options.url);
        return unreachable(options.url, s);
    }
    jsOptions js_options;
    jsOptions_Init(&js_options);
    js_options.Wait = options.request_timeout.count();
    s = natsConnection_JetStream(&c->js_, c->nc_, &js_options);
    if (s != NATS_OK) return nats_error(s, "JetStream context", options.url);
    // A server without JetStream answers nothing on its API: say so now, not at the first publish.
    jsAccountInfo* account = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    s = js_GetAccountInfo(&account, c->js_, nullptr, &code);
    jsAccountInfo_Destroy(account);
    if (s != NATS_OK)
        return make_error(ErrorCode::Unavailable,
                          fmt::format("the NATS server does not offer JetStream (start it with -js or a jetstream block): {}", describe(s)),
                          options.url);
    return c;
}

Connection::~Connection() {
    if (js_) jsCtx_Destroy(js_);
    if (nc_) {
        events_->closing = true;
        natsConnection_FlushTimeout(nc_, 1000);
        natsConnection_Close(nc_);
        {
            // The callbacks still queued (a disconnect, then the close) read events_.
            std::unique_lock lock(events_->mutex);
            events_->closed_cv.wait_for(lock, std::chrono::seconds(5), [this] { return events_->closed; });
        }
        natsConnection_Destroy(nc_);
    }
    if (options_) natsOptions_Destroy(options_);
}

std::int64_t Connection::max_payload() const {
    return natsConnection_GetMaxPayload(nc_);
}

bool Connection::connected() const {
    return natsConnection_Status(nc_) == NATS_CONN_STATUS_CONNECTED;
}

natsStatus Connection::flush(std::chrono::milliseconds timeout) const {
    return natsConnection_FlushTimeout(nc_, timeout.count());
}

Message::~Message() {
    natsMsg_Destroy(msg_);
}

Message& Message::operator=(Message&& other) noexcept {
    if (this != &other) {
        natsMsg_Destroy(msg_);
        msg_ = other.msg_;
        other.msg_ = nullptr;
    }
    return *this;
}

std::string_view Message::data() const {
    const char* d = natsMsg_GetData(msg_);
    return d ? std::string_view(d, static_cast<std::size_t>(natsMsg_GetDataLength(msg_))) : std::string_view();
}

std::string_view Message::subject() const {
    const char* s = natsMsg_GetSubject(msg_);
    return s ? std::string_view(s) : std::string_view();
}

std::string Message::header(const char* key) const {
    const char* value = nullptr;
    if (natsMsgHeader_Get(msg_, key, &value) != NATS_OK || !value) return {};
    return value;
}

std::uint64_t Message::deliveries() const {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg_) != NATS_OK || !meta) return 0;
    const std::uint64_t n = meta->NumDelivered;
    jsMsgMetaData_Destroy(meta);
    return n;
}

natsStatus Message::ack() const {
    return natsMsg_Ack(msg_, nullptr);
}

natsStatus Message::nak() const {
    return natsMsg_Nak(msg_, nullptr);
}

natsStatus Message::term() const {
    return natsMsg_Term(msg_, nullptr);
}

natsStatus Message::in_progress() const {
    return natsMsg_InProgress(msg_, nullptr);
}

Subscription::~Subscription() {
    // Unsubscribing a pull subscription leaves its durable consumer on the broker.
    natsSubscription_Unsubscribe(sub_);
    natsSubscription_Destroy(sub_);
}

natsStatus Subscription::fetch(int max, std::chrono::milliseconds wait, std::vector<Message>& out) const {
    natsMsgList list{nullptr, 0};
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = natsSubscription_Fetch(&list, sub_, max, wait.count(), &code);
    for (int i = 0; i < list.Count; ++i) {
        out.emplace_back(list.Msgs[i]);
        list.Msgs[i] = nullptr;
    }
    natsMsgList_Destroy(&list);
    if (s == NATS_TIMEOUT) return NATS_OK;
    return s;
}

Result<bool> ensure_stream(const Connection& connection, const StreamSpec& spec) {
    const jsRetentionPolicy retention = spec.work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
    for (int attempt = 0; attempt < 2; ++attempt) {
        jsStreamInfo* info = nullptr;
        jsErrCode code = static_cast<jsErrCode>(0);
        natsStatus s = js_GetStreamInfo(&info, connection.js(), spec.name.c_str(), nullptr, &code);
        if (s == NATS_OK) {
            std::string problem;
            if (info->Config->Retention != retention)
                problem = fmt::format("has retention {}, expected {}", info->Config->Retention == js_WorkQueuePolicy ? "workqueue" : "limits/interest",
                                      spec.work_queue ? "workqueue" : "limits");
            bool has_subject = false;
            for (int i = 0; i < info->Config->SubjectsLen; ++i)
                if (spec.subjects == info->Config->Subjects[i]) has_subject = true;
            if (!has_subject && problem.empty()) problem = fmt::format("does not hold the subjects {}", spec.subjects);
            jsStreamInfo_Destroy(info);
            if (!problem.empty()) return make_error(ErrorCode::Config, fmt::format("stream {} {}", spec.name, problem), connection.url());
            return false;
        }
        if (s != NATS_NOT_FOUND) return nats_error(s, fmt::format("stream {}", spec.name), connection.url());
        jsStreamConfig config;
        jsStreamConfig_Init(&config);
        const char* subjects[] = {spec.subjects.c_str()};
        config.Name = spec.name.c_str();
        config.Subjects = subjects;
        config.SubjectsLen = 1;
        config.Retention = retention;
        config.Storage = js_FileStorage;
        config.Duplicates = static_cast<std::int64_t>(spec.duplicate_window.count()) * kNanosPerSecond;
        s = js_AddStream(&info, connection.js(), &config, nullptr, &code);
        jsStreamInfo_Destroy(info);
        if (s == NATS_OK) return true;
        // Another worker created it at the same moment: read what it made.
        if (attempt == 1) return nats_error(s, fmt::format("cannot create stream {}", spec.name), connection.url());
    }
    return false;
}

Result<std::unique_ptr<Subscription>> pull_subscribe(const Connection& connection, const ConsumerSpec& spec) {
    jsConsumerConfig config;
    jsConsumerConfig_Init(&config);
    config.Durable = spec.durable.c_str();
    config.AckPolicy = js_AckExplicit;
    config.AckWait = static_cast<std::int64_t>(spec.ack_wait.count()) * kNanosPerSecond;
    config.MaxDeliver = spec.max_deliver;
    config.FilterSubject = spec.filter_subject.c_str();
    config.DeliverPolicy = js_DeliverAll;
    jsConsumerInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetConsumerInfo(&info, connection.js(), spec.stream.c_str(), spec.durable.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND) {
        s = js_AddConsumer(&info, connection.js(), spec.stream.c_str(), &config, nullptr, &code);
        // Created by another worker in the meantime with the same settings: fine.
        if (s != NATS_OK) s = js_GetConsumerInfo(&info, connection.js(), spec.stream.c_str(), spec.durable.c_str(), nullptr, &code);
    } else if (s == NATS_OK && (info->Config->AckWait != config.AckWait || info->Config->MaxDeliver != config.MaxDeliver)) {
        jsConsumerInfo_Destroy(info);
        info = nullptr;
        s = js_UpdateConsumer(&info, connection.js(), spec.stream.c_str(), &config, nullptr, &code);
    }
    jsConsumerInfo_Destroy(info);
    if (s != NATS_OK) return nats_error(s, fmt::format("consumer {} on stream {}", spec.durable, spec.stream), connection.url());
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = spec.stream.c_str();
    options.Consumer = spec.durable.c_str();
    options.ManualAck = true;
    natsSubscription* sub = nullptr;
    s = js_PullSubscribe(&sub, connection.js(), spec.filter_subject.c_str(), spec.durable.c_str(), nullptr, &options, &code);
    if (s != NATS_OK) return nats_error(s, fmt::format("pull subscription on {}", spec.durable), connection.url());
    return std::make_unique<Subscription>(sub);
}

void shutdown_library() {
    nats_CloseAndWait(2000);
}

} // namespace mikiwame::nats
