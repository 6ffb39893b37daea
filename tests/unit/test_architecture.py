"""The house's dependency rules (STYLE.md), checked over the source tree with `ast`: the
direction between packages, who may import which outside library, the rooms of bot/ and what
each may use, and no import cycles."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("bot", "rag", "ingest")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, Path]]:
    return [(package, path) for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))]


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize(("package", "path"), _modules(), ids=lambda v: str(v).rsplit("/main/", 1)[-1])
def test_module_follows_the_dependency_rules(package: str, path: Path) -> None:
    tops = {_top(name) for name in _imports(path)}
    relative = path.relative_to(REPO).as_posix()
    assert "bot" not in tops or package == "bot", f"{relative} imports bot"
    if package == "rag":
        assert not tops & {"ingest", "bot"}, f"{relative}: rag imports neither ingest nor bot"
    if "chromadb" in tops:
        assert relative == "rag/store.py", f"{relative}: only rag/store.py may import chromadb"
    if "dotenv" in tops:
        assert relative == "bot/settings.py", f"{relative}: only bot/settings.py may import dotenv"
    if tops & {"discord", "slack_bolt", "slack_sdk"}:
        assert package == "bot", f"{relative}: chat libraries belong in bot/"
    if "llama_index" in tops:
        assert package in ("rag", "ingest"), f"{relative}: llama-index types stay in rag/ and ingest/"


def test_library_code_never_reads_the_environment() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for _, path in _modules()
        if path.name != "settings.py" and ("os.environ" in path.read_text() or "getenv" in path.read_text())
    ]
    assert offenders == []


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        path.relative_to(REPO).as_posix()
        for _, path in _modules()
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


# ---- bot/: its rooms, and what each may import of the others ---------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for _, path in _modules()}


def _project_imports(module: str) -> set[str]:
    """The project's modules `module` imports, anywhere in it (in functions too, and under
    TYPE_CHECKING): `from bot.discord import ask` is an import of bot.discord.ask."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


def _room(module: str) -> str:
    """Which room of the house a bot module is in (STYLE.md, "The house in one picture")."""
    for adapter in ("bot.discord", "bot.slack"):
        if module == adapter or module.startswith(adapter + "."):
            return adapter
    if module == "bot.render" or module.startswith("bot.render."):
        return "render"  # one module per surface, and what they share
    rooms = {
        "bot": "package",
        "bot.__main__": "entry",
        "bot.cli": "entry",
        "bot.enrich_command": "entry",
        "bot.arguments": "entry",  # the argument types of the parser in bot.cli
        "bot.commands": "entry",
        "bot.compose": "composition root",
        "bot.settings": "settings",
        "bot.state": "core",
        "bot.chat": "core",
        "bot.announce": "core",
        "bot.addressing": "core",
        "bot.schedule": "core",
        "bot.health": "core",
        "bot.terminal": "bot.terminal",
    }
    return rooms[module]


# The core never reaches for a surface; rendering is pure; the adapters know the core and the
# render layer but not each other; only the composition root and the CLI see Settings.
MAY_USE = {
    "package": set(),
    "settings": set(),
    "core": {"core"},
    "render": {"core", "render"},
    "bot.terminal": {"core", "render"},
    "bot.discord": {"core", "render", "bot.discord"},
    "bot.slack": {"core", "render", "bot.slack"},
    "composition root": {"core", "render", "settings", "bot.discord", "bot.slack"},
    "entry": {"core", "render", "settings", "bot.terminal", "composition root", "entry"},
}
# Outside libraries that belong to one room only.
OWNED_BY = {"discord": "bot.discord", "slack_bolt": "bot.slack", "slack_sdk": "bot.slack"}
# What rendering and the core never touch: they hold no connection and talk to no platform.
NOT_IN_RENDER_OR_CORE = {"discord", "slack_bolt", "slack_sdk", "aiohttp", "urllib", "chromadb"}

BOT_MODULES = sorted(name for name in MODULES if name == "bot" or name.startswith("bot."))


@pytest.mark.parametrize("module", BOT_MODULES)
def test_each_bot_module_uses_only_the_rooms_its_room_may(module: str) -> None:
    room = _room(module)
    used = {_room(other) for other in _project_imports(module) if other.startswith("bot")}
    assert used <= MAY_USE[room], f"{module} ({room}) uses {sorted(used - MAY_USE[room])}"
    tops = {_top(name) for name in _imports(MODULES[module])}
    for library, owner in OWNED_BY.items():
        assert library not in tops or room == owner, f"{module} imports {library}: only {owner} may"
    if room in ("render", "core"):
        assert not tops & NOT_IN_RENDER_OR_CORE, f"{module} ({room}) imports {tops & NOT_IN_RENDER_OR_CORE}"


def _cycles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Every import cycle once, as the path that closes it (depth-first, white/grey/black)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> Iterator[list[str]]:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                yield [*path[path.index(target) :], target]
            elif target not in state:
                yield from visit(target)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            yield from visit(node)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(_cycles(graph)) == [["a", "b", "c", "a"]]
    assert list(_cycles({"a": {"b"}, "b": set()})) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    names = [name for name in MODULES if _top(name) == package]
    graph = {name: {other for other in _project_imports(name) if _top(other) == package} for name in names}
    assert list(_cycles(graph)) == []


# The two error classes of modules this restructuring left to their owners (plain ValueErrors).
NOT_YET_UNDER_THE_ROOT: set[str] = set()


def test_every_error_class_derives_from_paperbot_error() -> None:
    """One exception root, so the CLI and the adapters catch one type."""
    import importlib

    from rag.errors import PaperbotError

    strays = []
    for module in sorted(MODULES):
        for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and node.name.endswith("Error")
                and not node.name.startswith("_")
            ):
                error = getattr(importlib.import_module(module), node.name)
                if (
                    not issubclass(error, PaperbotError)
                    and f"{module}.{node.name}" not in NOT_YET_UNDER_THE_ROOT
                ):
                    strays.append(f"{module}.{node.name}")
    assert strays == []


def _bench_modules() -> list[Path]:
    return sorted((REPO / "bench").glob("*.py"))


@pytest.mark.parametrize("path", _bench_modules(), ids=lambda p: p.name)
def test_benchmarks_use_public_seams_only(path: Path) -> None:
    """bench/ imports no test code, reaches no private attribute of another object (its own
    classes' `self._...` aside) and patches nothing with `setattr`: what it measures, it measures
    through public seams."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert "tests" not in {_top(name) for name in _imports(path)}, f"bench/{path.name} imports tests"
    private = [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
    ]
    assert private == [], f"bench/{path.name} reaches private attributes: {private}"
    patches = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
    ]
    assert patches == [], f"bench/{path.name} patches attributes with setattr (lines {patches})"


# ---- prose: every sentence a user reads is written in bot/render/ -----------------------------

_WORD = re.compile(r"[A-Za-z]{2,}")
_SENTENCE_END = re.compile(r"[.!?:][)”\"]?$")
_LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "failed"}
# Read by the language model, not by users: its instructions.
PROMPTS = {"rag.llm": {"SYSTEM_RULES", "build_prompt"}}


def _reads_as_prose(text: str) -> bool:
    """Two or more words ending like a sentence or a heading ("Also close:"), or a trailing
    clause ("…and 3 more"); not a pattern or a URL."""
    text = text.strip()
    if "\\" in text or "(?" in text or "://" in text:
        return False
    return len(_WORD.findall(text)) >= 2 and (bool(_SENTENCE_END.search(text)) or text.startswith("…"))


def _sentences(source: str, exempt: set[str] = frozenset()) -> list[tuple[int, str]]:
    """The string literals of `source` that read as prose (f-strings with `{}` for their values),
    outside docstrings, log calls, raised exceptions (for developers) and the top-level
    definitions named in `exempt`."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring
        developer = isinstance(node, ast.Raise) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _LOG_CALLS
        )
        if developer:
            skipped.update(id(sub) for sub in ast.walk(node))
    for statement in tree.body:
        names = {getattr(statement, "name", "")} | {
            target.id for target in getattr(statement, "targets", []) if isinstance(target, ast.Name)
        }
        if names & exempt:
            skipped.update(id(sub) for sub in ast.walk(statement))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            skipped.update(id(sub) for sub in ast.walk(node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if _reads_as_prose(str(text)):
            found.append((node.lineno, str(text)))
    return sorted(found)


def test_the_sentence_finder_finds_sentences_and_only_those() -> None:
    source = """\"\"\"A module docstring.\"\"\"
import logging
log = logging.getLogger(__name__)
PATTERN = r"\\b(we|our)\\b.{0,40}"
LINK = "https://arxiv.org/search/?"
NOT_COVERED = "The corpus does not cover this."
RULES = "Answer from the sources. Cite them."


def fact(title: str, date: str) -> str:
    \"\"\"A function's docstring.\"\"\"
    log.info("answered %s.", title)
    if not title:
        raise ValueError("needs a title, not nothing.")
    heading = "Also close:"
    return f"{title} is dated {date} [1]."
"""
    assert _sentences(source, {"RULES"}) == [
        (6, "The corpus does not cover this."),
        (15, "Also close:"),
        (16, "{} is dated {} [1]."),
    ]


@pytest.mark.parametrize("module", sorted(name for name in MODULES if _top(name) == "rag"))
def test_rag_writes_no_sentence_a_user_reads(module: str) -> None:
    """rag/ returns structured answers (rag/model.py); bot/render/ words them."""
    source = MODULES[module].read_text(encoding="utf-8")
    assert _sentences(source, PROMPTS.get(module, set())) == []
