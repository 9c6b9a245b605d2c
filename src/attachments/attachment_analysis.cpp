// SPDX-License-Identifier: Apache-2.0
#include "attachments/attachment_analysis.h"

#include <zip.h>

#include <fmt/format.h>

#include <algorithm>

#include "base/charset.h"
#include "base/text.h"
#include "message/html_document.h"

namespace mikiwame::attachments {

namespace {

constexpr std::size_t kMaxArchiveEntries = 2000;

std::string extension_of(std::string_view name) {
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= name.size()) return {};
    return base::to_lower_ascii(base::trim(name.substr(dot + 1)));
}

bool starts_with_bytes(std::string_view data, std::string_view magic) {
    return data.size() >= magic.size() && data.substr(0, magic.size()) == magic;
}

// Native executable formats by their magic numbers.
std::string executable_format(std::string_view data) {
    if (starts_with_bytes(data, "MZ")) return "Windows PE";
    if (starts_with_bytes(data, "\x7F" "ELF")) return "ELF";
    for (std::string_view macho : {std::string_view("\xFE\xED\xFA\xCE", 4), std::string_view("\xFE\xED\xFA\xCF", 4),
                                   std::string_view("\xCE\xFA\xED\xFE", 4), std::string_view("\xCF\xFA\xED\xFE", 4)})
        if (starts_with_bytes(data, macho)) return "Mach-O";
    return {};
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// Entry names of a ZIP archive (libzip from memory; names only, nothing is decompressed).
std::vector<std::string> zip_entries(std::string_view data, bool& truncated) {
    std::vector<std::string> names;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(data.data(), data.size(), 0, &error);
    if (!source) {
        zip_error_fini(&error);
        return names;
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!archive) {
        zip_source_free(source);
        zip_error_fini(&error);
        return names;
    }
    zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        if (names.size() >= kMaxArchiveEntries) {
            truncated = true;
            break;
        }
        const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
        if (name) names.emplace_back(base::sanitize_utf8(name));
    }
    zip_discard(archive); // also frees the source
    zip_error_fini(&error);
    return names;
}

bool is_html_attachment(const message::Part& part) {
    std::string ext = extension_of(part.filename.value_or(""));
    return part.content_type == "text/html" || ext == "html" || ext == "htm" || ext == "shtml" || ext == "xhtml" ||
           part.sniffed_type == "text/html";
}

void analyze_part(const message::Part& part, const AttachmentLists& lists, const Limits& limits,
                  AttachmentFacts& facts) {
    AttachmentInfo info;
    info.filename = part.filename;
    info.content_type = part.content_type;
    info.size = part.size;
    info.sha256 = part.sha256;
    std::string name = part.filename.value_or("");
    std::string shown = name.empty() ? "(unnamed " + part.content_type + ")" : name;
    if (!part.sniffed_type.empty() && part.sniffed_type != part.content_type)
        info.flags.push_back("sniffed_type:" + part.sniffed_type);
    std::string_view data = part.content;

    // Executables: by content first, then by name.
    std::string format = executable_format(data);
    std::string ext = extension_of(name);
    bool rtlo = contains(name, "\xE2\x80\xAE"); // U+202E turns "gpj.exe" into "exe.jpg" on screen
    std::string stem = name.substr(0, name.size() - std::min(name.size(), ext.size() + 1));
    std::string inner_ext = extension_of(stem);
    bool double_extension = lists.is_executable(ext) && lists.is_document(inner_ext);
    if (!format.empty() || lists.is_executable(ext) || rtlo) {
        std::vector<std::string> why;
        if (!format.empty()) why.push_back(fmt::format("{} is a {} executable by its content", shown, format));
        if (!format.empty() && !lists.is_executable(ext) && !ext.empty())
            why.push_back(fmt::format("its name ends in .{}, hiding what it is", ext));
        if (double_extension) why.push_back(fmt::format("{} has a double extension (.{}.{})", shown, inner_ext, ext));
        else if (format.empty() && lists.is_executable(ext)) why.push_back(fmt::format("{} is a .{} file", shown, ext));
        if (rtlo) why.push_back(fmt::format("{} contains a right-to-left override character", shown));
        info.flags.push_back("executable");
        if (double_extension) info.flags.push_back("double_extension");
        facts.hits.push_back({"attachment.executable", std::move(why)});
    }

    // Office macros: OLE compound file with a VBA project, OOXML with vbaProject.bin.
    bool is_ole = starts_with_bytes(data, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
    bool is_zip = starts_with_bytes(data, "PK\x03\x04");
    bool ole_vba = is_ole && (contains(data, "_VBA_PROJECT") ||
                              contains(data, std::string_view("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T", 23)) ||
                              contains(data, std::string_view("V\0B\0A\0\0\0", 8)));
    std::vector<std::string> entries;
    bool truncated = false;
    if (is_zip) entries = zip_entries(data, truncated);
    bool ooxml_vba = std::any_of(entries.begin(), entries.end(), [](const std::string& e) {
        return base::to_lower_ascii(e).ends_with("vbaproject.bin");
    });
    if (ole_vba || ooxml_vba || lists.is_macro_document(ext)) {
        info.flags.push_back("macro");
        std::string why = ole_vba ? "an OLE document with a VBA project"
                          : ooxml_vba ? "an Office Open XML document with vbaProject.bin"
                                      : fmt::format("a macro-enabled .{} document", ext);
        facts.hits.push_back({"attachment.macro", {fmt::format("{} is {}", shown, why)}});
    }

    // Archives holding executables (listing only, never extracted).
    if (is_zip && !ooxml_vba) {
        info.flags.push_back("archive");
        std::vector<std::string> bad;
        for (const auto& entry : entries)
            if (lists.is_executable(extension_of(entry))) bad.push_back(entry);
        if (!bad.empty()) {
            std::vector<std::string> why;
            for (std::size_t i = 0; i < bad.size() && i < 5; ++i) why.push_back(fmt::format("{} contains {}", shown, bad[i]));
            facts.hits.push_back({"attachment.archive_executable", std::move(why)});
        }
        if (truncated) info.flags.push_back("archive_listing_truncated");
    }

    // HTML attachments: a local page that asks for a password or posts elsewhere is a
    // phishing page the mail carries with it.
    if (is_html_attachment(part)) {
        message::HtmlDocument doc;
        if (part.html) {
            doc = *part.html;
        } else {
            std::vector<message::ParseIssue> ignored;
            doc = message::parse_html_document(base::decode_to_utf8(data, "").utf8, limits, ignored);
        }
        std::vector<std::string> why;
        for (const auto& form : doc.forms) {
            bool posts_away = base::istarts_with_ascii(form.action, "http://") || base::istarts_with_ascii(form.action, "https://") ||
                              base::istarts_with_ascii(form.action, "//");
            if (form.has_password)
                why.push_back(fmt::format("{} holds a form with a password field{}", shown,
                                          form.action.empty() ? "" : " posting to " + form.action));
            else if (posts_away && !form.input_types.empty())
                why.push_back(fmt::format("{} holds a form posting to {}", shown, form.action));
        }
        for (const auto& script : doc.scripts) {
            bool sends = contains(script, "XMLHttpRequest") || contains(script, "fetch(") || contains(script, "$.post") ||
                         contains(script, "$.ajax") || contains(script, ".submit()");
            if (sends && (base::icontains_ascii(script, "pass") || base::icontains_ascii(script, "email"))) {
                why.push_back(fmt::format("{} has a script that sends what is typed", shown));
                break;
            }
        }
        if (!why.empty()) {
            info.flags.push_back("html_form");
            facts.hits.push_back({"attachment.html_form", std::move(why)});
        }
    }
    facts.attachments.push_back(std::move(info));
}

void walk(const message::Message& msg, const AttachmentLists& lists, const Limits& limits, AttachmentFacts& facts,
          int depth) {
    for (const auto& part : msg.parts) {
        if (part.embedded && depth < 8) walk(*part.embedded, lists, limits, facts, depth + 1);
        if (part.is_attachment && !part.is_multipart) analyze_part(part, lists, limits, facts);
    }
}

} // namespace

AttachmentFacts analyze_attachments(const message::Message& msg, const AttachmentLists& lists, const Limits& limits) {
    AttachmentFacts facts;
    walk(msg, lists, limits, facts, 0);
    return facts;
}

} // namespace mikiwame::attachments
