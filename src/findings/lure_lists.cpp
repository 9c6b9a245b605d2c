// SPDX-License-Identifier: Apache-2.0
#include "findings/lure_lists.h"

#include "net/domain_list.h"

namespace mikiwame::findings {

namespace {
constexpr const char* kFreemailFile = "freemail.txt";
} // namespace

Result<LureLists> LureLists::load(const std::filesystem::path& data_dir) {
    LureLists lists;
    auto freemail = net::read_domain_list(data_dir / "lists" / kFreemailFile);
    if (!freemail) return Unexpected<Error>{freemail.error()};
    lists.freemail_ = std::move(freemail.value());
    return lists;
}

std::vector<std::string> LureLists::file_names() {
    return {kFreemailFile};
}

bool LureLists::is_freemail(std::string_view registrable) const {
    return freemail_.count(std::string(registrable)) > 0;
}

} // namespace mikiwame::findings
