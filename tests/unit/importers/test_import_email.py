"""E-mail messages (.eml): a press release or a forwarded article sent by mail becomes an article, with the
message's headers as metadata where the text gives none. The messages are built here with the standard
library."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file

RELEASE = ("NIAMEY, 5 August 2024 - The Ministry of Mines announced today that the uranium export licence of the "
           "Arlit operator is suspended pending an audit of its accounts.\n\n"
           "The audit will be carried out by an independent firm within ninety days, the ministry said in a "
           "statement, and exports may resume once its findings are published.\n")


def message(body: str, *, subject="Press release: uranium licence suspended", sender="Ministry of Mines <press@mines.example>",
            date="Mon, 05 Aug 2024 16:05:00 +0100", html: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Amina <amina@newsroom.example>"
    msg["Subject"] = subject
    msg["Date"] = date
    msg.set_content(body, charset="utf-8", cte="quoted-printable")
    if html is not None:
        msg.add_alternative(html, subtype="html")
    msg.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename="release.pdf")
    return bytes(msg)


def test_a_press_release_by_mail_is_an_article_with_the_headers_as_metadata():
    assert ".eml" in SUPPORTED_SUFFIXES
    draft = parse_file(message(RELEASE), "release.eml")
    assert draft.source_format == "eml"
    assert draft.title == "Press release: uranium licence suspended" and not draft.title_derived
    assert draft.outlet == "Ministry of Mines"
    assert draft.published == "2024-08-05T16:05:00+01:00"
    assert "ninety days" in draft.text and "%PDF" not in draft.text
    start = draft.text.index("ninety days")
    raw = draft.offsets.to_raw(start)
    assert draft.raw_text[raw:raw + 11] == "ninety days"


def test_a_forwarded_article_keeps_its_own_sender_date_and_subject_and_drops_the_forward_block():
    body = ("FYI, see below.\n\n---------- Forwarded message ---------\n"
            "From: Sahel Daily <newsletter@sahel-daily.example>\nDate: Mon, 5 Aug 2024 09:30:00 +0000\n"
            "Subject: Junta expels French envoy\nTo: <amina@newsroom.example>\n\n"
            "The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday, a step "
            "the embassy called unlawful and without precedent.\n\nFrance said the military authorities had no "
            "legitimacy to make such a demand of its ambassador.\n")
    draft = parse_file(message(body, subject="Fwd: Junta expels French envoy", sender="Moussa <moussa@example.org>",
                               date="Tue, 06 Aug 2024 08:00:00 +0000"), "fwd.eml")
    assert draft.title == "Junta expels French envoy"
    assert draft.outlet == "Sahel Daily"
    assert draft.published == "2024-08-05T09:30:00+00:00"
    assert draft.text.startswith("The junta gave the French envoy")
    assert "FYI" not in draft.text and "Forwarded message" not in draft.text


def test_an_html_newsletter_is_read_from_its_html_part():
    html = ("<html><body><table><tr><td><h1>Floods displace thousands in Maradi</h1>"
            "<p>Heavy rains in the Maradi region destroyed more than two thousand homes this week, the civil "
            "protection service said.</p><p>The regional governor asked for tents, food and medicine.</p>"
            "</td></tr></table><p><a href='https://x.example/unsubscribe'>Unsubscribe</a></p></body></html>")
    draft = parse_file(message("plain version", subject="Sahel Daily: Floods displace thousands", html=html),
                       "newsletter.eml")
    assert "two thousand homes" in draft.text
    assert "plain version" not in draft.text


@pytest.mark.parametrize("data", [b"", b"just some words, no headers at all\n", b"\x00\xff" * 50])
def test_a_file_that_is_not_an_email_is_refused_with_a_reason(data):
    with pytest.raises(ImportRejected):
        parse_file(data, "bad.eml")


def test_a_message_without_a_text_body_is_refused():
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@b.example", "Photo"
    msg.set_content(b"\x89PNG....", maintype="image", subtype="png")
    with pytest.raises(ImportRejected, match="no text or HTML body"):
        parse_file(bytes(msg), "photo.eml")
