// SPDX-License-Identifier: Apache-2.0
// `mikiwame publish`, `worker` and `results` (docs/scale-out.md): the subcommands' options,
// added to the CLI's root app, and their runs. Thin: the work is in the library beside it
// (client, publisher, worker, collector), so that `scan --publish` can call the same code.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../cli/settings.h"

namespace CLI {
class App;
}

namespace mikiwame::nats {

struct Commands {
    CLI::App* publish = nullptr;
    CLI::App* worker = nullptr;
    CLI::App* results = nullptr;
    CLI::App* scan = nullptr;                      // `scan`, when --publish was added to it
    const std::vector<std::string>* scan_paths = nullptr;
    bool scan_publish = false;                     // scan --publish URL given
    // Shared by the three (each overrides the [nats] settings).
    std::string url;
    std::string stream;
    // publish
    std::vector<std::string> paths;
    std::string label;
    std::size_t max_pending = 256;
    // worker
    std::string results_subject;
    std::size_t batch = 0;
    std::size_t max_inflight = 0;
    unsigned jobs = 0;
    std::size_t ack_wait = 0;
    // worker and results
    std::size_t idle_timeout = 0;
    // results
    std::string output;
    std::string db;
    std::size_t expect = 0;
};

std::unique_ptr<Commands> add_commands(CLI::App& root, cli::CommonFlags& flags);
// `scan --publish URL [--stream NAME] [--label L]`: the scan's mailboxes fed to the work queue.
void add_scan_publish_options(CLI::App& scan, Commands& commands, std::vector<std::string>& paths);
// The exit code when one of the three was given on the command line, else nothing.
std::optional<int> run(const Commands& commands, const cli::CommonFlags& flags);

} // namespace mikiwame::nats
