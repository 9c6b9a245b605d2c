// SPDX-License-Identifier: Apache-2.0
#include "mailbox.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>

#include "mikiwame/input.h"
#include "read_input.h"

namespace mikiwame::cli {

namespace {

namespace fs = std::filesystem;

// An mbox is indexed from a mapping of the whole file; archives of several GB are normal.
constexpr std::size_t kMaxMboxBytes = std::size_t{1} << 40;
// Enough of a file to see what it is (its first line) without reading it.
constexpr std::size_t kSniffBytes = 4096;

// Names compared with their digit runs as numbers: MH's 2 before 10, Maildir's unique names
// (which start with a time stamp) in arrival order.
bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
        if (da && db) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
            std::string_view na(a.data() + i, ei - i), nb(b.data() + j, ej - j);
            while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
            while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
    return a < b; // equal as numbers ("01" and "1"): still a total order
}

// Files a mail store keeps beside the messages: MH's sequences and profile, Dovecot's and
// Courier's indexes, Maildir++'s folder marker. Not mail, not worth a line on standard error.
bool is_mailbox_bookkeeping(const std::string& name) {
    if (name.starts_with('.')) return true;
    if (name.starts_with("dovecot") || name.starts_with("courierimap")) return true;
    return name == "maildirfolder" || name == "subscriptions";
}

class Lister {
public:
    explicit Lister(MailboxListing& out) : out_(out) {}

    void add_path(const std::string& path) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            problem(path, ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file or folder");
            return;
        }
        if (fs::is_directory(status)) {
            add_directory(path);
        } else if (fs::is_regular_file(status)) {
            add_file(path);
        } else {
            problem(path, "not a regular file or a folder");
        }
    }

private:
    void problem(const std::string& location, std::string message) {
        out_.problems.push_back({location, std::move(message)});
    }

    // False when this file was listed already (the same file given twice, or a folder and a
    // file inside it).
    bool first_visit(const fs::path& path) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(path, ec);
        return seen_.insert(ec ? path.string() : canonical.string()).second;
    }

    void add_directory(const fs::path& dir) {
        std::error_code ec;
        std::vector<std::pair<std::string, bool>> entries; // name, is a folder
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code type_ec;
            const bool is_dir = it->is_directory(type_ec);
            const bool is_file = !is_dir && it->is_regular_file(type_ec);
            const std::string name = it->path().filename().string();
            if (type_ec) {
                std::error_code link_ec;
                problem(it->path().string(), it->is_symlink(link_ec) ? "unreadable: a link to nothing" : "unreadable: " + type_ec.message());
            } else if (is_dir || is_file) {
                entries.emplace_back(name, is_dir);
            } else if (!it->exists(type_ec)) {
                problem(it->path().string(), "unreadable: a link to nothing");
            }
        }
        if (ec) {
            problem(dir.string(), ec.message());
            return;
        }
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });
        // A Maildir: its tmp/ holds mail still being written, delivered later into new/.
        const bool maildir = std::any_of(entries.begin(), entries.end(), [](const auto& e) { return e.second && e.first == "cur"; }) &&
                             std::any_of(entries.begin(), entries.end(), [](const auto& e) { return e.second && e.first == "new"; });
        for (const auto& [name, is_dir] : entries) {
            if (is_dir) {
                if (maildir && name == "tmp") continue;
                add_directory(dir / name);
            } else if (is_mailbox_bookkeeping(name)) {
                ++out_.ignored_files;
            } else {
                add_file(dir / name);
            }
        }
    }

    void add_file(const fs::path& path) {
        if (!first_visit(path)) return;
        const std::string name = path.string();
        int fd = open(name.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int open_errno = errno;
            std::error_code ec;
            problem(name, open_errno == ENOENT && fs::is_symlink(path, ec) ? "unreadable: a link to nothing"
                                                                          : std::string("unreadable: ") + std::strerror(open_errno));
            return;
        }
        char head[kSniffBytes];
        ssize_t got = read(fd, head, sizeof head);
        const int read_errno = errno;
        close(fd);
        if (got < 0) {
            problem(name, std::string("unreadable: ") + std::strerror(read_errno));
            return;
        }
        if (inspect_input(std::string_view(head, static_cast<std::size_t>(got))).kind != InputKind::Mbox) {
            out_.messages.push_back({name, std::nullopt, 0});
            return;
        }
        auto bytes = read_input(name, kMaxMboxBytes);
        if (!bytes) {
            problem(name, bytes.error().message);
            return;
        }
        for (const MboxSpan& span : index_mbox(bytes->bytes(), SIZE_MAX)) {
            if (span.truncated) {
                problem(fmt::format("{}#{}", name, span.offset),
                        "the mbox ends inside this message (truncated file); message left out");
                continue;
            }
            out_.messages.push_back({name, span.offset, span.length});
        }
    }

    MailboxListing& out_;
    std::set<std::string> seen_;
};

} // namespace

MailboxListing list_mailboxes(const std::vector<std::string>& paths) {
    MailboxListing out;
    Lister lister(out);
    for (const auto& path : paths) {
        if (path != "-") {
            lister.add_path(path);
            continue;
        }
        for (std::string line; std::getline(std::cin, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty()) lister.add_path(line);
        }
    }
    return out;
}

std::string location_name(const MailLocation& location) {
    return location.offset ? fmt::format("{}#{}", location.file, *location.offset) : location.file;
}

Result<LoadedMail> load_mail(const MailLocation& location, const Limits& limits, std::size_t hard_cap_bytes) {
    const std::string name = location_name(location);
    if (location.offset) {
        if (location.length > hard_cap_bytes)
            return make_error(ErrorCode::InputRejected, fmt::format("message larger than {} bytes", hard_cap_bytes), name);
        int fd = open(location.file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return make_error(ErrorCode::CannotOpen, std::strerror(errno), name);
        std::string span(location.length, '\0');
        std::size_t done = 0;
        while (done < span.size()) {
            ssize_t n = pread(fd, span.data() + done, span.size() - done, static_cast<off_t>(*location.offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        close(fd);
        if (done != span.size()) return make_error(ErrorCode::CannotOpen, "the mbox changed or shrank since it was listed", name);
        return LoadedMail{mbox_message_text(span), {}};
    }
    auto bytes = read_input(location.file, hard_cap_bytes);
    if (!bytes) return Unexpected<Error>{Error{bytes.error().code, bytes.error().message, name}};
    const InputInspection inspected = inspect_input(bytes->bytes());
    switch (inspected.kind) {
    case InputKind::Mail: return LoadedMail{std::string(bytes->bytes()), {}};
    case InputKind::OutlookMsg: {
        auto converted = convert_outlook_msg(bytes->bytes(), limits);
        if (!converted) return make_error(ErrorCode::InputRejected, converted.error().message, name);
        return LoadedMail{std::move(converted->mime), std::move(converted->notes)};
    }
    case InputKind::Mbox: return make_error(ErrorCode::InputRejected, "became an mbox since it was listed", name);
    case InputKind::Empty:
    case InputKind::NotMail: break;
    }
    return make_error(ErrorCode::InputRejected, inspected.description + ": not a mail message", name);
}

} // namespace mikiwame::cli
