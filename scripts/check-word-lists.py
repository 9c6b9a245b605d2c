#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Vocabulary is data (STYLE 7.7): fails when a .cpp under src/ holds a list of more than
# MAX_LITERALS string literals (an initializer list or braced table, nested tables counted
# together), unless the list is in ALLOWED below with the reason it belongs to the code.
# Word lists go to data/ (docs/data.md) and are loaded by the stage's catalogue. An allow-list
# entry that matches no list any more is reported too, so the list stays honest. Run by ctest
# as `word_lists` (label unit): scripts/check-word-lists.py [SOURCE_DIR].
import pathlib
import re
import sys

MAX_LITERALS = 5

# (file under src/, name) -> why the list is grammar the code must know, not vocabulary.
# `name` is the identifier the list initialises, or its first literal when it has no name;
# "*" covers every list of a file (the keys of a data format the file reads or writes).
ALLOWED = {
    ("auth/unbound_resolver.cpp", "2.0.192.in-addr.arpa."):
        "libunbound's own built-in empty zones (documentation networks, RFC 5737/3849; test., invalid.) turned off for a configured resolver: unbound's defaults, not a judgement list",
    ("catalog/brand_catalog.cpp", "id"):
        "the keys of a brand file (docs/data.md): the file's schema, checked so a misspelt key is an error",
    ("catalog/finding_catalog.cpp", "id"):
        "the keys of a [[finding]] table (docs/data.md): the file's schema",
    ("content/phrase_lists.cpp", "kListRoles"):
        "the phrase-list names each stage reads (docs/data.md): file names of the data schema, mapped to code",
    ("base/charset.cpp", "kCodepages"):
        "Windows code page numbers mapped to charset names (MS-OXMSG PR_INTERNET_CPID): protocol identifiers",
    ("engine/config_file.cpp", "kSections"):
        "the section names of mikiwame.toml (docs/configuration.md): the file's schema",
    ("message/compressed_rtf.cpp", "kSkippedDestinations"):
        "RTF control words of destinations that hold no text (RTF 1.9.1 spec): the grammar of RTF",
    ("message/outlook_msg.cpp", "kDays"):
        "RFC 5322 §3.3 day names written in a rebuilt Date field: grammar, not words",
    ("message/outlook_msg.cpp", "kMonths"):
        "RFC 5322 §3.3 month names written in a rebuilt Date field: grammar, not words",
    ("base/charset.cpp", "kAliases"):
        "charset labels (IANA names, WHATWG Encoding §4.2 aliases) mapped to the converter used: "
        "protocol identifiers, not words",
    ("content/content_words.cpp", "*"):
        "the keys of the words.<lang>.toml format (docs/data.md): the file's schema",
    ("engine/config_file.cpp", "table"):
        "the keys of mikiwame.toml (docs/configuration.md, compared by a test): the file's schema",
    ("engine/forward_markers_file.cpp", "*"):
        "the keys of the data/phrases/forward.toml format (docs/data.md): the file's schema",
    ("engine/engine.cpp", "data directory: {} ({})"):
        "the format strings of the `mikiwame data check` summary lines",
    ("headers/mail_date.cpp", "kMonths"):
        "RFC 5322 §3.3 month names: the grammar of the Date field, not a language's words",
    ("headers/mail_date.cpp", "kZones"):
        "RFC 5322 §4.3 obsolete zone names of the Date grammar",
    ("headers/received_parser.cpp", "kKeywords"):
        "RFC 5321 §4.4 clause keywords of the Received grammar (and the TIS/Exchange 'via')",
    ("headers/received_parser.cpp", "kTlsMarks"):
        "Received clause keywords the MTAs write for TLS (RFC 3848 and Postfix/Exim/Sendmail forms)",
    ("headers/received_parser.cpp", "kAuthProtocols"):
        "RFC 3848 / IANA Mail Transmission Types: the grammar of the Received `with` clause",
    ("headers/received_parser.cpp", "kTlsProtocols"):
        "RFC 3848 / IANA Mail Transmission Types that mean TLS",
    ("headers/sender_checks.cpp", "kPrefixes"):
        "bounce-address schemes (BATV prvs=, SRS0/SRS1, VERP owner-/return-): protocol markers",
    ("headers/upstream_verdicts.cpp", "SPM"):
        "the CAT values of Microsoft's X-Forefront-Antispam-Report header grammar",
    ("intel/geoip.cpp", "country.mmdb"):
        "the file names of the IP databases (ip-location-db, MaxMind GeoLite2/GeoIP2): file formats, not words",
    ("message/html_rules.cpp", "kNonNesting"):
        "HTML element names the tree builder must know (WHATWG HTML §13.2)",
    ("message/html_rules.cpp", "kBlocks"):
        "HTML element names that break lines in rendered text (WHATWG HTML §15.3): markup grammar, not words",
    ("message/html_document.cpp", "kVoid"):
        "the void elements of WHATWG HTML §13.1.2: markup grammar, not words",
    ("message/html_document.cpp", "kClosesP"):
        "the start tags that close a p element (WHATWG HTML §13.2.6.4.7): markup grammar, not words",
    ("message/html_document.cpp", "kFormatting"):
        "the formatting elements of WHATWG HTML §13.2.4.3: markup grammar, not words",
    ("message/html_document.cpp", "kScopeBoundaries"):
        "the elements that bound an element scope (WHATWG HTML §13.2.4.2): markup grammar, not words",
    ("message/parser.cpp", "jan"):
        "RFC 5322 §3.3 month names of the Date grammar (obs-date repair)",
    ("message/parser.cpp", "From"):
        "RFC 5322 §3.6 identity header fields checked for conflicting duplicates",
    ("message/parser.cpp", "7bit"):
        "RFC 2045 §6.1 Content-Transfer-Encoding values (and the uuencode spellings)",
    ("report/json_report.cpp", "*"):
        "the keys of schema mikiwame.report/1 (SPEC §3): the output format, not wording",
    ("report/wording.cpp", "*"):
        "the keys of the data/report/words.<lang>.toml format (docs/data.md): the file's schema",
    ("urls/html_links.cpp", "cid:"):
        "URI schemes that never lead to a web page (RFC 2392, 6068, 3966, …): protocol keywords",
    ("urls/text_links.cpp", "kDefangTokens"):
        "defang notations (the inverse of base::defang_url and its usual variants): punctuation the link "
        "folder maps byte by byte",
    ("urls/text_links.cpp", "kExtensions"):
        "file-name extensions that are also TLDs, part of the linkifier's rule for bare names (as in "
        "linkify-it); extract_text_links is a pure function with no catalogue",
}

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "src"

# One token per match: comments, raw and ordinary string literals, character literals,
# identifiers, and single punctuation characters. `::` and `->` are kept whole.
TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/'
    r'|(?:u8|u|U|L)?R"(?P<delim>[^(\s]*)\(.*?\)(?P=delim)"'
    r'|(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*"'
    r"|(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*'"
    r'|[A-Za-z_][A-Za-z_0-9]*|::|->|\d[\w.\']*|\S',
    re.S)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*$")
KEYWORDS = {"return", "case", "co_return", "throw"}
BLOCK_KEYWORDS = {"else", "do", "try", "const", "noexcept", "override", "final", "mutable"}
TYPE_KEYWORDS = {"struct", "class", "union", "enum", "namespace"}


def literal_text(token):
    body = token[token.index('"') + 1:-1]
    if token.startswith(("R", "u8R", "uR", "UR", "LR")):
        body = body[body.index("(") + 1:body.rindex(")")]
    return body


def declares_type(tokens, i):
    """True when the statement before tokens[i] ('{') opens a namespace, class or enum body."""
    j = i - 1
    while j >= 0 and tokens[j][0] not in (";", "{", "}", "=", "("):
        if tokens[j][0] in TYPE_KEYWORDS:
            return True
        j -= 1
    return False


def declared_name(tokens, i):
    """The variable a list at tokens[i] initialises: `kX{`, `kX[] = {`, `kX = f<T>({`; else ""."""
    if i > 0 and IDENTIFIER.match(tokens[i - 1][0]) and tokens[i - 1][0] not in KEYWORDS:
        return tokens[i - 1][0]
    j = i - 2 if i > 0 and tokens[i - 1][0] == "(" else i - 1  # the call taking the list
    depth = 0
    while j >= 0 and tokens[j][0] not in (";", "{", "}"):
        tok = tokens[j][0]
        if tok == ")":
            depth += 1
        elif tok == "(":
            if depth == 0:
                return ""  # the list is an argument or a range: no name of its own
            depth -= 1
        elif tok == "=" and depth == 0 and j > 0:
            k = j - 1
            while k >= 0 and tokens[k][0] in ("[", "]"):
                k -= 1
            return tokens[k][0] if k >= 0 and IDENTIFIER.match(tokens[k][0]) else ""
        j -= 1
    return ""


def lists_in(text):
    """Yields (line, name, literal_count) for every outermost braced initializer."""
    tokens = [(m.group(0), m.start()) for m in TOKEN.finditer(text)]
    tokens = [(t, pos) for t, pos in tokens if not t.startswith(("//", "/*"))]
    # Frames: [kind, paren_depth, start_pos, name, count, last_was_literal]
    stack = [["block", 0, 0, "", 0, False]]
    for i, (tok, pos) in enumerate(tokens):
        frame = stack[-1]
        is_literal = tok.endswith('"') and '"' in tok
        if is_literal:
            # Adjacent literals ("abc" "def") are one string.
            if not frame[5] and frame[0] == "init":
                # Counted in the outermost list of the chain of nested lists.
                k = len(stack) - 1
                while k > 0 and stack[k - 1][0] == "init":
                    k -= 1
                stack[k][4] += 1
                if not stack[k][3]:
                    stack[k][3] = literal_text(tok)
            frame[5] = True
            continue
        frame[5] = False
        if tok == "(":
            frame[1] += 1
        elif tok == ")":
            frame[1] = max(0, frame[1] - 1)
        elif tok == "{":
            prev = tokens[i - 1][0] if i > 0 else ";"
            prev2 = tokens[i - 2][0] if i > 1 else ";"
            if frame[0] == "init":
                kind = "block" if prev == ")" else "init"  # a lambda body inside a list
            elif prev in (")", ";", "{", "}", ":") and not (prev == ":" and frame[1] > 0):
                kind = "block"
            elif prev in BLOCK_KEYWORDS or declares_type(tokens, i):
                kind = "block"
            else:
                kind = "init"
            name = declared_name(tokens, i) if kind == "init" and frame[0] != "init" else ""
            stack.append([kind, 0, pos, name, 0, False])
        elif tok == "}":
            if len(stack) > 1:
                done = stack.pop()
                outer_init = any(f[0] == "init" for f in stack)
                if done[0] == "init" and not outer_init:
                    yield text.count("\n", 0, done[2]) + 1, done[3], done[4]


def main():
    errors = []
    used = set()
    for path in sorted(root.rglob("*.cpp")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for line, name, count in lists_in(text):
            if count <= MAX_LITERALS:
                continue
            for key in ((rel, name), (rel, "*")):
                if key in ALLOWED:
                    used.add(key)
                    break
            else:
                errors.append(f"src/{rel}:{line}: list '{name}' of {count} string literals: "
                              "move it to data/ (docs/data.md) or justify it in scripts/check-word-lists.py")
    for key in sorted(set(ALLOWED) - used):
        errors.append(f"src/{key[0]}: allow-list entry '{key[1]}' matches no list any more: remove it")
    for e in errors:
        print(e)
    print(f"word lists: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
