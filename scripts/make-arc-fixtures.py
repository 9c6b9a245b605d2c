#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Writes the ARC (RFC 8617) fixtures of tests/auth/arc_test.cpp into tests/fixtures/auth/arc/:
# one mail relayed through ARC-sealing forwarders per case, signed with dkimpy's arc_sign
# (Debian's python3-dkim) by throw-away RSA keys made here, and zones.conf, the unbound
# local-data lines that publish those keys (scripts/dns-test.sh serves them). Each case is
# checked with dkimpy's own arc_verify before it is written, so the fixtures mean what their
# names say by an implementation other than ours. Run once; commit what it writes. Running it
# again makes new keys (and so new signatures): the tests only need the set to be consistent.
#
#   /usr/bin/python3 scripts/make-arc-fixtures.py
import base64
import pathlib
import subprocess
import sys
import tempfile

import dkim

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "auth" / "arc"
TIMESTAMP = 1704067200  # 2024-01-01T00:00:00Z: fixed, so the fields are reproducible per key
CRLF = b"\r\n"

ORIGINAL = CRLF.join([
    b"From: Alice <alice@origin.example>",
    b"To: bob@dest.example",
    b"Subject: ARC test",
    b"Date: Mon, 1 Jan 2024 00:00:00 +0000",
    b"Message-ID: <arc-test@origin.example>",
    b"",
    b"Hello through two forwarders.",
    b"",
])


def make_key(workdir, name):
    pem = workdir / (name + ".pem")
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(pem), "2048"], check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
    return pem.read_bytes(), "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def seal(message, selector, domain, key, results):
    """One ARC hop: the forwarder's Authentication-Results on top, then its ARC set."""
    message = b"Authentication-Results: " + domain + b"; " + results + CRLF + message
    fields = dkim.arc_sign(message, selector, domain, key, domain, timestamp=TIMESTAMP)
    if not fields:
        sys.exit("arc_sign wrote no ARC set for " + domain.decode())
    return b"".join(fields) + message


def split(message):
    head, _, body = message.partition(CRLF + CRLF)
    return head, body


def main():
    records = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = pathlib.Path(tmp)
        key1, records["arc1._domainkey.fwd1.example"] = make_key(workdir, "fwd1")
        key2, records["arc2._domainkey.fwd2.example"] = make_key(workdir, "fwd2")
        key3, records["arc3._domainkey.fwd3.example"] = make_key(workdir, "fwd3")

    hop1 = seal(ORIGINAL, b"arc1", b"fwd1.example", key1, b"spf=pass smtp.mailfrom=alice@origin.example; dkim=none; arc=none")
    hop2_results = b"arc=pass (i=1); spf=pass smtp.mailfrom=fwd1.example"
    hop2 = seal(hop1, b"arc2", b"fwd2.example", key2, hop2_results)
    # A mailing list at the second hop adds a footer after checking the chain: the first
    # AMS no longer verifies, the second (made after the change) does, every seal does.
    head, body = split(hop1)
    footered = seal(head + CRLF + CRLF + body + b"--" + CRLF + b"list footer" + CRLF, b"arc2", b"fwd2.example", key2, hop2_results)
    # The body changed after the last hop sealed it.
    head, body = split(hop2)
    tampered = head + CRLF + CRLF + body.replace(b"Hello", b"Click here")
    # The first forwarder's recorded results changed after sealing (the seals cover them).
    broken_seal = hop2.replace(b"i=1; fwd1.example; spf=pass", b"i=1; fwd1.example; spf=fail", 1)
    if broken_seal == hop2:
        sys.exit("the first ARC-Authentication-Results was not found")
    # A third forwarder found the tampered chain broken and sealed with cv=fail.
    cv_fail = seal(tampered, b"arc3", b"fwd3.example", key3, b"arc=fail (i=2 body hash); spf=pass smtp.mailfrom=fwd2.example")

    cases = {
        "arc-1.eml": (hop1, b"pass"),
        "arc-2.eml": (hop2, b"pass"),
        "arc-2-footer.eml": (footered, b"pass"),
        "arc-tampered-body.eml": (tampered, b"fail"),
        "arc-broken-seal.eml": (broken_seal, b"fail"),
        "arc-cv-fail.eml": (cv_fail, b"fail"),
    }

    def dnsfunc(name, timeout=5):
        return records.get(name.decode().rstrip("."), "").encode()

    OUT.mkdir(parents=True, exist_ok=True)
    for name, (message, want) in cases.items():
        cv, results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
        # dkimpy answers None for a chain whose newest seal says cv=fail ("terminated"): RFC
        # 8617 §5.2 step 2 makes that a fail.
        if cv is None:
            cv = b"fail"
        if cv != want:
            sys.exit(f"{name}: dkimpy's arc_verify says {cv.decode()} ({reason}), want {want.decode()}")
        (OUT / name).write_bytes(message)
        print(f"{name}: dkimpy arc_verify cv={cv.decode()} ({reason})")
    with open(OUT / "zones.conf", "w") as zones:
        zones.write("# Keys of the ARC fixtures (scripts/make-arc-fixtures.py), for scripts/dns-test.sh.\n")
        for zone in ("fwd1.example", "fwd2.example", "fwd3.example"):
            zones.write(f'local-zone: "{zone}" static\n')
        for name, value in sorted(records.items()):
            # unbound splits nothing itself: 255-octet strings, as RFC 1035 wants.
            parts = " ".join('"' + value[i:i + 255] + '"' for i in range(0, len(value), 255))
            zones.write(f"local-data: '{name}. TXT {parts}'\n")


if __name__ == "__main__":
    main()
