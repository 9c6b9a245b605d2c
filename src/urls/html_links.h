// SPDX-License-Identifier: Apache-2.0
// Links of an HTML part: anchors, areas, form actions, images, frames, meta refresh and
// <link>, resolved against <base href> as a browser would; CSS url() in <style>; targets of
// location=/location.href=/location.replace()/window.open() and scheme URLs in inline
// scripts; data: and javascript: URIs (the HTML inside a data:text/html URI is read too).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"
#include "mikiwame/limits.h"
#include "urls/raw_link.h"

namespace mikiwame::urls {

// Every link of `doc`, labelled with `found_in` ("html" or "attachment"), at most
// `max_links`. Links without a scheme resolve against the document's base href; when there
// is none they are dropped (a mail has no address of its own). Thread-safe, no throw.
[[nodiscard]] std::vector<RawLink> extract_html_links(const message::HtmlDocument& doc,
                                                      std::string_view found_in,
                                                      const Limits& limits, std::size_t max_links);

// The targets of url(...) in CSS text, as written (quotes removed).
[[nodiscard]] std::vector<std::string> extract_css_urls(std::string_view css, std::size_t max_urls);

// String-literal targets of location assignments and window.open() calls in script text,
// then every scheme URL elsewhere in it.
[[nodiscard]] std::vector<std::string> extract_script_urls(std::string_view script,
                                                           std::size_t max_urls);

} // namespace mikiwame::urls
