// SPDX-License-Identifier: Apache-2.0
// `mikiwame serve`: the subcommand's options, added to the CLI's root app, and its run
// (docs/serve.md).
#pragma once

#include <memory>
#include <string>

#include "../cli/settings.h"

namespace CLI {
class App;
}

namespace mikiwame::server {

struct Command {
    CLI::App* app = nullptr;
    std::string listen;     // --listen, over serve.listen
    std::string history_db; // --history-db, over serve.history_db
    std::string token_file; // --token-file, over serve.token_file
    bool store_raw = false; // --store-raw
    bool quiet = false;     // --quiet: no line per request
};

std::unique_ptr<Command> add_command(CLI::App& root, cli::CommonFlags& flags);
// Serves until SIGTERM or SIGINT; sysexits code.
int run(const Command& command, const cli::CommonFlags& flags);

} // namespace mikiwame::server
