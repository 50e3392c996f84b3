"""Shared test setup: offscreen Qt, markers by folder, archives built from the sample articles."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may touch the user's real archive: the default location points into a throwaway folder.
os.environ["NIGER_ARCHIVE_DIR"] = tempfile.mkdtemp(prefix="niger-archive-default-")
os.environ["NIGER_ARCHIVE_CONFIG"] = os.path.join(tempfile.mkdtemp(prefix="niger-archive-config-"), "settings.json")
# The interface speaks English in tests whatever the machine's locale (tests that want French say so).
os.environ["NIGER_ARCHIVE_LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if "gui" in path.parts:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return tmp_path / "archive"


@pytest.fixture
def archive(archive_dir: Path):
    from niger_archive.services.archive import Archive

    arch = Archive.open(archive_dir)
    yield arch
    arch.close()


@pytest.fixture
def sample_archive(archive):
    """An archive holding the five sample articles."""
    outcomes = archive.import_files([SAMPLES])
    assert [o.status for o in outcomes] == ["imported"] * 5, outcomes
    return archive


@pytest.fixture
def sample_ids(sample_archive) -> dict[str, int]:
    """Sample file prefix ('000'…'004') -> article id."""
    out = {}
    for article in sample_archive.list_articles():
        row = sample_archive.db.execute("SELECT source_name FROM articles WHERE id = ?", [article.id]).fetchone()
        out[row[0][:3]] = article.id
    return out


@pytest.fixture
def copy_samples(tmp_path: Path) -> Path:
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target
