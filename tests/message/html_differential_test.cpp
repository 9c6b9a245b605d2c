// SPDX-License-Identifier: Apache-2.0
// The streaming HTML reader (parse_html_document) against its oracle, the same extraction over
// Gumbo's HTML5 tree (parse_html_document_gumbo): identical on the project's own mails and on
// ordinary markup; on the corpus, every difference is printed and counted against the bounds
// docs/performance.md justifies — the places where a browser's tree builder rearranges
// misnested markup (the adoption agency clones an <a> into every block it is split across; a
// <form> opened inside a table keeps no descendants; a <textarea> the tree builder ignores),
// and control characters the stream keeps as the WHATWG tokenizer does.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "support/corpus.h"
#include "message/html_document.h"
#include "message/parser.h"

namespace mikiwame::message {
namespace {

struct Reading {
    HtmlDocument stream, oracle;
};

Reading read_both(std::string_view html) {
    std::vector<ParseIssue> a, b;
    return {parse_html_document(html, Limits{}, a), parse_html_document_gumbo(html, Limits{}, b)};
}

std::string links_of(const HtmlDocument& d) {
    std::string s;
    for (const auto& l : d.links) s += l.element + "|" + l.attribute + "|" + l.url + "|" + l.text + "\n";
    return s;
}

std::set<std::string> link_targets(const HtmlDocument& d) {
    std::set<std::string> s;
    for (const auto& l : d.links) s.insert(l.element + " " + l.url);
    return s;
}

// A form's inputs in document order (stream) or the oracle's walk order: compared as sets.
std::string forms_of(const HtmlDocument& d) {
    std::string s;
    for (const auto& f : d.forms) {
        std::vector<std::string> inputs;
        for (std::size_t i = 0; i < f.input_types.size(); ++i) inputs.push_back(f.input_types[i] + ":" + f.input_names[i]);
        std::sort(inputs.begin(), inputs.end());
        s += f.action + "|" + f.method + "|" + (f.has_password ? "password" : "-");
        for (const auto& i : inputs) s += "|" + i;
        s += "\n";
    }
    return s;
}

std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

void expect_identical(const Reading& r, const std::string& where) {
    SCOPED_TRACE(where);
    EXPECT_EQ(r.stream.visible_text, r.oracle.visible_text);
    EXPECT_EQ(r.stream.hidden_text, r.oracle.hidden_text);
    EXPECT_EQ(r.stream.title, r.oracle.title);
    EXPECT_EQ(links_of(r.stream), links_of(r.oracle));
    EXPECT_EQ(forms_of(r.stream), forms_of(r.oracle));
    EXPECT_EQ(r.stream.images.size(), r.oracle.images.size());
    EXPECT_EQ(r.stream.meta_refresh_urls, r.oracle.meta_refresh_urls);
    EXPECT_EQ(r.stream.base_href, r.oracle.base_href);
    EXPECT_EQ(r.stream.scripts, r.oracle.scripts);
    EXPECT_EQ(r.stream.styles, r.oracle.styles);
    EXPECT_EQ(r.stream.script_count, r.oracle.script_count);
    EXPECT_EQ(r.stream.style_count, r.oracle.style_count);
}

// Markup written the usual ways, and the usual mistakes: both readers agree on every field.
TEST(HtmlDifferential, OrdinaryMarkupReadsAlike) {
    const std::vector<std::string> cases = {
        "<p>Hello <b>world</b></p><p>second &amp; third &copy;2024 &#x41;&#66; &nbsp;x</p>",
        "<html><head><title> The  title </title><style>p{color:red}</style></head><body><div>a<br>b</div></body></html>",
        "<a href=\" https://example.com/x \">Click <img src=\"i.png\" alt=\" here \"></a> after",
        "<div style=\"display: none\">hidden <span>inside</span></div><div>shown</div>",
        "<table><tr><td style=\"font-size:0\">zero<p style=\"font-size:14px\">back</p></td></tr></table>",
        "<p>one<p>two<ul><li>a<li>b</ul><table><tr><td>c<td>d<tr><td>e</table>",
        "<form action=\"https://evil.example/post\" method=POST><input type=password name=pw><input name=user></form>",
        "<meta http-equiv=\"Refresh\" content=\"0; url='https://example.org/r'\"><base href=\"https://b.example/\">",
        "<iframe src=\"https://f.example/\"></iframe><link rel=stylesheet href=\"https://c.example/s.css\">",
        "<script>var a = '<p>not markup</p>';</script><p>after</p><script src=x.js></script>",
        "<textarea>&lt;b&gt; kept as text</textarea><xmp><b>raw</b></xmp>",
        "<!-- a comment --><!DOCTYPE html><p>text</p><!--> <p>x</p>",
        "<div hidden>secret</div><span style=\"visibility:hidden\">also</span><p style=\"opacity:0\">and</p>",
        "<svg><title>svg title</title><a href=\"https://s.example/\"><text>svg link</text></a></svg><p>after svg</p>",
        "<a href=\"https://a.example/\">first</a><a href=\"https://b.example/\">second <b>bold</b></a>",
        "Text before any tag &lt;not a tag&gt; and a lone < sign & an ampersand",
        "<p>Line one\r\nline two\rline three</p>",
        "<h1>Title</h1><h2>Sub</h2><blockquote>quote</blockquote><pre>  pre  </pre><center>c</center><hr>end",
        "<a href=\"https://x.example/?a=1&copy=2&amp;b=3\">query</a>",
        "<img src=\"https://track.example/p.gif\" alt=\"\" width=1 height=1 style=\"display:none\">visible",
    };
    for (const auto& html : cases) expect_identical(read_both(html), html);
}

// Where the readers part, by design (docs/performance.md): each case states the stream's reading.
TEST(HtmlDifferential, JustifiedDifferences) {
    // A form opened inside a table: a browser submits the inputs with it (form owner), though
    // the tree builder leaves them outside the form element. The stream lists them.
    auto form = read_both("<table><form action=\"https://x.example/\"><tr><td><input type=password name=p></td></tr></form></table>");
    ASSERT_EQ(form.stream.forms.size(), 1u);
    EXPECT_TRUE(form.stream.forms[0].has_password);
    ASSERT_EQ(form.oracle.forms.size(), 1u);
    EXPECT_FALSE(form.oracle.forms[0].has_password);
    // An <a> split across blocks: the tree builder clones it into each block; the mail has one link.
    auto split = read_both("<p><a href=\"https://x.example/\">one<div>two</div><div>three</div></a></p>");
    EXPECT_EQ(split.stream.links.size(), 1u);
    EXPECT_EQ(link_targets(split.stream), link_targets(split.oracle));
    // A control character stays (the WHATWG tokenizer keeps it; Gumbo replaces it).
    auto control = read_both("a\x1b" "b");
    EXPECT_EQ(control.stream.visible_text, "a\x1b" "b");
}

TEST(HtmlDifferential, ProjectMailsReadAlike) {
    std::size_t parts = 0;
    for (const char* dir : {"tests/cases", "tests/web/fixtures", "tests/fixtures"})
        for (const auto& file : testing::files_under(std::filesystem::path(MIKIWAME_SOURCE_DIR) / dir)) {
            const Message msg = parse_message(testing::read_file(file), Limits{});
            for (const auto& part : msg.parts)
                if (part.html) {
                    ++parts;
                    expect_identical(read_both(part.text), file.string());
                }
        }
    EXPECT_GT(parts, 20u);
}

// The corpus: every HTML part read both ways; each difference printed. Bounds: the text a
// reader sees (spacing aside) and the set of link targets agree on at least 99% of the parts.
TEST(HtmlDifferential, CorpusWithinJustifiedBounds) {
    if (!testing::has_corpus()) GTEST_SKIP() << "corpus not found at " << testing::corpus_dir() << " (../shared/corpus)";
    std::size_t parts = 0, text_differs = 0, targets_differ = 0, any_differs = 0;
    for (const char* dir : {"phish", "ham", "spam", "ja"})
        for (const auto& file : testing::files_under(testing::corpus_dir() / dir)) {
            const Message msg = parse_message(testing::read_file(file), Limits{});
            for (const auto& part : msg.parts) {
                if (!part.html) continue;
                ++parts;
                const Reading r = read_both(part.text);
                const bool text = without_spaces(r.stream.visible_text) != without_spaces(r.oracle.visible_text);
                const bool targets = link_targets(r.stream) != link_targets(r.oracle);
                const bool any = r.stream.visible_text != r.oracle.visible_text || r.stream.hidden_text != r.oracle.hidden_text ||
                                 links_of(r.stream) != links_of(r.oracle) || forms_of(r.stream) != forms_of(r.oracle);
                text_differs += text;
                targets_differ += targets;
                any_differs += any;
                if (any)
                    std::printf("html differs: %s part %zu:%s%s%s\n", file.filename().c_str(), part.index, text ? " visible text" : "",
                                targets ? " link targets" : "", !text && !targets ? " spacing, anchor texts or form inputs" : "");
            }
        }
    std::printf("html differential: %zu HTML parts, %zu differ in any field, %zu in visible text, %zu in link targets\n", parts,
                any_differs, text_differs, targets_differ);
    ASSERT_GT(parts, 300u);
    EXPECT_LE(text_differs * 100, parts) << "visible text differs in more than 1% of the parts";
    EXPECT_LE(targets_differ * 100, parts) << "link targets differ in more than 1% of the parts";
    EXPECT_LE(any_differs * 100, parts * 12) << "more than 12% of the parts differ in any field";
}

} // namespace
} // namespace mikiwame::message
