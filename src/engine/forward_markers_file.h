// SPDX-License-Identifier: Apache-2.0
// Reads data/phrases/forward.toml (docs/data.md, "Forwarded reports") into the message stage's
// ForwardMarkers: the markers, header labels, subject prefixes, HTML anchors, date words and
// thresholds of forwarded-report detection. Loaded once by Engine::load.
#pragma once

#include <filesystem>
#include <string_view>

#include "message/forward_markers.h"
#include "mikiwame/result.h"

namespace mikiwame::engine {

// Parses the file's text; `origin` names it in errors. Unknown keys and tables, an unknown
// style or field, a threshold that is not a positive integer, a zone offset not "+HHMM", an
// empty marker: ErrorCode::Config at origin:line:col. The result is prepared
// (message::prepare_forward_markers).
[[nodiscard]] Result<message::ForwardMarkers> parse_forward_markers(std::string_view toml_text, std::string_view origin);

// Reads and parses `path` (data/phrases/forward.toml).
[[nodiscard]] Result<message::ForwardMarkers> load_forward_markers(const std::filesystem::path& path);

} // namespace mikiwame::engine
