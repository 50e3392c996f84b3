"""Clean-text ↔ raw-text offset maps survive joins, drops and round trips through JSON."""

from niger_archive.core.offsets import CleanTextBuilder, OffsetMap


def test_builder_maps_copied_and_synthetic_text():
    raw = "Hello\nwrapped line.\n\nAdvertisement\nNext para."
    b = CleanTextBuilder(raw)
    b.copy(0, 5)                      # "Hello"
    b.insert(" ", 5, 1)               # the newline joined into a space
    b.copy(6, 19)                     # "wrapped line."
    b.insert("\n\n", 19, 2)
    b.copy(35, 45)                    # "Next para." (Advertisement dropped)
    text, omap = b.build()
    assert text == "Hello wrapped line.\n\nNext para."
    assert omap.clean_length == len(text)
    assert raw[omap.to_raw(text.index("wrapped"))] == "w"
    start, end = omap.raw_range(text.index("Next"), len(text))
    assert raw[start:end] == "Next para."


def test_adjacent_copies_merge_and_json_round_trip():
    raw = "abcdef"
    b = CleanTextBuilder(raw)
    b.copy(0, 3)
    b.copy(3, 6)
    text, omap = b.build()
    assert len(omap.spans) == 1
    again = OffsetMap.from_json(omap.to_json())
    assert again.spans == omap.spans and again.to_raw(4) == 4


def test_identity_and_end_offsets():
    omap = OffsetMap.identity("abc")
    assert [omap.to_raw(i) for i in range(4)] == [0, 1, 2, 3]
    assert OffsetMap().to_raw(5) == 0
