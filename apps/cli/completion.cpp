// SPDX-License-Identifier: Apache-2.0
#include "completion.h"

#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace mikiwame::cli {

namespace {

enum class ValueKind { None, File, Number, Choices };

struct OptionInfo {
    std::vector<std::string> names; // "-f", "--format"
    std::string description;
    ValueKind kind = ValueKind::None;
    std::vector<std::string> choices;
};

struct CommandInfo {
    std::string path; // "" for the top level, "intel import"
    std::vector<std::pair<std::string, std::string>> subcommands; // name, description
    std::vector<OptionInfo> options;
    std::vector<std::string> argument_choices; // of a positional argument checked by IsMember
};

// What an option's value is, from its type name: "TEXT:{text,json}" (an IsMember check) lists
// choices, INT/UINT/FLOAT are numbers, anything else is completed as a file name.
void classify(const CLI::Option& option, OptionInfo& info) {
    if (option.get_expected_max() == 0 || option.get_type_size_max() == 0) return; // a flag
    const std::string type = option.get_type_name();
    const auto open = type.find('{');
    const auto close = type.find('}', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
        info.kind = ValueKind::Choices;
        std::string item;
        for (char c : type.substr(open + 1, close - open - 1)) {
            if (c == ',') {
                info.choices.push_back(item);
                item.clear();
            } else {
                item += c;
            }
        }
        if (!item.empty()) info.choices.push_back(item);
        return;
    }
    info.kind = type.starts_with("INT") || type.starts_with("UINT") || type.starts_with("FLOAT") || type.starts_with("NUMBER")
                    ? ValueKind::Number
                    : ValueKind::File;
}

void collect(const CLI::App& app, const std::string& path, std::vector<CommandInfo>& out) {
    CommandInfo command;
    command.path = path;
    for (const CLI::Option* option : app.get_options()) {
        OptionInfo info;
        if (option->get_positional()) {
            classify(*option, info);
            if (info.kind == ValueKind::Choices && command.argument_choices.empty()) command.argument_choices = info.choices;
            continue;
        }
        for (const auto& s : option->get_snames()) info.names.push_back("-" + s);
        for (const auto& l : option->get_lnames()) info.names.push_back("--" + l);
        if (info.names.empty()) continue;
        info.description = option->get_description();
        classify(*option, info);
        command.options.push_back(std::move(info));
    }
    const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
    for (const CLI::App* sub : subcommands) command.subcommands.emplace_back(sub->get_name(), sub->get_description());
    out.push_back(std::move(command));
    for (const CLI::App* sub : subcommands) collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

// `text` inside single quotes for bash and zsh.
std::string single_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else if (c == '\n') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string joined(const std::vector<std::string>& words) {
    return fmt::format("{}", fmt::join(words, " "));
}

// The case label matching option `names` of command `path` in "$path|$option".
std::string value_label(const std::string& path, const OptionInfo& option) {
    std::string label;
    for (const auto& name : option.names) label += (label.empty() ? "" : "|") + single_quoted(path + "|" + name);
    return label;
}

std::string bash_script(const std::vector<CommandInfo>& commands) {
    std::string spec, values;
    for (const auto& c : commands) {
        std::vector<std::string> cmds, opts, vopts;
        for (const auto& [name, description] : c.subcommands) cmds.push_back(name);
        for (const auto& o : c.options) {
            opts.insert(opts.end(), o.names.begin(), o.names.end());
            if (o.kind != ValueKind::None) vopts.insert(vopts.end(), o.names.begin(), o.names.end());
            if (o.kind == ValueKind::Choices)
                values += fmt::format("    {}) COMPREPLY=($(compgen -W {} -- \"$cur\")) ;;\n", value_label(c.path, o),
                                      single_quoted(joined(o.choices)));
            if (o.kind == ValueKind::Number) values += fmt::format("    {}) COMPREPLY=() ;;\n", value_label(c.path, o));
        }
        spec += fmt::format("    {}) cmds={}; opts={}; vopts={}; args={} ;;\n", single_quoted(c.path), single_quoted(joined(cmds)),
                            single_quoted(joined(opts)), single_quoted(joined(vopts)), single_quoted(joined(c.argument_choices)));
    }
    return fmt::format(R"(# bash completion for mikiwame: generated by `mikiwame completion bash` from the CLI definition.
# Installed by `make install` under share/bash-completion/completions/; or: source <(mikiwame completion bash)

# Sets cmds, opts, vopts (options that take a value) and args (the argument's choices) for the
# command path $1.
_mikiwame_spec() {{
  cmds='' opts='' vopts='' args=''
  case "$1" in
{}  esac
}}

# Completes the value of option $2 of the command path $1.
_mikiwame_values() {{
  case "$1|$2" in
{}    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}}

_mikiwame() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local cmdpath='' cmds opts vopts args i w skip=0
  _mikiwame_spec ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${{COMP_WORDS[i]}}"
    if ((skip)); then skip=0; continue; fi
    if [[ " $vopts " == *" $w "* ]]; then skip=1; continue; fi
    if [[ " $cmds " == *" $w "* ]]; then
      cmdpath="${{cmdpath:+$cmdpath }}$w"
      _mikiwame_spec "$cmdpath"
    fi
  done
  if ((skip)); then _mikiwame_values "$cmdpath" "$prev"; return 0; fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n "$cmds" ]]; then
    COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
  elif [[ -n "$args" ]]; then
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _mikiwame mikiwame
)",
                       spec, values);
}

std::string zsh_script(const std::vector<CommandInfo>& commands) {
    std::string spec, values;
    for (const auto& c : commands) {
        std::string cmds, opts, vopts;
        for (const auto& [name, description] : c.subcommands) cmds += " " + single_quoted(name + ":" + description);
        for (const auto& o : c.options) {
            for (const auto& name : o.names) {
                opts += " " + single_quoted(name + ":" + o.description);
                if (o.kind != ValueKind::None) vopts += " " + single_quoted(name);
            }
            if (o.kind == ValueKind::Choices)
                values += fmt::format("    ({}) compadd -- {} ;;\n", value_label(c.path, o), joined(o.choices));
            if (o.kind == ValueKind::Number) values += fmt::format("    ({}) ;;\n", value_label(c.path, o));
        }
        spec += fmt::format("    ({}) cmds=({}); opts=({}); vopts=({}); args=({}) ;;\n", single_quoted(c.path), cmds, opts, vopts,
                            joined(c.argument_choices));
    }
    return fmt::format(R"(#compdef mikiwame
# zsh completion for mikiwame: generated by `mikiwame completion zsh` from the CLI definition.
# Installed by `make install` under share/zsh/vendor-completions/; or: source <(mikiwame completion zsh)

# Sets cmds and opts ("name:description"), vopts (options that take a value) and args (the
# argument's choices) for the command path $1.
_mikiwame_spec() {{
  cmds=() opts=() vopts=() args=()
  case "$1" in
{}  esac
}}

# Completes the value of option $2 of the command path $1.
_mikiwame_values() {{
  case "$1|$2" in
{}    (*) _files ;;
  esac
}}

_mikiwame() {{
  local -a cmds opts vopts args
  local cmdpath='' w skip=0 cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}}
  local -i i
  _mikiwame_spec ''
  for ((i = 2; i < CURRENT; i++)); do
    w=${{words[i]}}
    if ((skip)); then skip=0; continue; fi
    if ((${{vopts[(Ie)$w]}})); then skip=1; continue; fi
    if ((${{cmds[(I)${{(b)w}}:*]}})); then
      cmdpath=${{cmdpath:+$cmdpath }}$w
      _mikiwame_spec "$cmdpath"
    fi
  done
  if ((skip)); then _mikiwame_values "$cmdpath" "$prev"; return; fi
  if [[ $cur == -* ]]; then
    _describe -t options option opts
  elif ((${{#cmds}})); then
    _describe -t commands command cmds
  elif ((${{#args}})); then
    compadd -- $args
  else
    _files
  fi
}}

if [[ "${{funcstack[1]}}" == _mikiwame ]]; then
  _mikiwame "$@"
else
  compdef _mikiwame mikiwame
fi
)",
                       spec, values);
}

} // namespace

std::string completion_script(const CLI::App& app, std::string_view shell) {
    std::vector<CommandInfo> commands;
    collect(app, "", commands);
    return shell == "zsh" ? zsh_script(commands) : bash_script(commands);
}

} // namespace mikiwame::cli
