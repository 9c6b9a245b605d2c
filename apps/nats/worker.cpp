// SPDX-License-Identifier: Apache-2.0
#include "worker.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "mikiwame/context.h"
#include "mikiwame/render.h"
#include "mikiwame/request.h"
#include "publisher.h"
#include "mikiwame/input.h"

namespace mikiwame::nats {

namespace {

using Clock = std::chrono::steady_clock;

// How long a report is offered to a broker that keeps failing before its mail is given back.
constexpr std::chrono::seconds kPublishPatience{300};

// A mail held by this worker, from its fetch to its ack (or until it is given back).
struct Job {
    explicit Job(Message m) : msg(std::move(m)) {}
    Message msg;
    std::mutex mutex; // the ack and the "in progress" signals must not cross
    bool finished = false;
};

class Worker {
public:
    Worker(const Connection& connection, const Engine& engine, const WorkerOptions& options, const std::atomic<bool>& stop)
        : connection_(connection), engine_(engine), options_(options), stop_(stop) {
        jobs_ = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
        max_inflight_ = options.max_inflight ? options.max_inflight : 2 * jobs_;
        batch_ = std::min(options.batch ? options.batch : max_inflight_, max_inflight_);
        const auto ack_wait = std::chrono::duration_cast<std::chrono::milliseconds>(options.consumer.ack_wait);
        // Well inside the ack wait, so that a slow analysis or a long wait in the queue is never
        // taken for a dead worker.
        heartbeat_every_ = std::max(std::chrono::milliseconds(500), ack_wait / 3);
    }

    WorkerStats run(Subscription& subscription);

private:
    void analyse_loop();
    void process(Job& job, AnalysisContext& context);
    // Publishes until stored, refused for good (too large…), or given up (the grace is over,
    // or the broker did not take it for kPublishPatience: the mail goes back to the queue).
    enum class Outcome { Stored, Refused, GaveUp };
    Outcome publish_report(natsMsg* report, const std::string& id, bool& duplicate);
    void finish(const std::shared_ptr<Job>& job);
    void heartbeat();
    void log(const std::string& line) const {
        if (options_.log) options_.log(line);
    }

    const Connection& connection_;
    const Engine& engine_;
    const WorkerOptions& options_;
    const std::atomic<bool>& stop_;
    unsigned jobs_ = 1;
    std::size_t max_inflight_ = 2;
    std::size_t batch_ = 2;
    std::chrono::milliseconds heartbeat_every_{1000};

    std::mutex mutex_;
    std::condition_variable queue_cv_; // work for the analysis threads
    std::condition_variable done_cv_;  // a job finished (room for more)
    std::deque<std::shared_ptr<Job>> queue_;
    std::list<std::shared_ptr<Job>> held_; // queued or being analysed
    bool closing_ = false;                 // no more jobs will come
    std::atomic<bool> abandon_{false};     // the grace is over: give up what is held
    WorkerStats stats_;
};

void Worker::heartbeat() {
    std::vector<std::shared_ptr<Job>> held;
    {
        std::lock_guard lock(mutex_);
        held.assign(held_.begin(), held_.end());
    }
    for (auto& job : held) {
        std::lock_guard lock(job->mutex);
        if (!job->finished) job->msg.in_progress();
    }
}

WorkerStats Worker::run(Subscription& subscription) {
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < jobs_; ++i) threads.emplace_back([this] { analyse_loop(); });
    auto last_heartbeat = Clock::now();
    auto last_mail = Clock::now();
    bool broker_away = false;
    while (!stop_.load()) {
        if (Clock::now() - last_heartbeat >= heartbeat_every_) {
            heartbeat();
            last_heartbeat = Clock::now();
        }
        std::size_t room = 0;
        {
            std::unique_lock lock(mutex_);
            room = max_inflight_ - std::min(max_inflight_, held_.size());
            if (!held_.empty()) last_mail = Clock::now();
            else if (options_.idle_timeout.count() > 0 && Clock::now() - last_mail >= options_.idle_timeout) break;
            if (room == 0) {
                done_cv_.wait_for(lock, std::chrono::milliseconds(200));
                continue;
            }
        }
        std::vector<Message> fetched;
        const natsStatus s = subscription.fetch(static_cast<int>(std::min(room, batch_)), std::chrono::milliseconds(1000), fetched);
        if (s != NATS_OK && fetched.empty()) {
            if (!broker_away) log(fmt::format("fetch failed, retrying: {}", describe(s)));
            broker_away = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            continue;
        }
        if (broker_away) log("fetching again");
        broker_away = false;
        if (fetched.empty()) continue;
        last_mail = Clock::now();
        std::lock_guard lock(mutex_);
        for (auto& m : fetched) {
            auto job = std::make_shared<Job>(std::move(m));
            held_.push_back(job);
            queue_.push_back(std::move(job));
        }
        queue_cv_.notify_all();
    }
    // Stopping: no more fetches; the mails held are finished within the grace.
    const auto grace_end = Clock::now() + options_.shutdown_grace;
    {
        std::unique_lock lock(mutex_);
        closing_ = true;
        queue_cv_.notify_all();
        log(fmt::format("stopping: finishing {} mail(s) in flight", held_.size()));
        while (!held_.empty() && Clock::now() < grace_end) {
            lock.unlock();
            heartbeat();
            lock.lock();
            done_cv_.wait_for(lock, std::min<std::chrono::milliseconds>(heartbeat_every_, std::chrono::milliseconds(500)));
        }
        if (!held_.empty()) abandon_ = true;
        queue_cv_.notify_all();
    }
    for (auto& t : threads) t.join();
    {
        std::lock_guard lock(mutex_);
        // What was never started or was abandoned goes back to the stream at once.
        for (auto& job : held_) {
            std::lock_guard job_lock(job->mutex);
            if (!job->finished) job->msg.nak();
            ++stats_.abandoned;
        }
        held_.clear();
    }
    connection_.flush(std::chrono::milliseconds(2000)); // the last acks reach the broker
    return stats_;
}

void Worker::analyse_loop() {
    AnalysisContext context;
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            queue_cv_.wait(lock, [&] { return !queue_.empty() || closing_ || abandon_; });
            if (abandon_ || queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            process(*job, context);
        } catch (const std::exception& e) {
            log(fmt::format("{}: internal error: {}", job->msg.header(kLocationHeader), e.what()));
        }
        finish(job);
    }
}

void Worker::finish(const std::shared_ptr<Job>& job) {
    std::lock_guard lock(mutex_);
    if (job->finished) held_.remove(job);
    done_cv_.notify_all();
}

Worker::Outcome Worker::publish_report(natsMsg* report, const std::string& id, bool& duplicate) {
    jsPubOptions pub;
    jsPubOptions_Init(&pub);
    pub.MsgId = id.c_str();
    auto backoff = std::chrono::milliseconds(100);
    const auto give_up_at = Clock::now() + kPublishPatience;
    bool said = false;
    for (;;) {
        jsPubAck* ack = nullptr;
        jsErrCode code = static_cast<jsErrCode>(0);
        const natsStatus s = js_PublishMsg(&ack, connection_.js(), report, &pub, &code);
        if (s == NATS_OK) {
            duplicate = ack && ack->Duplicate;
            jsPubAck_Destroy(ack);
            if (said) log("report stored after retrying");
            return Outcome::Stored;
        }
        jsPubAck_Destroy(ack);
        if (!transient(s)) {
            log(fmt::format("report {} refused by the broker: {}", id, describe(s)));
            return Outcome::Refused;
        }
        if (abandon_) return Outcome::GaveUp;
        if (Clock::now() >= give_up_at) {
            log(fmt::format("report {} not stored after {} s, giving the mail back: {}", id, kPublishPatience.count(), describe(s)));
            return Outcome::GaveUp;
        }
        if (!said) log(fmt::format("publishing a report failed, retrying: {}", describe(s)));
        said = true;
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
}

void Worker::process(Job& job, AnalysisContext& context) {
    const std::string_view raw = job.msg.data();
    const std::string id = message_sha256(raw);
    const std::string location = job.msg.header(kLocationHeader);
    AnalyzeRequest request;
    request.raw = raw;
    auto report = engine_.analyze(request, context);
    if (!report) {
        log(fmt::format("{}: analysis failed: {}", location, report.error().message));
        {
            std::lock_guard lock(job.mutex);
            job.msg.nak(); // another worker may fare better; max_deliver bounds the attempts
            job.finished = true;
        }
        std::lock_guard lock(mutex_);
        ++stats_.failed;
        return;
    }
    const std::string json = engine_.renderer().render(*report, ReportFormat::Json);
    const std::string subject = fmt::format("{}.{}", options_.results_subject, to_string(report->verdict));
    natsMsg* out = nullptr;
    natsStatus s = natsMsg_Create(&out, subject.c_str(), nullptr, json.data(), static_cast<int>(json.size()));
    if (s == NATS_OK) s = natsMsgHeader_Set(out, kSha256Header, id.c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(out, kVerdictHeader, to_string(report->verdict));
    if (s == NATS_OK && !location.empty()) s = natsMsgHeader_Set(out, kLocationHeader, location.c_str());
    if (const std::string label = job.msg.header(kLabelHeader); s == NATS_OK && !label.empty())
        s = natsMsgHeader_Set(out, kLabelHeader, label.c_str());
    bool duplicate = false;
    const Outcome outcome = s == NATS_OK ? publish_report(out, id, duplicate) : Outcome::Refused;
    natsMsg_Destroy(out);
    {
        std::lock_guard lock(job.mutex);
        if (outcome == Outcome::Stored) {
            job.msg.ack(); // only now: the report is in the results stream
        } else if (outcome == Outcome::Refused) {
            // Retrying cannot help (a report over the broker's max_payload…): not again.
            log(fmt::format("{}: no report stored, mail taken off the queue", location));
            job.msg.term();
        } else if (!abandon_) {
            job.msg.nak();
        }
        // Abandoned at the end of the grace: run() gives it back.
        job.finished = !(outcome == Outcome::GaveUp && abandon_);
    }
    std::lock_guard lock(mutex_);
    ++stats_.analysed;
    if (outcome == Outcome::Stored && duplicate) ++stats_.duplicates;
    else if (outcome == Outcome::Stored) ++stats_.stored;
    else ++stats_.failed;
}

} // namespace

Result<WorkerStats> run_worker(const Connection& connection, const Engine& engine, const WorkerOptions& options, const std::atomic<bool>& stop) {
    for (const StreamSpec* spec : {&options.work_stream, &options.results_stream}) {
        auto made = ensure_stream(connection, *spec);
        if (!made) return Unexpected<Error>{made.error()};
        if (*made && options.log) options.log(fmt::format("created stream {} ({})", spec->name, spec->subjects));
    }
    auto subscription = pull_subscribe(connection, options.consumer);
    if (!subscription) return Unexpected<Error>{subscription.error()};
    Worker worker(connection, engine, options, stop);
    return worker.run(**subscription);
}

} // namespace mikiwame::nats
