"""The index writer takes its parent's messages off the pipe while it is busy (committing a segment), so
the importing process is not held up; the messages come out whole and in order."""

from __future__ import annotations

import os
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from niger_archive.platform.processes import write_message
from niger_archive.search.writer_process import _Inbox


def pipe():
    read_end, write_end = os.pipe()
    return os.fdopen(read_end, "rb"), os.fdopen(write_end, "wb")


def send_all(stream, messages) -> threading.Thread:
    def send() -> None:
        for message in messages:
            write_message(stream, message)
        stream.close()

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    return sender


def batch(i: int) -> tuple[str, list[dict]]:
    return ("add", [{"id": i * 100 + k, "body": f"troops left niger {i} {k} " * 40} for k in range(100)])


def test_the_parent_is_not_held_up_while_the_writer_is_busy():
    inp, out = pipe()
    inbox = _Inbox(inp)
    messages = [batch(i) for i in range(40)]  # about 10 MB: far beyond what the pipe holds
    sender = send_all(out, messages)
    sender.join(timeout=30)
    assert not sender.is_alive()  # every message was taken although none was asked for yet
    assert [inbox.get() for _ in messages] == messages
    try:
        inbox.get()
    except EOFError:
        pass
    else:
        raise AssertionError("the closed pipe should end the messages")


def test_past_its_limit_the_inbox_stops_reading_and_the_parent_waits():
    inp, out = pipe()
    inbox = _Inbox(inp, limit=1)
    messages = [batch(i) for i in range(40)]
    sender = send_all(out, messages)
    sender.join(timeout=1)
    assert sender.is_alive()  # held back: the writer keeps no more than its limit
    assert [inbox.get() for _ in messages] == messages
    sender.join(timeout=30)
    assert not sender.is_alive()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "forget", "commit", "delete"]),
                          st.lists(st.integers(0, 2**40), max_size=50)), max_size=30))
def test_messages_come_out_whole_and_in_order(messages):
    inp, out = pipe()
    inbox = _Inbox(inp, limit=256)
    sender = send_all(out, messages)
    assert [inbox.get() for _ in messages] == messages
    sender.join(timeout=30)
    assert not sender.is_alive()
