"""Count questions are answered only by a number of the thing counted."""

from __future__ import annotations

import pytest

from rag.counts import (
    asked_focus,
    asked_measures,
    asks_change,
    asks_quantity,
    asks_size,
    count_of,
    counted,
    counted_acronyms,
    counts_only,
    defined_acronyms,
    gives_change,
    gives_count,
    gives_measure,
    gives_size,
    kind_counted,
    lists_items,
    quantity_clause,
    singular,
)

AEGIS = (
    "We propose a taxonomy structured into 12 top-level hazard categories with an extension to 9 "
    "fine-grained subcategories. We obtain Aegis 2.0, a carefully curated collection of 34,248 "
    "samples of human-LLM interactions, annotated according to our proposed taxonomy. Large "
    "Language Models are trained on it."
)
MM_RLHF = (
    "We introduce MM-RLHF, a dataset containing 120k fine-grained, human-annotated preference "
    "comparison pairs."
)


def test_the_counted_noun_is_the_plural_head_of_the_phrase_after_how_many() -> None:
    assert counted("How many human annotators labelled the 120k pairs?") == ["annotators"]
    assert counted("How many samples does it contain, and how many top-level hazard categories?") == [
        "samples",
        "categories",
    ]
    assert counted("how many GPU hours did the pipeline take?") == ["hours"]


def test_how_many_inside_a_description_asks_for_no_count() -> None:
    assert counted("which paper scores answers by how many requirements they satisfy?") == []
    # Papers and the listing's fields are the metadata parser's; "of them" counts nothing named.
    assert counted("how many papers from 2023?") == []
    assert counted("how many of them use RL?") == []


def test_a_count_is_a_number_standing_before_the_noun_in_one_sentence() -> None:
    assert gives_count("samples", AEGIS)
    assert gives_count("categories", AEGIS)
    assert gives_count("subcategories", AEGIS)
    # a compound is one word, however hyphenated ("29 sub-categories" was no number of them)
    assert gives_count("sub-categories", "It is divided into a total of 29 sub-categories.")
    assert gives_count("subcategories", "It is divided into a total of 29 sub-categories.")
    assert gives_count("categories", "We introduce DeceptionBench, a five-category benchmark.")
    # "Language Models": the word is there, no number of languages is.
    assert not gives_count("languages", AEGIS)
    # 120k counts pairs; "human-annotated" is not a number of annotators.
    assert gives_count("pairs", MM_RLHF)
    assert not gives_count("annotators", MM_RLHF)
    assert gives_count("models", "We release twelve distilled models.")
    assert not gives_count("models", "We release distilled models. They score 12 points higher.")


def test_singular_follows_the_regular_rules_only() -> None:
    assert [
        singular(w) for w in ("categories", "pairs", "classes", "batches", "annotated", "corpus", "analysis")
    ] == [
        "category",
        "pair",
        "class",
        "batch",
        "annotated",
        "corpus",
        "analysis",
    ]


def test_a_rate_question_needs_a_number_beside_what_it_asks_about() -> None:
    from rag.counts import asks_quantity, gives_quantity

    assert asks_quantity("In the experiments, how often did the model exfiltrate its weights?")
    assert asks_quantity("by how much did it cut deceptive behaviour?")
    assert asks_quantity("what percentage of queries did it comply with?")
    assert not asks_quantity("a paper on how much leeway annotators have?")
    abstract = (
        "We find the model complies with harmful queries 14% of the time. "
        "We also observe the model exfiltrating its weights."
    )
    assert gives_quantity("compli", abstract)
    assert not gives_quantity("exfiltr", abstract)


def test_a_count_of_a_named_kind_is_given_by_its_acronym() -> None:
    question = "how many reward models did they test"
    assert counted(question) == ["models"] and counted_acronyms(question) == {"models": "rm"}
    sentence = "we conduct a comprehensive evaluation of 45 RMs and uncover their limitations"
    assert gives_count("models", sentence, "rm")
    assert not gives_count("models", sentence)  # without it, the number counts something else
    assert counted_acronyms("how many samples does it contain?") == {}


def test_a_measure_asked_for_is_read_with_the_word_that_says_what_it_measures() -> None:
    from rag.counts import asked_measures

    assert asked_measures("what success rate did DEPS reach on ObtainDiamond?") == ["success rate"]
    assert asked_measures("InstructEngine's GenEval score for SDXL?") == ["GenEval score"]
    assert asked_measures("L2Calib extrinsic error in cm and degrees?") == ["extrinsic error", "cm"]
    assert asked_measures("what's the task count in it?") == ["task count"]
    assert asked_measures("EditReward's correlation with human judgments on GenAI-Bench?") == ["correlation"]
    assert asked_measures("what KL coefficient did SALSA use for its model-soup reference?") == [
        "KL coefficient"
    ]
    assert asked_measures("What learning rate and batch size did SALSA use?") == [
        "learning rate",
        "batch size",
    ]
    assert asked_measures("which papers study the correlation between length and reward?") == []
    # A measure inside a longer noun, one asked to be explained, a description that asks
    # nothing, and what the listings give are no such question.
    assert asked_measures("does their approach need a separate value critic?") == []
    assert asked_measures("what does the AQI score measure?") == []
    assert asked_measures("slow learner, lower learning rate in the representation layer") == []
    assert asked_measures("size of its author list?") == []
    assert asked_measures("Which work prunes HTML pages so LLMs can cope with page size?") == []


def test_a_number_is_given_beside_one_of_the_words_asked_about() -> None:
    from rag.counts import gives_number

    abstract = "We evaluate on 57 tasks. We also give an update on the ObtainDiamond challenge."
    assert gives_number(abstract, ["task", "count"])
    assert not gives_number(abstract, ["obtaindiamond", "success", "rate"])


def test_a_set_whose_items_are_asked_for_is_listed_only_when_the_abstract_names_them() -> None:
    from rag.counts import asked_items, lists_items

    assert asked_items("What are the five mainstream task categories in the AI4Research taxonomy?") == [
        "mainstream task categories"
    ]
    assert asked_items("the names of the two datasets MEET was evaluated on?") == ["datasets"]
    assert asked_items("what were the three tasks they analysed?") == ["tasks"]
    assert asked_items("what are the main results?") == []
    assert asked_items("which two datasets did they evaluate on?", loosely=True) == ["datasets"]
    listed = "We apply PROFILE across three tasks: summarization, helpful response generation, and QA."
    assert lists_items("tasks", listed)
    assert not lists_items(
        "tasks", "We introduce a taxonomy to classify five mainstream tasks in AI4Research."
    )
    assert not lists_items("base LLMs", "It works across two base LLMs and three binary signal datasets.")
    # past what they are groups of: "what are the three groups of samples in it?" of VisAlign
    grouped = "Our dataset consists of three groups of samples, namely Must-Act, Must-Abstain, and Uncertain."
    assert lists_items("groups", grouped)
    assert not lists_items("groups", "We split it into three groups of samples, and train on each.")


def test_an_acronym_the_text_defines_counts_what_it_abbreviates() -> None:
    text = "Large Language Models (LLMs) persuade. Across 8 widely used LLMs, we observe concerns."
    assert defined_acronyms(text) == {"llm": "models"}
    assert gives_count("models", text)
    assert not gives_count("models", "Large Language Models (LLMs) persuade. We study 8 tasks.")


def test_a_count_is_of_the_number_s_own_noun_phrase() -> None:
    entries = "A multimodal dataset with over 1,500 entries derived from volunteer reminders is used."
    assert gives_count("entries", entries) and not gives_count("volunteers", entries)
    assert gives_count("algorithms", "We apply three state-of-the-art RLHF algorithms and find gains.")


def test_a_compound_ending_in_the_counted_noun_and_a_verb_of_it_before_the_number_count_it() -> None:
    # "150 real-world websites" gives a number of sites, "12 subtasks" of tasks; not of pages.
    sites = "Our benchmark covers over 150 real-world websites and 2,300 expert demonstrations."
    assert gives_count("sites", sites) and gives_count("demonstrations", sites)
    assert not gives_count("pages", sites)
    # "annotated 200k ... preference data" gives a number of annotations; "trained" does not.
    annotated = "The framework includes meticulously annotated 200k all-modality human preference data."
    assert gives_count("annotations", annotated)
    assert not gives_count("annotations", "We trained 200k models on preference data.")


def test_how_much_in_a_description_of_the_paper_sought_asks_no_quantity() -> None:
    from rag.counts import asks_quantity

    assert asks_quantity("how much did DeAL slow decoding down?")
    assert asks_quantity("it works, and how much does it cost?")
    assert not asks_quantity(
        "rewriting text - measuring how much they overshoot and how much others change. which paper?"
    )
    # what a method learns, said in a description: "how much to trust" asks no amount
    assert not asks_quantity(
        "RL paper that learns, via a nested optimization, how much to trust bonus signals"
    )
    assert asks_quantity("how much did it trust the bonus signals?")


def test_a_digit_inside_a_name_or_a_name_s_version_is_no_number_given() -> None:
    from rag.counts import gives_number

    listed = "Trained on the Tulu 3 preference dataset, QAlign beats DPO on GSM8K, MATH500 and IFEval."
    assert not gives_number(listed, ["gsm8k"])
    assert gives_number("QAlign reaches 85.2 on GSM8K.", ["gsm8k"])


def test_a_measure_is_given_by_its_word_or_by_its_unit() -> None:
    from rag.counts import gives_measure

    faking = "We find the model complies with harmful queries from free users 14% of the time."
    assert gives_measure(faking, "percentage")  # the "%" is the percentage
    assert not gives_measure("The model complies with harmful queries from free users.", "percentage")
    speedup = "ADRS discovers algorithms that achieve up to 5.0x runtime improvements."
    assert gives_measure(speedup, "biggest speedup") and gives_measure(speedup, "speed-up")
    assert not gives_measure("ADRS discovers faster algorithms in 3 domains.", "speedup")
    # Without a unit of its own, the head word still decides: "rate" of "learning rate".
    assert not gives_measure("We train with 3 learning objectives.", "learning rate")
    assert gives_measure("A learning rate of 1e-5 works best; we use 4 GPUs.", "learning rate")
    assert gives_measure("Our benchmark spans 57 tasks.", "task count")


def test_the_focus_is_the_head_of_the_phrase_after_which_or_what() -> None:
    assert asked_focus("which venue did LiPO end up at?") == ["venue"]
    assert asked_focus("what sampling temperature does AgentOccam use for its LLM?") == ["temperature"]
    assert asked_focus("under which license they release the dataset?") == [
        "license"
    ]  # after its preposition
    assert asked_focus("At which conference was it published?") == ["conference"]
    assert asked_focus("What is the exact licence of Aegis 2.0?") == ["licence"]
    # a clause of its own after a dash or a comma
    assert asked_focus("PRO - which venue?") == ["venue"]


def test_no_focus_for_a_paper_sought_a_relative_clause_or_a_pick_from_a_set() -> None:
    assert asked_focus("which paper introduced the UltraFeedback dataset?") == []
    assert asked_focus("PPO-M and PPO-C - what's the full paper title?") == []
    assert asked_focus("LLM agents which improve themself slowly lose alignment") == []
    assert asked_focus("which of those uses RL?") == []
    assert asked_focus("what do they propose?") == []
    # what every abstract states of its paper: "what problem does RLHS solve?" was refused
    assert asked_focus("what problem does RLHS solve?") == []
    assert asked_focus("what's the main idea of URIAL?") == []
    # the listing's fields are metadata questions
    assert asked_focus("what upvote count does it have?") == []


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("how many languages and how many messages?", True),
        ("and how many categories?", True),
        ("how many human annotators?", True),
        # two things counted, "how many" written once
        ("how many tasks and skill areas?", True),
        ("how many tasks and what about robots?", False),
        ("how many samples does it contain?", False),
        ("how many reward models are there about images", False),
        ("what is the dataset?", False),
    ],
)
def test_a_question_that_only_counts(question: str, only: bool) -> None:
    assert counts_only(question) is only


def test_items_named_in_the_next_sentence_or_by_another_noun_of_the_same_count() -> None:
    video = (
        "We introduce three alignment algorithms for flow-based models. These include two training-time "
        "strategies: Flow-DPO and Flow-RWR, and an inference-time technique, Flow-NRG."
    )
    assert lists_items("alignment algorithms", video)
    # "what were their two fixes called?" of "we propose two PPO variants: PPO-M … and PPO-C …"
    taming = (
        "Building upon this, we propose two PPO variants: PPO-M: calibrated rewards and PPO-C: calibration."
    )
    assert count_of("what were their two fixes called?", "fixes") == "two"
    assert lists_items("fixes", taming, "two") and not lists_items("fixes", taming)
    assert not lists_items("fixes", taming, "three")
    # a count without its items still lists nothing
    assert not lists_items(
        "task categories", "A taxonomy classifies five mainstream tasks in AI4Research.", "five"
    )


def test_a_model_size_is_given_in_parameters() -> None:
    cream = "Empirical results from relatively small LLMs (e.g., 7B parameters) indicate that gains diminish."
    assert gives_measure(cream, "model size")
    assert not gives_measure("We train small LLMs whose gains diminish.", "model size")
    assert not gives_measure(cream, "batch size")


def test_items_named_by_a_word_of_the_phrase_asked() -> None:
    # "what are the three challenge tasks called?" of "we introduce three core challenges: tracking
    # evolving values (PG-Follow), …": the challenges are the tasks asked for
    text = (
        "Specifically, we introduce three core challenges: tracking evolving values (PG-Follow), "
        "anticipating moral progress (PG-Predict), and regulating the feedback loop (PG-Coevolve). "
        "Alignment methods without a temporal dimension are inapplicable to these tasks."
    )
    assert lists_items("challenge tasks", text, "three")
    assert not lists_items("evaluation metrics", text)


def test_how_many_people_counts_the_people_a_study_names() -> None:
    # "how many people took part?" of "a representative sample of 500 Americans" was "no number"
    text = "We trial MGE with a representative sample of 500 Americans, on 3 intentionally divisive prompts."
    assert gives_count("people", text) and gives_count("participants", text)
    assert gives_count("people", "a worldwide crowd-sourcing effort involving over 13,500 volunteers")
    # a plural name of no people is no count of them
    assert not gives_count("people", "we train 3 Transformers on 2 tasks")


def test_a_share_of_the_things_counted_and_a_count_of_kinds() -> None:
    # "up to 55% of generated tokens" answers "how many tokens could they skip?"
    assert gives_count("tokens", "We can filter up to 55% of generated tokens during majority voting.")
    assert not gives_count("tokens", "We can filter 55% of the trajectories early.")
    # "how many task types": a count of tasks answers it
    assert kind_counted("how many task types in its taxonomy?", "types") == "task"
    assert kind_counted("how many types are there?", "types") is None
    assert kind_counted("how many tasks?", "tasks") is None


def test_the_size_of_a_body_of_data_is_a_count_of_its_items() -> None:
    # "how big is the OpenAssistant dataset?" quoted the win-rate sentence
    assert asks_size("how big is the OpenAssistant dataset?") and asks_size("size of its training split?")
    assert not asks_size("how big was the gain on RewardBench?")  # a gain is no body of data
    assert gives_size("a conversation corpus consisting of 161,443 messages in 35 languages")
    assert gives_size("a preference dataset with 192k combinations of values")
    # a share, a name's version and a number before a singular noun count nothing
    assert not gives_size("a relative winrate of 48.3% vs. 51.7% against GPT-3.5-turbo")
    assert not gives_size("AlignBot employs a fine-tuned LLaVA-7B model")
    assert not gives_size("it ranks 1 model above the rest")


def test_session_47_counts_and_items() -> None:
    # a compound of the thing counted has a prefix of its own ("12 subtasks"); "ground" is none
    assert gives_count("tasks", "It has 12 subtasks in all.")
    assert not gives_count("rounds", "Our contributions are: (1) we ground the environment in game theory.")
    # "and roughly how many …" counts as "how many …" does
    assert counted("and roughly how many volunteers contributed?") == ["volunteers"]
    # a count joined to its noun names the items after the next noun: "a three-step process: …"
    assert lists_items(
        "steps",
        "WildFeedback operates through a three-step process: feedback signal identification, preference "
        "data construction, and user-guided evaluation.",
        "three",
    )
    # ... as do items in quotes after the noun
    assert lists_items(
        "datasets",
        'We introduce two new datasets, "Intent in the Wild" (IIW) and "Intent in the Tame" (IIT).',
        "two",
    )


def test_a_count_after_a_verb_of_the_thing_and_a_hedge() -> None:
    # "how many samples does it need?" of "sampling just 2-4 watermarked generations"
    text = "We empirically demonstrate that sampling just 2-4 watermarked generations recovers alignment."
    assert gives_count("samples", text)
    # ... but a number after another verb counts nothing asked
    assert not gives_count("samples", "We evaluate just 4 watermarked generations.")


def test_a_count_of_pairs_is_given_as_pairwise_items() -> None:
    # Diffusion-DPO: "the Pick-a-Pic dataset of 851K crowdsourced pairwise preferences"
    assert gives_count("pairs", "Using the Pick-a-Pic dataset of 851K crowdsourced pairwise preferences, we")
    assert not gives_count("pairs", "We collect pairwise preferences from 12 annotators.")


def test_a_change_asked_by_its_size_is_given_by_a_ratio_or_a_share() -> None:
    assert asks_change("how much cheaper is it than the big MLLMs?")
    assert asks_change("by how much did unsafe responses drop on WildJailbreak?")
    assert not asks_change("how much training data did they use?")
    assert not asks_change("how much memory does it need?")
    assert gives_change("with a 50.5x reduction in computational cost and a 6.6x improvement in latency")
    assert gives_change("outperforms GPT-4 Turbo by 10.0% on average")
    assert not gives_change("UI-JEPA outperforms GPT-4 Turbo on two datasets of 914 videos")


def test_session_55_measures_and_quantities_asked_as_people_write_them() -> None:
    # a measure followed by what asks its value, a setting or an adverb still ends its phrase
    assert asked_measures("what's the actual success rate number vs the baseline?") == ["success rate"]
    assert asked_measures("how much did OneRec improve click-through rate online?") == ["click-through rate"]
    assert asked_measures("which value model does it use?") == []
    # "- by how many percent", "by what factor": how much, after a dash too
    assert asks_quantity("GTAlign improves efficiency - by how many percent does it cut tokens?")
    assert asks_quantity("by what factor is it faster?")
    assert not asks_quantity("how many papers use GRPO?")
    # the clause that asks, from its asking words to its end
    assert quantity_clause(
        "CUT (contrastive unlikelihood training) - how much judgment data to beat X? ok"
    ) == ("how much judgment data to beat X")


def test_session_57_how_it_is_done_asks_no_measure() -> None:
    from rag.counts import asked_measures, kind_counted

    # "how do they turn X into a reward score?" asks how, not a score's value
    assert asked_measures("how do they turn the VLM output into a reward score") == []
    assert asked_measures("how does it score on GenEval?") != []
    assert asked_measures("what success rate did DEPS reach?") == ["success rate"]
    # a unit of data counts what the word before it says
    assert kind_counted("how many judgment examples did they need", "examples") == "judgment"
    assert kind_counted("how many task types?", "types") == "task"
    assert kind_counted("how many annotators?", "annotators") is None


def test_session_58_a_count_by_the_verb_that_counts() -> None:
    from rag.counts import gives_count, verb_counted

    # "how many systems does it analyse?": the verb, in American spelling, before the number
    assert verb_counted("how many systems does the survey analyse?", "systems") == "analyze"
    assert verb_counted("and how many systems did they analyze?", "systems") == "analyze"
    abstract = "We analyze more than 80 commercial and non-commercial implementations."
    assert gives_count("analyze", abstract)
    assert not gives_count("systems", abstract)
    # plain verbs say nothing of what is counted; nor does a count with no verb after its subject
    assert verb_counted("how many languages does it cover?", "languages") is None
    assert verb_counted("how many systems are there?", "systems") is None
