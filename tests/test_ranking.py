"""Hybrid ranking: rare words move a chunk up, common words do not, no chunk twice."""

from __future__ import annotations

from pathlib import Path

from interview_coach.knowledge.ranking import fuse, hybrid_order, lexical_order, terms
from interview_coach.knowledge.store import KnowledgeStore

TEXTS = [
    "The company values plain dealing and being neighbourly with its members.",
    "The design system is called Acorn and every product team uses it in Figma.",
    "Members can open a savings account in any of the 31 branches.",
    "The company moved its offices to Shrewsbury in 2019 and the company grew.",
]


def test_terms_stem_and_drop_stop_words() -> None:
    assert terms("What are the Branches opening?") == ("branch", "open")


def test_a_rare_word_in_the_question_ranks_its_chunk_first() -> None:
    assert lexical_order("What is Acorn?", TEXTS) == [1]
    # "company" is in half the candidates: not distinctive, so the lexical list is empty
    assert lexical_order("What does the company do?", TEXTS) == []
    # dense order kept when lexical has nothing to say; a lexical hit is pulled to the top
    assert hybrid_order("What does the company do?", TEXTS) == [0, 1, 2, 3]
    assert hybrid_order("What is Acorn?", TEXTS)[0] == 1


def test_fusion_lets_a_lexical_match_near_the_top_move_up_but_not_from_far_down() -> None:
    assert fuse([[0, 1, 2], [2]], [1.0, 0.5])[0] == 2
    assert fuse([[0, 1, 2, 3, 4, 5], [5]], [1.0, 0.5])[:3] == [0, 5, 1]


def test_search_never_returns_the_same_text_twice(settings, tmp_path: Path) -> None:  # noqa: ANN001
    store = KnowledgeStore(settings)
    para = (
        "Kestrel Ferries carries 4.1 million passengers a year to fourteen islands off the "
        "west coast, and its oldest ship was built in 1987. Two hybrid vessels arrive in 2027 "
        "to replace it, and the company wants 98.5% of sailings to run as planned."
    )
    # the same paragraph in two files (a page saved twice) and twice within one file
    one = f"# Notes\n\n## Fleet\n\n{para}\n\n## Again\n\n{para}\n"
    assert store.ingest_text(one, "notes.md", company="Kestrel Ferries").status == "added"
    assert store.ingest_text(f"# Copy\n\n{para}\n", "copy.md", company="Kestrel").status == "added"
    hits = store.search("how many people travel with them", company="Kestrel Ferries", k=5)
    texts = [" ".join(h.text.split()) for h in hits]
    assert len(texts) == len(set(texts))
    assert texts[0] == para
