#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Turns the openspf RFC 7208 suite (YAML, one document per scenario) into what the runner
# needs: per scenario, DIR/sN/zones.conf (unbound local-data for scripts/dns-test.sh) and
# DIR/sN/cases.json. As the suite's own drivers do, a name with SPF records but no TXT
# records serves them as TXT (RFC 7208 dropped type SPF). TIMEOUT names are sent to a closed
# port by dns-test.sh (a transparent local zone), so they fail.
import json
import os
import sys

import yaml


def quote(s):
    out = '"'
    for ch in s.encode("latin-1", "backslashreplace").decode("latin-1"):
        if ch in '"\\':
            out += "\\" + ch
        elif ord(ch) < 0x20 or ord(ch) > 0x7e:
            out += "\\%03d" % ord(ch)
        else:
            out += ch
    return out + '"'


def txt_rdata(value):
    parts = value if isinstance(value, list) else [value]
    chunks = []
    for p in parts:
        p = str(p)
        while len(p) > 255:
            chunks.append(p[:255])
            p = p[255:]
        chunks.append(p)
    return " ".join(quote(c) for c in chunks)


def owner(name):
    out = ""
    for ch in name.rstrip(".") + ".":
        out += ch if ch.isalnum() and ord(ch) < 0x80 or ch in "-_.*" else "\\%03d" % ord(ch)
    return out


def zone_lines(zonedata):
    lines = []
    for name, records in zonedata.items():
        fq = owner(name)
        types = {next(iter(r)) for r in records if isinstance(r, dict)}
        # unbound's built-in zones for private and documentation reverse space would hide these.
        if fq.lower().endswith((".in-addr.arpa.", ".ip6.arpa.")):
            lines.append('local-zone: "%s" static' % fq)
        for r in records:
            if r == "TIMEOUT":
                lines.append('local-zone: "%s" transparent' % fq)
                continue
            (rtype, value), = r.items()
            if rtype == "SPF":
                if "TXT" in types:
                    continue
                rtype = "TXT"
            if rtype == "TXT":
                if value == "NONE":
                    continue
                # An empty list is a TXT record with no strings (illegal, but served: RFC 3597 form).
                rdata = txt_rdata(value) if value != [] else "\\# 0"
            elif rtype == "MX":
                rdata = "%s %s." % (value[0], str(value[1]).rstrip("."))
            elif rtype in ("PTR", "CNAME"):
                rdata = str(value).rstrip(".") + "."
            else:
                rdata = str(value)
            lines.append("local-data: '%s %s %s'" % (fq, rtype, rdata.replace("'", "\\'")))
    return lines


def main():
    suite, out = sys.argv[1], sys.argv[2]
    n = 0
    for i, doc in enumerate(yaml.safe_load_all(open(suite, encoding="utf-8"))):
        if not doc:
            continue
        d = os.path.join(out, "s%02d" % i)
        os.makedirs(d, exist_ok=True)
        # The same records as [name, type, value] for other drivers (libspf2_compare).
        plain = []
        for name, records in doc.get("zonedata", {}).items():
            types = {next(iter(r)) for r in records if isinstance(r, dict)}
            for r in records:
                if r == "TIMEOUT":
                    plain.append([name, "TIMEOUT", ""])
                    continue
                (rtype, value), = r.items()
                if rtype == "SPF":
                    if "TXT" in types:
                        continue
                    rtype = "TXT"
                if rtype == "TXT" and value == "NONE":
                    continue
                if rtype == "TXT":
                    value = "".join(value) if isinstance(value, list) else str(value)
                elif rtype == "MX":
                    value = str(value[1])
                plain.append([name, rtype, str(value)])
        with open(os.path.join(d, "records.json"), "w", encoding="utf-8") as f:
            json.dump(plain, f)
        with open(os.path.join(d, "zones.conf"), "w", encoding="latin-1") as f:
            f.write("\n".join(zone_lines(doc.get("zonedata", {}))) + "\n")
        cases = []
        for name, t in doc["tests"].items():
            res = t["result"]
            cases.append({"name": name, "host": str(t["host"]), "mailfrom": str(t.get("mailfrom", "")),
                          "helo": str(t.get("helo", "")), "result": res if isinstance(res, list) else [res],
                          "explanation": t.get("explanation")})
            n += 1
        with open(os.path.join(d, "cases.json"), "w", encoding="utf-8") as f:
            json.dump({"description": doc.get("description", ""), "cases": cases}, f)
    print(n)


main()
