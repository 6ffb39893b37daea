"""What two papers share (rag/similar.py's `shared_concepts`): concepts, not addresses or
another form of a word already given."""

from __future__ import annotations

from rag.decide import TermStatistics
from rag.model import Paper
from rag.similar import shared_concepts

FIRST = Paper(
    "a",
    "Honest LLM assistants",
    "We fine-tune LLMs to refuse when unsure. An LLM that abstains is more honest. Reward "
    "calibration helps. Reward calibration is cheap. Code: https://github.com/a/honest and "
    "https://honest-llm.github.io/.",
)
SECOND = Paper(
    "b",
    "Calibrated LLM judges",
    "Reward calibration of LLM judges makes LLMs honest. Reward calibration is studied at scale. "
    "Code: https://github.com/b/judges.",
)
OTHERS = [
    Paper("c", "Robot grasping", "Robots grasp objects; code at https://github.com/c/grasp."),
    Paper("d", "Video generation", "Diffusion models generate video. LLM prompts help, and LLMs plan."),
    Paper("e", "Reward calibration survey", "We survey reward calibration and honest models."),
]


def test_shared_concepts_leave_out_addresses_and_repeated_forms() -> None:
    statistics = TermStatistics([FIRST, SECOND, *OTHERS])
    shared = shared_concepts(FIRST, SECOND, statistics)
    assert "reward calibration" in shared
    words = {word for phrase in shared for word in phrase.split()}
    # every paper that gives its code writes "github com": no concept of these two
    assert not words & {"github", "com", "https", "io"}
    # "llm" and "llms" are one concept, given once
    assert not {"llm", "llms"} <= words
