"""Credit lines ("Source:", "Photo:", "Via") say where words or pictures came from, never the outlet."""

from __future__ import annotations

import pytest
from importer_checks import sample_path

from niger_archive.importers import parse_file
from niger_archive.importers.metadata import is_credit_line_name


def test_sample_001s_source_line_is_not_taken_as_its_outlet():
    path = sample_path("001")
    draft = parse_file(path.read_bytes(), path.name)
    assert draft.outlet != "U.S. Department Of State"
    assert draft.outlet is None  # a blog repost that names no outlet of its own
    assert "Source: U.S. Department Of State, April 24, 2024" in draft.text  # the line stays readable
    assert draft.published == "2024-04-24"  # its date still dates the text


@pytest.mark.parametrize("line, name", [
    ("Source: U.S. Department Of State, April 24, 2024", "U.S. Department Of State"),
    ("Photo: AFP", "AFP"),
    ("Photo by Issifou Djibo/EPA-EFE", "Issifou Djibo"),
    ("Via Reuters", "Reuters"),
    ("(Photo: Reuters)", "Reuters"),
    ("Sources: Voice of America", "Voice of America"),
])
def test_credit_lines_name_no_outlet(line, name):
    assert is_credit_line_name(name, f"Some story text.\n{line}\nMore text.")


def test_an_outlet_named_in_the_body_is_still_an_outlet():
    assert not is_credit_line_name("Reuters", "Reuters reported that troops left.\nThe end.")


def test_an_outlet_from_front_matter_that_is_only_a_credit_is_dropped(tmp_path):
    data = ("---\ntitle: Talks begin\noutlet: Reuters\nurl: https://www.example-blog.org/post/1\n---\n\n"
            "Talks on the withdrawal began on Monday in Niamey between the two delegations.\n\n"
            "Via Reuters\n").encode()
    draft = parse_file(data, "post.md")
    assert draft.outlet == "example-blog.org"
    assert any("credit line" in note for note in draft.notes)
