"""Owns identifying the language of article text (ISO 639-1 codes) with py3langid."""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from itertools import islice

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# py3langid's time grows with the text (here about 0.2 ms for 1,000 characters, 2.4 ms for 20,000)
# while its answer settles within the first hundred or two words: the first 1,000 characters decide.
_SAMPLE_CHARS = 1_000
_MIN_LETTERS = 20
_MIN_CONFIDENCE = 0.5
_lock = threading.Lock()
# How deep py3langid's feature automaton (over byte n-grams) is: its state after a byte depends only
# on the last this many bytes (checked on every walk below, so a deeper model costs time, not answers).
_WINDOW = 5


class _Identifier(LanguageIdentifier):
    """py3langid's identifier, with the walk of its feature automaton over the text's bytes done by
    numpy and the same answers (0.22 ms against 0.28 ms for a 1,000-character sample, scoring included).

    The state after every byte is found from the ``_WINDOW`` bytes ending there, all bytes at
    once; then every state is checked to follow from the one before by the automaton's own move,
    which makes the result the one-byte-at-a-time walk's exactly. Should a check fail (a model
    with longer features), or the library change its internals, py3langid's own walk runs.
    """

    def _raw_score(self, text):  # py3langid 0.4: feature counts of the encoded text -> scores
        visits = self._visits(text) if isinstance(text, bytes) and len(text) >= _WINDOW else None
        if visits is None:
            return super()._raw_score(text)
        return self._sparse_score(visits, self.nb_ptc)

    def _visits(self, data: bytes) -> Counter[int] | None:
        """Feature -> count in first-seen order (as py3langid's ``visit_counts``), or None."""
        moves, rowbase, output = _automaton(self)
        codes = np.frombuffer(data, dtype=np.uint8)
        count = len(codes) - _WINDOW + 1
        states = np.zeros(count, dtype=np.int64)
        for offset in range(_WINDOW):
            states = moves[rowbase[states] + codes[offset:offset + count]]
        state, head = 0, []
        for code in data[:_WINDOW - 1]:
            state = int(moves[rowbase[state] + code])
            head.append(state)
        states = np.concatenate((np.asarray(head, dtype=np.int64), states))
        previous = np.concatenate((np.zeros(1, dtype=np.int64), states[:-1]))
        if not np.array_equal(moves[rowbase[previous] + codes], states):
            return None
        features = output[states]
        features = features[features >= 0]
        return Counter(features.tolist()) if features.size else None


@lru_cache(maxsize=1)
def _automaton(identifier: LanguageIdentifier) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The identifier's move table, row offsets and state outputs as arrays (the table not copied)."""
    moves = np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}")
    return (moves, np.asarray(identifier._rowbase, dtype=np.int64),
            np.asarray(identifier.tk_output, dtype=np.int64))


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Only languages with a two-letter ISO 639-1 code (the model also knows e.g. "pcm").
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    # Restricting the languages leaves the table column-major: reading the rows of a text's
    # features then touches memory all over it. Row-major (the same values) halves the scoring time.
    identifier.nb_ptc = np.ascontiguousarray(identifier.nb_ptc)
    # set_languages keeps the full model (to allow a reset we never do): 28 MB per process, twice
    # that in a large import's parse workers. Keep only the restricted one (py3langid 0.4 keeps it
    # in ``_full_model``; elsewhere nothing is dropped).
    if hasattr(identifier, "_full_model"):
        identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    return identifier


def detect_language(text: str) -> str | None:
    """Two-letter language code of ``text``, or None when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if len(list(islice(filter(str.isalpha, sample), _MIN_LETTERS))) < _MIN_LETTERS:  # stops at enough
        return None
    with _lock:  # the model is loaded once; loading is not thread-safe
        identifier = _identifier()
    code, confidence = identifier.classify(sample)
    return code if confidence >= _MIN_CONFIDENCE else None
