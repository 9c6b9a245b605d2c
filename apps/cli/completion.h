// SPDX-License-Identifier: Apache-2.0
// Shell completion generated from the CLI definition itself (`mikiwame completion bash|zsh`), so
// a new command or option completes without anyone editing a script. `make install` writes
// both scripts where bash-completion and zsh look for them.
#pragma once

#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace mikiwame::cli {

// The completion script for `shell` ("bash" or "zsh") of every command, subcommand and option
// of `app`: option values complete as file names, or as the choices of an IsMember check.
std::string completion_script(const CLI::App& app, std::string_view shell);

} // namespace mikiwame::cli
