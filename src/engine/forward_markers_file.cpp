// SPDX-License-Identifier: Apache-2.0
#include "engine/forward_markers_file.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/toml.h"

namespace mikiwame::engine {

namespace {

using message::ForwardField;
using message::ForwardStyle;

std::string where(std::string_view origin, const toml::node& node) {
    return catalog::toml_location(origin, node.source());
}

// The styles a marker may name: the inline ones (the attachment styles come from the MIME).
std::optional<ForwardStyle> inline_style(std::string_view name) {
    for (ForwardStyle style : {ForwardStyle::Gmail, ForwardStyle::Outlook, ForwardStyle::Thunderbird, ForwardStyle::Apple, ForwardStyle::Generic})
        if (name == message::to_string(style)) return style;
    return std::nullopt;
}

std::optional<ForwardField> field_named(std::string_view name) {
    for (ForwardField field : {ForwardField::From, ForwardField::Date, ForwardField::Subject, ForwardField::To, ForwardField::Cc,
                               ForwardField::ReplyTo})
        if (name == message::to_string(field)) return field;
    return std::nullopt;
}

// A string array whose entries are not blank.
Result<std::vector<std::string>> phrases_at(toml::node_view<const toml::node> node, std::string_view key, std::string_view origin) {
    auto values = catalog::toml_string_array(node, key, origin);
    if (!values) return values;
    for (const auto& v : *values)
        if (base::trim(v).empty()) return make_error(ErrorCode::Config, fmt::format("{}: an empty entry", key), where(origin, *node.node()));
    return values;
}

Result<bool> read_markers(const toml::table& root, std::string_view origin, message::ForwardMarkers& out) {
    const toml::node_view<const toml::node> node = root["marker"];
    if (!node) return make_error(ErrorCode::Config, "marker: expected at least one [[marker]]", catalog::toml_location(origin, root.source()));
    const toml::array* array = node.as_array();
    if (!array) return make_error(ErrorCode::Config, "marker: expected an array of tables ([[marker]])", where(origin, *node.node()));
    for (const toml::node& entry : *array) {
        const toml::table* t = entry.as_table();
        if (!t) return make_error(ErrorCode::Config, "marker: expected a table", where(origin, entry));
        MIKIWAME_TRY(catalog::reject_unknown_keys(*t, {"style", "lines", "phrases", "reply_too"}, origin, "marker."));
        message::ForwardMarker marker;
        const auto style_node = (*t)["style"];
        auto style_name = style_node.value<std::string>();
        auto style = style_name ? inline_style(*style_name) : std::nullopt;
        if (!style)
            return make_error(ErrorCode::Config, "marker.style: expected \"gmail\", \"outlook\", \"thunderbird\", \"apple\" or \"generic\"",
                              where(origin, style_node ? *style_node.node() : static_cast<const toml::node&>(*t)));
        marker.style = *style;
        auto lines = phrases_at((*t)["lines"], "marker.lines", origin);
        if (!lines) return Unexpected<Error>{lines.error()};
        auto phrases = phrases_at((*t)["phrases"], "marker.phrases", origin);
        if (!phrases) return Unexpected<Error>{phrases.error()};
        if (lines->empty() && phrases->empty())
            return make_error(ErrorCode::Config, "marker: expected lines or phrases", where(origin, *t));
        marker.lines = std::move(*lines);
        marker.phrases = std::move(*phrases);
        if (const auto reply = (*t)["reply_too"]) {
            auto v = reply.value<bool>();
            if (!v) return make_error(ErrorCode::Config, "marker.reply_too: expected true or false", where(origin, *reply.node()));
            marker.reply_too = *v;
        }
        out.markers.push_back(std::move(marker));
    }
    return true;
}

Result<bool> read_thresholds(const toml::table& root, std::string_view origin, message::ForwardMarkers& out) {
    const toml::table* t = root["thresholds"].as_table();
    if (!t) return make_error(ErrorCode::Config, "thresholds: expected a table", catalog::toml_location(origin, root.source()));
    const std::pair<std::string_view, std::size_t*> keys[] = {
        {"max_forwarder_lines", &out.max_forwarder_lines}, {"max_forwarder_bytes", &out.max_forwarder_bytes},
        {"max_signature_lines", &out.max_signature_lines}, {"max_scan_lines", &out.max_scan_lines},
        {"max_header_lines", &out.max_header_lines},       {"max_trailing_lines", &out.max_trailing_lines}};
    std::vector<std::string_view> known;
    for (const auto& [key, into] : keys) known.push_back(key);
    MIKIWAME_TRY(catalog::reject_unknown_keys(*t, std::span<const std::string_view>(known), origin, "thresholds."));
    for (const auto& [key, into] : keys) {
        const auto node = (*t)[key];
        if (!node) return make_error(ErrorCode::Config, fmt::format("thresholds.{}: missing", key), where(origin, *t));
        auto v = node.value<std::int64_t>();
        if (!v || *v <= 0) return make_error(ErrorCode::Config, fmt::format("thresholds.{}: expected a positive integer", key), where(origin, *node.node()));
        *into = static_cast<std::size_t>(*v);
    }
    return true;
}

Result<bool> read_labels(const toml::table& root, std::string_view origin, message::ForwardMarkers& out) {
    const toml::table* t = root["labels"].as_table();
    if (!t) return make_error(ErrorCode::Config, "labels: expected a table", catalog::toml_location(origin, root.source()));
    for (const auto& [key, node] : *t) {
        auto field = field_named(key.str());
        if (!field)
            return make_error(ErrorCode::Config,
                              fmt::format("labels.{}: unknown field (expected from, date, subject, to, cc, reply_to)", key.str()),
                              where(origin, node));
        auto labels = phrases_at((*t)[key.str()], fmt::format("labels.{}", key.str()), origin);
        if (!labels) return Unexpected<Error>{labels.error()};
        for (auto& label : *labels) out.labels.emplace_back(std::move(label), *field);
    }
    if (std::none_of(out.labels.begin(), out.labels.end(), [](const auto& l) { return l.second == ForwardField::From; }))
        return make_error(ErrorCode::Config, "labels.from: expected the labels of the sender", where(origin, *t));
    return true;
}

Result<bool> read_date_words(const toml::table& root, std::string_view origin, message::ForwardMarkers& out) {
    const toml::table* t = root["date"].as_table();
    if (!t) return make_error(ErrorCode::Config, "date: expected a table", catalog::toml_location(origin, root.source()));
    MIKIWAME_TRY(catalog::reject_unknown_keys(*t, {"pm", "am", "zones"}, origin, "date."));
    auto pm = phrases_at((*t)["pm"], "date.pm", origin);
    if (!pm) return Unexpected<Error>{pm.error()};
    auto am = phrases_at((*t)["am"], "date.am", origin);
    if (!am) return Unexpected<Error>{am.error()};
    out.pm_words = std::move(*pm);
    out.am_words = std::move(*am);
    if (const toml::table* zones = (*t)["zones"].as_table()) {
        for (const auto& [name, node] : *zones) {
            auto offset = node.value<std::string>();
            const bool valid = offset && offset->size() == 5 && ((*offset)[0] == '+' || (*offset)[0] == '-') &&
                               std::all_of(offset->begin() + 1, offset->end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!valid) return make_error(ErrorCode::Config, fmt::format("date.zones.{}: expected an offset \"+HHMM\"", name.str()), where(origin, node));
            out.zones.emplace_back(std::string(name.str()), *offset);
        }
    } else if ((*t)["zones"]) {
        return make_error(ErrorCode::Config, "date.zones: expected a table of offsets", where(origin, *(*t)["zones"].node()));
    }
    return true;
}

} // namespace

Result<message::ForwardMarkers> parse_forward_markers(std::string_view toml_text, std::string_view origin) {
    auto parsed = catalog::parse_toml(toml_text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    const toml::table& root = *parsed;
    MIKIWAME_TRY(catalog::reject_unknown_keys(root, {"thresholds", "marker", "end_phrases", "subject_prefixes", "labels", "html", "date"}, origin));
    message::ForwardMarkers out;
    MIKIWAME_TRY(read_thresholds(root, origin, out));
    MIKIWAME_TRY(read_markers(root, origin, out));
    MIKIWAME_TRY(read_labels(root, origin, out));
    MIKIWAME_TRY(read_date_words(root, origin, out));
    auto end_phrases = phrases_at(root["end_phrases"], "end_phrases", origin);
    if (!end_phrases) return Unexpected<Error>{end_phrases.error()};
    out.end_phrases = std::move(*end_phrases);
    auto prefixes = phrases_at(root["subject_prefixes"], "subject_prefixes", origin);
    if (!prefixes) return Unexpected<Error>{prefixes.error()};
    out.subject_prefixes = std::move(*prefixes);
    if (const auto html = root["html"]) {
        const toml::table* t = html.as_table();
        if (!t) return make_error(ErrorCode::Config, "html: expected a table", where(origin, *html.node()));
        MIKIWAME_TRY(catalog::reject_unknown_keys(*t, {"anchors"}, origin, "html."));
        auto anchors = phrases_at((*t)["anchors"], "html.anchors", origin);
        if (!anchors) return Unexpected<Error>{anchors.error()};
        out.html_anchors = std::move(*anchors);
    }
    return message::prepare_forward_markers(std::move(out));
}

Result<message::ForwardMarkers> load_forward_markers(const std::filesystem::path& path) {
    auto text = catalog::read_data_file(path, "forward markers");
    if (!text) return Unexpected<Error>{text.error()};
    return parse_forward_markers(*text, path.string());
}

} // namespace mikiwame::engine
