// SPDX-License-Identifier: Apache-2.0
#include "samples.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>

#include "mikiwame/input.h"
#include "mikiwame/visible.h"

namespace mikiwame::cli {

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string data;
    in.seekg(0, std::ios::end);
    data.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
    in.seekg(0);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    return data;
}

// Files under `root`, sorted; Maildir's tmp/ (mail still being written) is left out.
std::vector<fs::path> files_of(const fs::path& root, std::error_code& ec) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root, ec)) return {root};
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory() && it->path().filename() == "tmp" && fs::is_directory(it->path().parent_path() / "cur")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

bool collect_samples(const std::vector<std::string>& dirs, const std::string& label, std::vector<Sample>& out,
                     std::size_t& skipped) {
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::exists(dir, ec)) {
            std::fprintf(stderr, "mikiwame: %s: no such file or folder\n", make_visible(dir, false).c_str());
            return false;
        }
        std::vector<fs::path> files = files_of(dir, ec);
        if (ec) {
            std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(dir, false).c_str(), ec.message().c_str());
            return false;
        }
        for (auto& f : files) {
            const std::string bytes = read_file(f);
            InputInspection inspected = inspect_input(bytes);
            if (inspected.kind == InputKind::Mail) {
                out.push_back({f, label, f.string(), {}, dir});
            } else if (inspected.kind == InputKind::Mbox) {
                for (auto& m : split_mbox(bytes, SIZE_MAX))
                    out.push_back({f, label, fmt::format("{}#{}", f.string(), m.offset), std::move(m.text), dir});
            } else if (inspected.kind == InputKind::OutlookMsg) {
                auto converted = convert_outlook_msg(bytes, Limits{});
                if (converted) {
                    out.push_back({f, label, f.string(), std::move(converted->mime), dir});
                } else {
                    ++skipped;
                    std::fprintf(stderr, "mikiwame: %s: skipped, %s\n", make_visible(f.string(), false).c_str(), converted.error().message.c_str());
                }
            } else {
                ++skipped;
                std::fprintf(stderr, "mikiwame: %s: skipped, %s\n", make_visible(f.string(), false).c_str(), inspected.description.c_str());
            }
        }
    }
    return true;
}

std::shared_ptr<const Engine> load_token_engine(const EngineOptions& options, int& exit_code) {
    EngineOptions token_options = options;
    token_options.use_content_model = false;
    token_options.content_model_bytes.clear();
    auto engine = Engine::load(token_options);
    if (engine) return std::move(engine.value());
    const Error& e = engine.error();
    std::fprintf(stderr, "mikiwame: %s%s%s\n", e.context.c_str(), e.context.empty() ? "" : ": ", e.message.c_str());
    exit_code = exit_code_for(e.code);
    return nullptr;
}

std::string sample_bytes(const Sample& sample) {
    return sample.mbox_text.empty() ? read_file(sample.path) : sample.mbox_text;
}

} // namespace mikiwame::cli
