// SPDX-License-Identifier: Apache-2.0
// SHA-256 of a mail as lower-case hex: the key of a mail on the broker (Nats-Msg-Id, so that
// JetStream drops a repeat) and in the collector's table. The apps may not include the
// engine's internals, hence this small copy over OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::nats {

std::string sha256_hex(std::string_view bytes);

} // namespace mikiwame::nats
