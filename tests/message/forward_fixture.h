// SPDX-License-Identifier: Apache-2.0
// A small set of forward markers for the message stage's unit tests (STYLE 7.7: unit tests do
// not depend on the shipped data; data/phrases/forward.toml is tested through the engine).
#pragma once

#include "message/forward_markers.h"

namespace mikiwame::testing {

inline message::ForwardMarkers forward_markers() {
    using message::ForwardField;
    using message::ForwardStyle;
    message::ForwardMarkers m;
    m.markers.push_back({ForwardStyle::Gmail, {"---------- Forwarded message ---------", "---------- 転送メッセージ ----------"}, {}, false});
    m.markers.push_back({ForwardStyle::Thunderbird, {"-------- Forwarded Message --------", "-------- 転送メッセージ --------"}, {}, false});
    m.markers.push_back({ForwardStyle::Apple, {"Begin forwarded message:", "転送されたメッセージ:"}, {}, false});
    m.markers.push_back({ForwardStyle::Outlook, {"-----Original Message-----", "________________________________"}, {}, true});
    m.markers.push_back({ForwardStyle::Generic, {}, {"forwarded message", "転送されたメッセージ"}, false});
    m.markers.push_back({ForwardStyle::Generic, {}, {"original message"}, true});
    m.end_phrases = {"end forwarded message"};
    m.subject_prefixes = {"fwd", "fw", "転送"};
    m.labels = {{"From", ForwardField::From},       {"差出人", ForwardField::From},   {"送信者", ForwardField::From},
                {"Date", ForwardField::Date},       {"Sent", ForwardField::Date},     {"日付", ForwardField::Date},
                {"送信日時", ForwardField::Date},   {"Subject", ForwardField::Subject}, {"件名", ForwardField::Subject},
                {"To", ForwardField::To},           {"宛先", ForwardField::To},       {"Cc", ForwardField::Cc},
                {"Reply-To", ForwardField::ReplyTo}};
    m.html_anchors = {"class=\"gmail_quote", "id=\"divRplyFwdMsg\"", "class=\"moz-forward-container\""};
    m.pm_words = {"PM", "午後"};
    m.am_words = {"AM", "午前"};
    m.zones = {{"JST", "+0900"}, {"GMT", "+0000"}};
    return message::prepare_forward_markers(std::move(m));
}

} // namespace mikiwame::testing
