from wordfreq import zipf_frequency

from rag.english import COMMON_WORD, american, common, common_words, same_root


def test_common_words_are_told_from_misspellings_by_how_often_english_uses_them() -> None:
    for word in ("federated", "coefficient", "merging", "untrained", "scorer"):
        assert common(word), word
    for typo in ("alignmnet", "somthing", "prefrence", "hitchikers"):
        assert not common(typo), typo
    # The set is the list's words at least that common, and nothing else.
    assert zipf_frequency("federated", "en") >= COMMON_WORD > zipf_frequency("tanking", "en")
    assert "the" in common_words() and "tanking" not in common_words()


def test_a_british_spelling_has_its_american_form() -> None:
    assert american("optimisation") == "optimization"
    assert american("personalised") == "personalized"
    assert american("neighbourhood") == "neighborhood"
    assert american("behaviours") == "behaviors"
    assert american("judgements") == "judgments"
    assert american("modelled") == "modeled"
    assert american("analyse") == "analyze"
    assert american("centre") == "center"
    assert american("alignment") == "alignment"  # nothing to change


def test_words_share_a_root_only_when_one_grows_the_others_stem() -> None:
    assert same_root("scorer", "scores")
    assert same_root("predictor", "prediction")
    assert same_root("sampler", "sample")
    assert not same_root("federated", "generated")
    assert not same_root("merging", "emerging")
    assert not same_root("untrained", "trained")
    assert not same_root("talks", "tasks")
