// SPDX-License-Identifier: Apache-2.0
// `mikiwame milter`: the subcommand's options, added to the CLI's root app, and its run.
// main.cpp calls add_command() before parsing and run() when the subcommand was given.
#pragma once

#include <memory>
#include <string>

#include "../cli/settings.h"

namespace CLI {
class App;
}

namespace mikiwame::milter {

struct Command {
    CLI::App* app = nullptr;
    std::string listen;        // --listen, over milter.listen
    bool check_config = false; // --check-config
};

// Adds `milter` with its options; `flags` receives --data, --intel-db, --geoip-dir.
std::unique_ptr<Command> add_command(CLI::App& root, cli::CommonFlags& flags);
// Runs the milter until SIGTERM (or SIGINT); sysexits code.
int run(const Command& command, const cli::CommonFlags& flags);

} // namespace mikiwame::milter
