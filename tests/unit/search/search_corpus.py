"""Search test data: the five sample articles with metadata, plus a few made-up articles."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

# Made-up articles exercising metadata and annotation fields; ids 101+ keep clear of the samples.
EXTRA_DOCS = [
    {
        "id": 101,
        "title": "Les États-Unis retirent leurs troupes du Niger",
        "body": "Les États-Unis ont annoncé le retrait de leurs militaires. Le départ des soldats "
        "américains de la base aérienne d'Agadez doit être achevé en septembre.",
        "outlet": "Le Monde",
        "author": "Élodie Lefèvre",
        "dateline": "PARIS",
        "language": "fr-FR",
        "keywords": ["Niger", "armée"],
        "published": "2024-04-24",
        "updated": None,
    },
    {
        "id": 102,
        "title": "Drone base questions",
        "body": "Officials described the drone base near Agadez as a hub for surveillance flights.",
        "outlet": "Voice of America",
        "author": "Jean Martin",
        "language": "en",
        "keywords": ["drones"],
        "published": "2024-05-02T10:00:00Z",
        "notes": "Contradicts the Pentagon briefing of March.",
        "tags": ["disputed", "needs review"],
        "claims": "The base hosts eleven hundred personnel.",
        "verdicts": ["mostly false"],
        "entities": ["Kurt Campbell", "Antony Blinken"],
    },
    {
        "id": 103,
        "title": "Statement on the embassy",
        "body": "The embassy issued a short statement about consular services.",
        "outlet": "Reuters",
        "language": "en",
        "published": "2024-06-01T00:30:00+02:00",
        "tags": ["verified"],
        "verdicts": ["false"],
    },
    {
        "id": 104,
        "title": "Uranium exports",
        "body": "Uranium exports through Benin resumed after the border reopened.",
        "outlet": "Africanews",
        "language": "en",
        "published": "2023-12-15T08:00:00-05:00",
        "keywords": ["uranium", "trade"],
    },
]

SAMPLE_META = [
    {"outlet": "Sputnik Africa", "author": "Staff", "published": "2024-05-20T09:14+0200"},
    {"outlet": "Blog", "author": "Olga Nesterova", "published": "2024-05-19"},
    {"outlet": "Africanews", "author": None, "published": "2024-05-20T07:00:00+01:00"},
    {"outlet": "The Washington Post", "author": None, "published": "2024-05-19T18:00:00-04:00"},
    {"outlet": "CBS News", "author": None, "published": "2024-05-20"},
]


def sample_docs() -> list[dict]:
    docs = []
    for n, path in enumerate(sorted(SAMPLES.glob("*.txt"))):
        text = path.read_text(encoding="utf-8", errors="replace")
        first_lines = [line.strip() for line in text.splitlines() if line.strip()]
        meta = SAMPLE_META[n % len(SAMPLE_META)]
        docs.append(
            {
                "id": n + 1,
                "title": first_lines[1] if len(first_lines) > 1 else first_lines[0],
                "body": text,
                "language": "en",
                "keywords": ["troops", "withdrawal"] if n % 2 == 0 else ["niger"],
                **meta,
            }
        )
    return docs


def all_docs() -> list[dict]:
    return sample_docs() + [dict(d) for d in EXTRA_DOCS]
