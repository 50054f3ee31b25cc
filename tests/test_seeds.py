"""Our digests in seeds/ agree with the source article in ../shared/seeds/ and copy none of it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seeds" / "000_117d4477e5372e83.txt"
DIGEST = ROOT / "seeds" / "kursk-2024-08-12.md"


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not at {ARTICLE} (../shared is absent on this machine)")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "digest_value, article_pattern",
    [
        ("| 28 |", r"controls 28 communities"),
        ("| 12 km |", r"12 kilometers deep"),
        ("| 40 km |", r"40-kilometer-wide"),
        ("about 180,000", r"approximately 180,000 residents"),
        ("| 121,000 |", r"121,000 individuals"),
        ("| 59,000 |", r"additional 59,000"),
        ("6 August 2024", r"August 6, 2024"),
        ("Alexei Smirnov", r"Alexei Smirnov"),
    ],
)
def test_digest_fact_is_in_the_article(article, digest_value, article_pattern):
    assert digest_value in DIGEST.read_text(encoding="utf-8")
    assert re.search(article_pattern, article)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "seeds").iterdir() if p.is_file()))
def test_no_seed_file_copies_8_words_of_the_article(article, name):
    digest = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    for sentence in re.split(r"(?<=[.!?])\s+", article):
        words = sentence.split()
        for i in range(len(words) - 7):
            assert " ".join(words[i : i + 8]) not in digest
