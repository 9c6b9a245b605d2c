// SPDX-License-Identifier: Apache-2.0
// `mikiwame milter` on libmilter: the callbacks collect the SMTP envelope and the message,
// the worker pool analyses it, and end-of-message applies the verdict's actions. Every
// callback is noexcept (an exception must not unwind into libmilter's C frames) and fails
// open: no verdict in time means the configured on_error answer, never a lost mail.
//
// Threads: libmilter runs one thread per SMTP connection; analyses run on the pool's
// `milter.workers` threads; one thread of ours waits for SIGHUP (reload) and SIGTERM (stop).
// The Engine and the settings travel together as one immutable Runtime behind an atomic
// shared_ptr: SIGHUP swaps in a new one, a message keeps the one it started with.
#include "milter_command.h"

#include <arpa/inet.h>
#include <libmilter/mfapi.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "common/thread_cpu_clock.h"
#include "json_log.h"
#include "mail_headers.h"
#include "message_buffer.h"
#include "mikiwame/config.h"
#include "mikiwame/engine.h"
#include "worker_pool.h"

#ifndef MIKIWAME_VERSION
#define MIKIWAME_VERSION "unknown"
#endif

// libmilter's signal thread takes SIGHUP and SIGTERM to mean "stop accepting connections"
// (sendmail libmilter/signal.c), so a reload would close the socket and Postfix would meet a
// dead milter until restart. We link libmilter statically with --wrap=sigwait: its thread then
// waits for SIGINT only, and SIGHUP/SIGTERM come to our own signal thread. The names are the
// linker's (ld --wrap), hence the reserved identifiers.
extern "C" int __real_sigwait(const sigset_t* set, int* sig); // NOLINT(bugprone-reserved-identifier)
extern "C" int __wrap_sigwait(const sigset_t* set, int* sig) { // NOLINT(bugprone-reserved-identifier)
    sigset_t others = *set;
    sigdelset(&others, SIGHUP);
    sigdelset(&others, SIGTERM);
    return __real_sigwait(&others, sig);
}

namespace mikiwame::milter {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// How long end-of-message waits past the time budget for a worker's answer before failing open
// (the engine honours its budget; this only guards against a stuck thread).
constexpr std::chrono::milliseconds kAnswerGrace{2000};
// How long SIGTERM waits for messages in flight before the process ends.
constexpr std::chrono::seconds kShutdownGrace{60};

// What a message is handled with, from its MAIL FROM to its end: swapped whole on SIGHUP.
struct Runtime {
    std::shared_ptr<const Engine> engine;
    Config config;
    unsigned generation = 0;
};

struct Message {
    explicit Message(std::shared_ptr<const Runtime> rt)
        : runtime(std::move(rt)), buffer(runtime->config.milter.max_message_bytes) {}
    std::shared_ptr<const Runtime> runtime;
    MessageBuffer buffer;
    std::string queue_id;
    std::string mail_from;
    std::string auth_user;
    std::vector<std::string> rcpt_to;
    std::int64_t arrival_time = 0;
    std::string failure; // set when a callback failed (bad_alloc…): end of message fails open
};

struct Connection {
    std::string client_ip;
    std::string client_name;
    std::string helo;
    std::string receiving_host;
    bool can_skip = false; // the MTA accepts SMFIS_SKIP (rest of the body not sent)
    std::unique_ptr<Message> message;
};

// The answer of one analysis, filled by a worker, read by end-of-message.
struct Pending {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::optional<Report> report;
    std::string error; // why there is no usable report
    double analysis_ms = 0;
    double cpu_ms = 0; // the worker thread's CPU time for it: the cost without waiting for a core
    double wait_ms = 0;
};

class Service {
public:
    Service(const Command& command, const cli::CommonFlags& flags) : command_(command), flags_(flags) {}

    Result<std::shared_ptr<const Runtime>> load(unsigned generation) const {
        auto config = cli::resolve_settings(flags_);
        if (!config) return Unexpected<Error>{config.error()};
        if (!command_.listen.empty()) {
            const std::string& l = command_.listen;
            if (l.rfind("unix:", 0) != 0 && l.rfind("local:", 0) != 0 && l.rfind("inet:", 0) != 0 && l.rfind("inet6:", 0) != 0)
                return make_error(ErrorCode::Usage, "--listen: expected unix:/path, inet:PORT@HOST or inet6:PORT@HOST", l);
            config->milter.listen = l;
        }
        auto engine = Engine::load(config->engine);
        if (!engine) return Unexpected<Error>{engine.error()};
        auto rt = std::make_shared<Runtime>();
        rt->engine = std::move(engine.value());
        rt->config = std::move(config.value());
        rt->generation = generation;
        return std::shared_ptr<const Runtime>(std::move(rt));
    }

    int run();

    std::shared_ptr<const Runtime> runtime() const { return runtime_.load(); }
    WorkerPool& pool() { return *pool_; }
    JsonLog& log() { return log_; }
    void message_started() { ++active_messages_; }
    void message_ended() {
        if (--active_messages_ == 0) {
            std::lock_guard lock(idle_mutex_);
            idle_cv_.notify_all();
        }
    }

private:
    void signal_loop(sigset_t set);
    void reload();
    Json start_line(const Runtime& rt, const char* event) const;

    const Command& command_;
    const cli::CommonFlags& flags_;
    std::atomic<std::shared_ptr<const Runtime>> runtime_;
    std::unique_ptr<WorkerPool> pool_;
    JsonLog log_;
    std::atomic<bool> stopping_{false};
    std::atomic<long> active_messages_{0};
    std::mutex idle_mutex_;
    std::condition_variable idle_cv_;
};

Service* g_service = nullptr; // libmilter's callbacks have no user pointer but the connection's

std::string symbol(SMFICTX* ctx, const char* name) {
    const char* v = smfi_getsymval(ctx, const_cast<char*>(name));
    return v ? std::string(v) : std::string();
}

// "<a@b>" → "a@b"; Postfix hands the address as written in MAIL FROM/RCPT TO.
std::string strip_angles(const char* arg) {
    std::string s = arg ? arg : "";
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
    return s;
}

std::string address_text(const sockaddr* addr) {
    if (!addr) return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (addr->sa_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, addr, sizeof in);
        if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text)) return text;
    } else if (addr->sa_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, addr, sizeof in6);
        if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text)) return text;
    }
    return {};
}

Connection* connection(SMFICTX* ctx) {
    auto* c = static_cast<Connection*>(smfi_getpriv(ctx));
    if (!c) {
        c = new Connection;
        smfi_setpriv(ctx, c);
    }
    return c;
}

// libmilter passes the reply text through a printf-like expansion: '%' must be doubled.
std::string reply_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '%') out += '%';
    }
    return out;
}

bool budget_spent(const Report& report) {
    for (const auto& f : report.findings) {
        if (f.id != "message.limit_exceeded") continue;
        for (const auto& e : f.evidence)
            if (e.rfind("max_analysis_ms=", 0) == 0) return true;
    }
    return false;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double round_ms(double ms) {
    return static_cast<double>(static_cast<long long>(ms * 100 + 0.5)) / 100;
}

// Hands the message to a worker and waits for its answer within the time budget.
std::shared_ptr<Pending> analyse(Service& service, const Connection& conn, Message& msg) {
    auto pending = std::make_shared<Pending>();
    auto raw = std::make_shared<std::string>(msg.buffer.take_raw());
    Envelope envelope;
    envelope.client_ip = conn.client_ip;
    envelope.client_name = conn.client_name;
    envelope.helo = conn.helo;
    envelope.mail_from = msg.mail_from;
    envelope.rcpt_to = msg.rcpt_to;
    envelope.receiving_host = conn.receiving_host;
    envelope.arrival_time = msg.arrival_time;
    const auto submitted = Clock::now();
    const auto budget = std::chrono::milliseconds(msg.runtime->engine->limits().max_analysis_ms);
    const auto deadline = submitted + budget;
    service.pool().submit([pending, raw, runtime = msg.runtime, envelope = std::move(envelope), submitted,
                           deadline](AnalysisContext& context) mutable {
        std::optional<Report> report;
        std::string error;
        double analysis_ms = 0, cpu_ms = 0;
        const auto started = Clock::now();
        const double cpu_started = apps::thread_cpu_ms();
        try {
            if (started >= deadline) {
                error = "time budget (limits.max_analysis_ms) spent waiting for a worker";
            } else {
                AnalyzeRequest request;
                request.raw = *raw;
                request.envelope = std::move(envelope);
                // At the server the mail itself is what gets delivered: a customer's report to
                // the abuse desk must not be quarantined or rejected as the phishing it reports
                // (the forwarded message's links and attachments are analysed as parts of it).
                request.unwrap_forwarded = false;
                // At the first MX nobody upstream checked authentication: [online] enabled
                // has the engine check SPF (from this connection's IP, HELO and MAIL FROM), DKIM and DMARC.
                request.online = runtime->config.engine.online.enabled;
                request.time_budget = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - started);
                auto result = runtime->engine->analyze(request, context);
                analysis_ms = ms_since(started);
                cpu_ms = apps::thread_cpu_ms() - cpu_started;
                if (!result) error = "internal error: " + result.error().message;
                else report = std::move(result.value());
            }
        } catch (...) {
            error = "internal error: exception in the analysis";
        }
        std::lock_guard lock(pending->mutex);
        pending->report = std::move(report);
        pending->error = std::move(error);
        pending->analysis_ms = analysis_ms;
        pending->cpu_ms = cpu_ms;
        pending->wait_ms = std::chrono::duration<double, std::milli>(started - submitted).count();
        pending->done = true;
        pending->done_cv.notify_all();
    });
    std::unique_lock lock(pending->mutex);
    if (!pending->done_cv.wait_until(lock, deadline + kAnswerGrace, [&] { return pending->done; })) {
        // The job keeps its own references; its late answer is dropped.
        auto late = std::make_shared<Pending>();
        late->error = "no answer from the analysis within the time budget";
        return late;
    }
    return pending;
}

// Removes every X-Mikiwame-* header the mail came with. Last first, so that the positions of
// the earlier ones stay what they were.
int remove_own_headers(SMFICTX* ctx, const MessageBuffer& buffer) {
    auto own = buffer.own_headers();
    std::stable_sort(own.begin(), own.end(), [](const HeaderPosition& a, const HeaderPosition& b) { return a.index > b.index; });
    int removed = 0;
    for (auto& h : own)
        if (smfi_chgheader(ctx, h.name.data(), h.index, nullptr) == MI_SUCCESS) ++removed;
    return removed;
}

sfsistat fail_open(SMFICTX* ctx, const Runtime& rt, Json& line, const std::string& reason) {
    line["reason"] = reason;
    if (rt.config.milter.on_error == MilterOnError::TempFail) {
        line["action"] = "tempfail";
        smfi_setreply(ctx, const_cast<char*>("451"), const_cast<char*>("4.3.0"),
                      const_cast<char*>("Message not checked, try again later (mikiwame)"));
        return SMFIS_TEMPFAIL;
    }
    line["action"] = "accept";
    return SMFIS_CONTINUE;
}

sfsistat apply_verdict(SMFICTX* ctx, const Runtime& rt, const Connection& conn, const Message& msg, const Report& report,
                       Json& line) {
    const MilterSettings& settings = rt.config.milter;
    const MilterActions& actions = settings.actions_for(report.verdict);
    if (actions.reject) {
        std::string text = reply_text(settings.reject_text);
        smfi_setreply(ctx, const_cast<char*>("550"), const_cast<char*>("5.7.1"), text.data());
        line["action"] = "reject";
        return SMFIS_REJECT;
    }
    std::vector<std::string> done;
    if (actions.headers) {
        for (auto& h : verdict_headers(report, conn.receiving_host))
            if (smfi_addheader(ctx, h.name.data(), h.value.data()) != MI_SUCCESS) line["errors"].push_back("addheader " + h.name);
        done.emplace_back("headers");
    }
    if (actions.tag) {
        const std::string& lang = rt.config.language.empty() ? report.content_language : rt.config.language;
        const LocalizedText& tags = settings.tag_for(report.verdict);
        const std::string& tag = lang == "ja" ? tags.ja : tags.en;
        if (!tag.empty()) {
            std::string subject = tag_subject(msg.buffer.subject().value_or(""), tag);
            int rc = msg.buffer.subject() ? smfi_chgheader(ctx, const_cast<char*>("Subject"), 1, subject.data())
                                          : smfi_addheader(ctx, const_cast<char*>("Subject"), subject.data());
            if (rc == MI_SUCCESS) done.emplace_back("tag");
            else line["errors"].push_back("tag");
        }
    }
    if (actions.quarantine) {
        std::string reason = fmt::format("mikiwame: {} (score {})", to_string(report.verdict), format_score(report.score));
        if (smfi_quarantine(ctx, reason.data()) == MI_SUCCESS) done.emplace_back("quarantine");
        else line["errors"].push_back("quarantine");
    }
    std::string action;
    for (const auto& d : done) action += (action.empty() ? "" : ",") + d;
    line["action"] = action.empty() ? "none" : action;
    return SMFIS_CONTINUE;
}

sfsistat end_of_message(SMFICTX* ctx, Connection& conn, Message& msg) {
    Service& service = *g_service;
    const Runtime& rt = *msg.runtime;
    if (std::string id = symbol(ctx, "i"); !id.empty()) msg.queue_id = id;
    Json line;
    line["event"] = "message";
    line["queue_id"] = msg.queue_id;
    line["client_ip"] = conn.client_ip;
    if (!msg.auth_user.empty()) line["auth_user"] = msg.auth_user;
    line["size"] = msg.buffer.size();
    line["generation"] = rt.generation;

    const int removed = remove_own_headers(ctx, msg.buffer);
    if (removed > 0) line["removed_headers"] = removed;
    sfsistat status = SMFIS_CONTINUE;
    if (!msg.failure.empty()) {
        status = fail_open(ctx, rt, line, msg.failure);
    } else if (msg.buffer.oversize()) {
        // Not an error: large mail is simply not ours to judge (never tempfailed, or it
        // would come back for ever).
        line["action"] = "accept";
        line["reason"] = fmt::format("over milter.max_message_bytes={}", rt.config.milter.max_message_bytes);
    } else {
        auto pending = analyse(service, conn, msg);
        line["wait_ms"] = round_ms(pending->wait_ms);
        line["analysis_ms"] = round_ms(pending->analysis_ms);
        line["cpu_ms"] = round_ms(pending->cpu_ms);
        if (pending->report) {
            const Report& report = *pending->report;
            line["verdict"] = to_string(report.verdict);
            line["score"] = report.score;
            Json ids = Json::array();
            for (const auto& f : report.findings) ids.push_back(f.id);
            line["findings"] = std::move(ids);
        }
        if (!pending->report || !pending->error.empty()) {
            status = fail_open(ctx, rt, line, pending->error.empty() ? "no report" : pending->error);
        } else if (budget_spent(*pending->report)) {
            status = fail_open(ctx, rt, line, fmt::format("time budget limits.max_analysis_ms={} ran out", rt.engine->limits().max_analysis_ms));
        } else {
            status = apply_verdict(ctx, rt, conn, msg, *pending->report, line);
        }
    }
    service.log().write(line);
    return status;
}

void finish_message(Connection* conn) {
    if (conn && conn->message) {
        conn->message.reset();
        g_service->message_ended();
    }
}

// ---- libmilter callbacks: each catches everything ----------------------------------------

sfsistat on_negotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long, unsigned long, unsigned long* pf0,
                      unsigned long* pf1, unsigned long* pf2, unsigned long* pf3) noexcept {
    try {
        Connection* conn = connection(ctx);
        *pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE);
        *pf1 = f1 & SMFIP_SKIP;
        *pf2 = 0;
        *pf3 = 0;
        conn->can_skip = (*pf1 & SMFIP_SKIP) != 0;
        return SMFIS_CONTINUE;
    } catch (...) {
        return SMFIS_ALL_OPTS;
    }
}

sfsistat on_connect(SMFICTX* ctx, char* hostname, _SOCK_ADDR* hostaddr) noexcept {
    try {
        Connection* conn = connection(ctx);
        conn->client_ip = address_text(hostaddr);
        std::string name = hostname ? hostname : "";
        // Postfix says "unknown" and sendmail "[192.0.2.1]" when the client has no name.
        conn->client_name = (name == "unknown" || name.empty() || name.front() == '[') ? std::string() : name;
        conn->receiving_host = symbol(ctx, "j");
    } catch (...) {
    }
    return SMFIS_CONTINUE;
}

sfsistat on_helo(SMFICTX* ctx, char* helo) noexcept {
    try {
        connection(ctx)->helo = helo ? helo : "";
    } catch (...) {
    }
    return SMFIS_CONTINUE;
}

sfsistat on_envfrom(SMFICTX* ctx, char** argv) noexcept {
    try {
        Connection* conn = connection(ctx);
        finish_message(conn);
        conn->message = std::make_unique<Message>(g_service->runtime());
        g_service->message_started();
        Message& msg = *conn->message;
        msg.mail_from = strip_angles(argv ? argv[0] : nullptr);
        msg.queue_id = symbol(ctx, "i");
        msg.auth_user = symbol(ctx, "{auth_authen}");
        msg.arrival_time = static_cast<std::int64_t>(std::time(nullptr));
    } catch (...) {
        // No message state: end of message will find none and let the mail through.
    }
    return SMFIS_CONTINUE;
}

template <typename F>
sfsistat with_message(SMFICTX* ctx, F&& f) noexcept {
    Connection* conn = static_cast<Connection*>(smfi_getpriv(ctx));
    if (!conn || !conn->message) return SMFIS_CONTINUE;
    Message& msg = *conn->message;
    if (!msg.failure.empty()) return SMFIS_CONTINUE;
    try {
        return f(*conn, msg);
    } catch (const std::exception& e) {
        msg.failure = std::string("internal error: ") + e.what();
    } catch (...) {
        msg.failure = "internal error";
    }
    return SMFIS_CONTINUE;
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) noexcept {
    return with_message(ctx, [&](Connection&, Message& msg) {
        msg.rcpt_to.push_back(strip_angles(argv ? argv[0] : nullptr));
        return SMFIS_CONTINUE;
    });
}

sfsistat on_header(SMFICTX* ctx, char* name, char* value) noexcept {
    return with_message(ctx, [&](Connection&, Message& msg) {
        msg.buffer.add_header(name ? name : "", value ? value : "");
        return SMFIS_CONTINUE;
    });
}

sfsistat on_eoh(SMFICTX* ctx) noexcept {
    return with_message(ctx, [&](Connection&, Message& msg) {
        msg.buffer.end_headers();
        return SMFIS_CONTINUE;
    });
}

sfsistat on_body(SMFICTX* ctx, unsigned char* bytes, size_t len) noexcept {
    return with_message(ctx, [&](Connection& conn, Message& msg) {
        msg.buffer.add_body(std::string_view(reinterpret_cast<const char*>(bytes), len));
        // Over the limit: the rest of the body need not even be sent.
        return msg.buffer.oversize() && conn.can_skip ? SMFIS_SKIP : SMFIS_CONTINUE;
    });
}

sfsistat on_eom(SMFICTX* ctx) noexcept {
    Connection* conn = static_cast<Connection*>(smfi_getpriv(ctx));
    if (!conn || !conn->message) return SMFIS_CONTINUE;
    sfsistat status = SMFIS_CONTINUE;
    try {
        status = end_of_message(ctx, *conn, *conn->message);
    } catch (...) {
        // Past the analysis only header edits and logging can throw; the mail goes through.
        status = SMFIS_CONTINUE;
    }
    finish_message(conn);
    return status;
}

sfsistat on_abort(SMFICTX* ctx) noexcept {
    finish_message(static_cast<Connection*>(smfi_getpriv(ctx)));
    return SMFIS_CONTINUE;
}

sfsistat on_close(SMFICTX* ctx) noexcept {
    auto* conn = static_cast<Connection*>(smfi_getpriv(ctx));
    finish_message(conn);
    delete conn;
    smfi_setpriv(ctx, nullptr);
    return SMFIS_CONTINUE;
}

Json Service::start_line(const Runtime& rt, const char* event) const {
    Json line;
    line["event"] = event;
    line["version"] = MIKIWAME_VERSION;
    unsigned int major = 0, minor = 0, patch = 0;
    smfi_version(&major, &minor, &patch);
    line["libmilter"] = fmt::format("{}.{}.{}", major, minor, patch);
    line["generation"] = rt.generation;
    line["listen"] = rt.config.milter.listen;
    line["config"] = rt.config.source.string();
    line["data"] = rt.engine->data_summary();
    return line;
}

void Service::reload() {
    const unsigned next = runtime()->generation + 1;
    auto loaded = load(next);
    if (!loaded) {
        Json line{{"event", "reload"}, {"ok", false}, {"error", loaded.error().context.empty() ? loaded.error().message : loaded.error().context + ": " + loaded.error().message}};
        log_.write(line);
        return;
    }
    const auto& rt = *loaded.value();
    if (!log_.open(rt.config.milter.log_file))
        log_.write(Json{{"event", "reload"}, {"warning", "cannot open milter.log_file " + rt.config.milter.log_file.string()}});
    runtime_.store(loaded.value());
    Json line = start_line(rt, "reload");
    line["ok"] = true;
    log_.write(line);
}

void Service::signal_loop(sigset_t set) {
    for (;;) {
        siginfo_t info{};
        const int sig = sigwaitinfo(&set, &info);
        if (stopping_) return;
        if (sig == SIGHUP) {
            reload();
        } else if (sig == SIGTERM) {
            log_.write(Json{{"event", "stopping"}, {"in_flight", active_messages_.load()}});
            stopping_ = true;
            smfi_stop();
            return;
        }
    }
}

int Service::run() {
    auto first = load(1);
    if (!first) {
        const Error& e = first.error();
        std::fprintf(stderr, "mikiwame: %s%s%s\n", e.context.c_str(), e.context.empty() ? "" : ": ", e.message.c_str());
        return exit_code_for(e.code);
    }
    const Runtime& rt = *first.value();
    if (command_.check_config) {
        for (const auto& l : rt.engine->data_summary()) std::printf("%s\n", l.c_str());
        std::printf("milter: listen %s, workers %zu%s, max_message_bytes %zu, on_error %s\n", rt.config.milter.listen.c_str(),
                    rt.config.milter.workers, rt.config.milter.workers == 0 ? " (one per core)" : "", rt.config.milter.max_message_bytes,
                    rt.config.milter.on_error == MilterOnError::Accept ? "accept" : "tempfail");
        std::printf("config check: OK\n");
        return 0;
    }
    if (!log_.open(rt.config.milter.log_file)) {
        std::fprintf(stderr, "mikiwame: %s: cannot open milter.log_file\n", rt.config.milter.log_file.c_str());
        return 73; // EX_CANTCREAT
    }
    runtime_.store(first.value());
    g_service = this;

    // Before any thread starts, so that every thread inherits the mask and only our signal
    // thread receives these (libmilter's own waits for SIGINT only, see __wrap_sigwait).
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);

    smfiDesc desc{};
    desc.xxfi_name = const_cast<char*>("mikiwame");
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE;
    desc.xxfi_connect = on_connect;
    desc.xxfi_helo = on_helo;
    desc.xxfi_envfrom = on_envfrom;
    desc.xxfi_envrcpt = on_envrcpt;
    desc.xxfi_header = on_header;
    desc.xxfi_eoh = on_eoh;
    desc.xxfi_body = on_body;
    desc.xxfi_eom = on_eom;
    desc.xxfi_abort = on_abort;
    desc.xxfi_close = on_close;
    desc.xxfi_negotiate = on_negotiate;
    std::string listen = rt.config.milter.listen;
    if (smfi_register(desc) == MI_FAILURE || smfi_setconn(listen.data()) == MI_FAILURE) {
        std::fprintf(stderr, "mikiwame: milter: cannot register with libmilter\n");
        return 70;
    }
    // Opened now, not in smfi_main(), so that a taken port is an error line and exit 71.
    if (smfi_opensocket(true) == MI_FAILURE) {
        std::fprintf(stderr, "mikiwame: %s: cannot listen (address in use or not allowed)\n", listen.c_str());
        return 71; // EX_OSERR
    }
    pool_ = std::make_unique<WorkerPool>(rt.config.milter.workers);
    std::thread signals([this, set] { signal_loop(set); });
    Json line = start_line(rt, "start");
    line["workers"] = pool_->size();
    line["pid"] = static_cast<long>(getpid());
    log_.write(line);

    const int rc = smfi_main();

    // No new connections now. Let the messages in flight finish (their connections live on
    // in libmilter's threads), then stop the workers.
    {
        std::unique_lock lock(idle_mutex_);
        idle_cv_.wait_for(lock, kShutdownGrace, [this] { return active_messages_.load() == 0; });
    }
    const long left = active_messages_.load();
    if (!stopping_.exchange(true)) pthread_kill(signals.native_handle(), SIGTERM);
    signals.join();
    pool_->stop();
    log_.write(Json{{"event", "stop"}, {"unfinished", left}, {"libmilter", rc == MI_SUCCESS ? "ok" : "failure"}});
    // Connection threads may still sit in libmilter's reads; they hold no state of ours that
    // outlives the process, and returning from main() ends them.
    return rc == MI_SUCCESS ? 0 : 70;
}

} // namespace

std::unique_ptr<Command> add_command(CLI::App& root, cli::CommonFlags& flags) {
    auto command = std::make_unique<Command>();
    CLI::App* app = root.add_subcommand("milter", "Run as a milter beside Postfix or Sendmail (docs/milter.md)");
    app->add_option("--listen", command->listen, "Socket: inet:PORT@HOST, inet6:PORT@HOST or unix:/path (default: milter.listen, else inet:11332@127.0.0.1)");
    app->add_flag("--check-config", command->check_config, "Load the configuration and the data, print what was loaded, exit");
    app->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    app->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    app->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    command->app = app;
    return command;
}

int run(const Command& command, const cli::CommonFlags& flags) {
    Service service(command, flags);
    return service.run();
}

} // namespace mikiwame::milter
