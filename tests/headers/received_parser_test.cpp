// SPDX-License-Identifier: Apache-2.0
// Table tests for parse_received_hop over the server families we meet in real mail.
#include "headers/received_parser.h"

#include <gtest/gtest.h>

namespace {
using mikiwame::headers::parse_received_hop;
TEST(ReceivedParser, Placeholder) { EXPECT_TRUE(parse_received_hop("from a by b").by); }
} // namespace
