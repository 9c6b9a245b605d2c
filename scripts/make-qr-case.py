#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes a test mail carrying a QR picture (tests/fixtures/images/*.png) as an inline part,
# for the QR finding cases. The picture is made with qrencode beforehand (tests/fixtures/images/README.md).
# Usage: make-qr-case.py PICTURE.png OUT.eml --from ADDR --subject TEXT --text TEXT [--html-extra HTML] [--data-url]
import argparse
import base64
import pathlib
import textwrap

ap = argparse.ArgumentParser()
ap.add_argument("picture")
ap.add_argument("out")
ap.add_argument("--from", dest="sender", required=True)
ap.add_argument("--subject", required=True)
ap.add_argument("--text", required=True)
ap.add_argument("--html-extra", default="")
ap.add_argument("--data-url", action="store_true", help="draw the picture as a data: URL in the HTML, not as a part")
a = ap.parse_args()

png = pathlib.Path(a.picture).read_bytes()
b64 = "\n".join(textwrap.wrap(base64.b64encode(png).decode(), 76))
name = pathlib.Path(a.picture).name
domain = a.sender.split("@")[1].rstrip(">")
stem = pathlib.Path(a.out).stem
img = f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="">' if a.data_url else f'<img src="cid:qr@{domain}" alt="">'
html = f"<html><body><p>{a.text}</p><p>{img}</p>{a.html_extra}</body></html>"
head = f"""Return-Path: <{a.sender.split('<')[-1].rstrip('>')}>
Delivered-To: ken@example-shop.test
Received: from mail.{domain} (mail.{domain} [203.0.113.61])
\tby mx01.example-shop.test (Postfix) with ESMTPS id 4Xk05Q3QRC{len(stem)}
\tfor <ken@example-shop.test>; Tue, 10 Dec 2024 09:00:00 +0000
From: {a.sender}
To: ken@example-shop.test
Subject: {a.subject}
Date: Tue, 10 Dec 2024 09:00:00 +0000
Message-ID: <{stem}.1@{domain}>
MIME-Version: 1.0
"""
if a.data_url:
    body = f"""Content-Type: text/html; charset=UTF-8

{html}
"""
else:
    body = f"""Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=UTF-8

{html}

--rel
Content-Type: image/png; name="{name}"
Content-Disposition: inline; filename="{name}"
Content-ID: <qr@{domain}>
Content-Transfer-Encoding: base64

{b64}
--rel--
"""
pathlib.Path(a.out).write_text(head + body)
