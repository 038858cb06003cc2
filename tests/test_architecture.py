"""The house rules that keep the core pure and the identity single, checked on the code itself."""

from __future__ import annotations

import ast
import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.checks import check_library
from readinglist.errors import ReadingListError
from readinglist.identity import KeyIndex
from readinglist.models import Entry
from readinglist.store import load_library

CORE = [
    "readinglist.models",
    "readinglist.records",
    "readinglist.ids",
    "readinglist.identity",
    "readinglist.graph",
    "readinglist.order",
    "readinglist.citations",
    "readinglist.suggest",
    "readinglist.layout",
    "readinglist.mapping",
    "readinglist.discovery",
    "readinglist.search",
    "readinglist.resolve",
    "readinglist.names",
    "readinglist.paper",
    "readinglist.drawing",
    "readinglist.keys",
    "readinglist.listing",
]
# bibtexparser's name splitting is pure (no file, no network): the core reaches it through `names` alone.
NAME_SPLITTER = "readinglist.names"
IO_PACKAGES = [
    "bibtexparser",
    "filelock",
    "httpx",
    "httpcore",
    "requests",
    "arxiv",
    "semanticscholar",
    "streamlit",
    "typer",
]


def test_no_core_module_imports_an_io_package() -> None:
    """Imported one after another in a fresh interpreter, the core modules load none of the I/O packages.

    One interpreter for all of them: a package one module loads would still be loaded after the next, so each
    package is blamed on the first module that brings it in.
    """
    io_packages = [p for p in IO_PACKAGES if p != "bibtexparser"]
    code = (
        "import importlib, json, sys\n"
        "blamed = {}\n"
        f"for module in {CORE!r}:\n"
        "    importlib.import_module(module)\n"
        f"    new = [p for p in {io_packages!r} if p in sys.modules and p not in sum(blamed.values(), [])]\n"
        "    if new:\n"
        "        blamed[module] = new\n"
        "print(json.dumps(blamed))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {}, f"core modules pull in I/O packages: {result.stdout.strip()}"


@pytest.mark.parametrize("module", CORE)
def test_only_names_imports_bibtexparser_in_the_core(module: str) -> None:
    """The core may split names with bibtexparser's functions (in `names`), never read or write a file with it."""
    path = Path(__file__).parent.parent / (module.replace(".", "/") + ".py")
    imported = {
        name
        for node in ast.walk(_tree(path))
        for name in (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in getattr(node, "names", [])]
        )
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    bibtex = sorted(name for name in imported if name.split(".")[0] == "bibtexparser")
    allowed = ["bibtexparser.middlewares.names"] if module == NAME_SPLITTER else []
    assert bibtex == allowed, f"{module} imports {bibtex}"


def test_no_module_touches_networkx_private_adjacency() -> None:
    """The graph is built and read through networkx's public API (`_node`, `_succ`, `_pred`, `_adj` are its own)."""
    package = Path(__file__).parent.parent / "readinglist"
    private = re.compile(r"\.(_node|_succ|_pred|_adj)\b")
    found = [
        f"{p.name}:{n}"
        for p in package.rglob("*.py")
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert found == []


def test_a_versioned_and_an_unversioned_arxiv_id_are_one_paper_everywhere(tmp_path: Path) -> None:
    """`check`, `add`/`enrich` (KeyIndex) and the importer's merge share one answer."""
    first = Entry("a2022", "misc", {"title": "One paper", "author": "A", "year": "2022", "eprint": "2203.02155v2"})
    second = Entry("b2022", "misc", {"title": "Another title", "author": "B", "year": "2022", "eprint": "2203.02155"})
    assert KeyIndex([first]).find(eprint="2203.02155") == "a2022"
    text = "".join(
        f"@misc{{{e.key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in e.fields.items()) + "}\n\n"
        for e in (first, second)
    )
    (tmp_path / "papers.bib").write_text(text, encoding="utf-8")
    problems = check_library(load_library(tmp_path / "papers.bib"))
    assert [p.kind for p in problems] == ["same-paper"] and "arXiv id" in problems[0].message


def test_importer_merge_uses_the_same_identity() -> None:
    from readinglist.importers.library_import import _entry_identities

    assert set(_entry_identities({"eprint": "2203.02155v2"})) == set(_entry_identities({"eprint": "2203.02155"}))


# Every module of the package, on the floor ARCHITECTURE.md puts it (a new module must be placed here too).
FLOORS: dict[str, list[str]] = {
    "entry points": ["readinglist", "readinglist.__main__", "readinglist.cli", "readinglist.ui"],
    "use cases": [
        "readinglist.usecases",
        "readinglist.enrich",
        "readinglist.checks",
        "readinglist.manual_add",
        "readinglist.importers",
        "readinglist.exporters",
        "readinglist.merge",
        "readinglist.outputs",
        "readinglist.launch",
    ],
    "edges": ["readinglist.sources", "readinglist.store"],
    "settings": ["readinglist.settings", "readinglist.config"],  # read the environment when asked; no I/O
    "pure core": [*CORE, "readinglist.names"],
    "errors": ["readinglist.errors"],
}
ORDER = list(FLOORS)
PACKAGE = Path(__file__).resolve().parent.parent / "readinglist"


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests here."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package's `__init__` under the package's own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("readinglist", *path.relative_to(PACKAGE).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _floor(module: str) -> str | None:
    """The floor of `module`: the floor listing it, or its longest listed parent package."""
    best: tuple[int, str] | None = None
    for floor, names in FLOORS.items():
        for name in names:
            inside = module == name or (module.startswith(name + ".") and name != "readinglist")
            if inside and (best is None or len(name) > best[0]):
                best = (len(name), floor)
    return best[1] if best else None


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    """The package modules `path` imports at run time (line, module), lazy imports too; TYPE_CHECKING blocks left
    out, since they only name types."""
    tree = _tree(path)
    skip = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for child in ast.walk(node)
    }
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            targets = [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
            found += [(node.lineno, t) for t in targets if t.startswith("readinglist")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("readinglist")]
    return found


def test_every_module_is_on_a_floor() -> None:
    unplaced = [name for name in _modules() if _floor(name) is None]
    assert not unplaced, f"place these modules on a floor (here and in ARCHITECTURE.md): {unplaced}"


def test_imports_only_point_down() -> None:
    """No module imports one on a higher floor (type-only imports aside); a floor may import within itself."""
    upward = []
    for name, path in _modules().items():
        floor = _floor(name)
        assert floor is not None
        for line, target in _imports(path, name):
            other = _floor(target)
            if other is not None and ORDER.index(other) < ORDER.index(floor):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({floor}) imports {target} ({other})")
    assert not upward, "\n".join(upward)


# How a module would read the environment; the entry points and the settings floor may.
ENVIRONMENT_READS = (
    "os.environ", "os.getenv", "getenv(", "environ.get", "Settings.from_env", "from_environment",
    "shutil.which",  # reads PATH: the CLI says how git should call readinglist (git-setup)
)  # fmt: skip


def test_nothing_below_the_entry_points_reads_the_environment() -> None:
    readers = []
    for name, path in _modules().items():
        if _floor(name) in ("entry points", "settings"):
            continue
        tree = _tree(path)
        for node in ast.walk(tree):
            text = ast.unparse(node) if isinstance(node, (ast.Attribute, ast.Call)) else ""
            imported = (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(a.name in ("environ", "getenv") for a in node.names)
            )
            defaults = (
                isinstance(node, ast.Call)
                and not node.args
                and not node.keywords
                and text
                in (
                    "default_cache_path()",
                    "default_library_path()",
                    "Settings()",
                )
            )
            if imported or defaults or (isinstance(node, ast.Attribute) and text in ENVIRONMENT_READS):
                readers.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {text or 'from os import'}")
    assert not readers, "\n".join(sorted(set(readers)))


def test_the_use_cases_ask_the_sources_registry_by_capability_not_by_name(tmp_path: Path) -> None:
    """Each source says what it can do; a source that cannot match titles is never asked to."""
    from readinglist.sources import ArxivSource, Can, ResponseCache, SemanticScholarSource, Sources

    s2, arxiv = SemanticScholarSource(api_url="http://127.0.0.1:9"), ArxivSource(api_url="http://127.0.0.1:9/api")
    with Sources(s2, arxiv, ResponseCache(tmp_path / "c.sqlite3")) as sources:
        assert sources.able(Can.LOOK_UP_BY_ID) == [s2, arxiv] == sources.metadata
        assert sources.title_matcher() is s2 and sources.citation_lister() is s2
        assert sources.able(Can.RECOMMENDATIONS) == []
        with pytest.raises(ReadingListError, match="no source of this run can recommend papers"):
            sources.first(Can.RECOMMENDATIONS)
    enrich = (PACKAGE / "enrich.py").read_text(encoding="utf-8")
    for asked_by_name in ("sources.s2.match_title", "sources.s2.parse", "sources.s2.fetch_", "sources.s2.lookup_id"):
        assert asked_by_name not in enrich, "enrich asks the registry (title_matcher, citation_lister, metadata)"


def test_help_lists_the_commands_by_theme() -> None:
    """The CLI is a package of modules by theme; --help lists them theme by theme, editing first, the app last."""
    import typer

    from readinglist.cli import app

    names = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert names[:6] == ["set", "unset", "mark", "note", "check", "init"]
    assert names[6:10] == ["lineage", "why", "order", "graph"] and names[10:13] == ["add", "enrich", "suggest"]
    assert names[-1] == "app"


# The store's writes, found in store/ itself: a function or method writes when it makes one of these calls, or calls
# a store function that does (found until nothing new is found). Reading (load_library, NoteStore.read) is not writing.
WRITE_CALLS = {"write_atomic", "os.replace", "write_bytes", "write_text", "mkdir", "unlink", "mkstemp", "FileLock"}
# Below the entry points, besides usecases/ and store/ itself, a module may call the store's writers only when it does
# a use case's writing for it (so its own writing functions are checked below too), each with the reason.
WRITES_FOR_A_USE_CASE = {
    "readinglist.enrich": "add_papers and enrich_library write entries and notes for add_paper and enrich_papers",
    "readinglist.manual_add": "add_manual_paper writes the entry and its note for add_paper",
    "readinglist.importers.outline": "save_outline writes the list's outline for import_list",
    "readinglist.merge.driver": "run_merge_driver writes git's own temporary file (%A) for merge_files",
}


def _called(node: ast.Call) -> set[str]:
    """What a call calls, as WRITE_CALLS names it: `f` for `f(...)`; `m` and `x.m` for `x.m(...)`."""
    if isinstance(node.func, ast.Name):
        return {node.func.id}
    return {node.func.attr, ast.unparse(node.func)} if isinstance(node.func, ast.Attribute) else set()


def _writers(trees: list[ast.Module], start: set[str]) -> set[str]:
    """The functions and methods defined in `trees` that call one of `start`, or one of those (to a fixpoint)."""
    defined = [
        node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    found: set[str] = set()
    while True:
        more = {f.name for f in defined if f.name not in found and any(
            _called(n) & (start | found) for n in ast.walk(f) if isinstance(n, ast.Call))}  # fmt: skip
        if not more:
            return found
        found |= more


def _store_writers() -> tuple[set[str], set[str]]:
    """The store's public writing functions (called by name) and methods (called on an object)."""
    trees = [_tree(p) for p in sorted((PACKAGE / "store").glob("*.py"))]
    writers = {name for name in _writers(trees, WRITE_CALLS) if not name.startswith("_")}
    methods = {
        f.name
        for tree in trees
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for f in cls.body
        if isinstance(f, ast.FunctionDef) and f.name in writers
    }
    return writers - methods, methods


def writes_in(
    source: str, module: str, origins: tuple[str, ...], functions: set[str], methods: set[str]
) -> list[tuple[int, str]]:
    """Where the module `source` imports one of `functions` from a module in `origins` and uses it (called, passed
    on, or through the module: `bibfile.edit_library`), or calls one of `methods` on any object."""
    tree = ast.parse(source)
    package = module.rpartition(".")[0]
    names: dict[str, str] = {}  # the name bound in this module -> the writing function it is
    modules: set[str] = set()  # names bound to a module in `origins`
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                bound, full = alias.asname or alias.name, f"{target}.{alias.name}"
                if target.startswith(origins) and alias.name in functions:
                    names[bound] = alias.name
                    found.append((node.lineno, alias.name))
                elif full.startswith(origins):
                    modules.add(bound)
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name.startswith(origins)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            found.append((node.lineno, names[node.id]))
        elif isinstance(node, ast.Attribute) and node.attr in functions and ast.unparse(node.value) in modules:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in methods:
            found.append((node.lineno, node.func.attr))
    return sorted(set(found))


STORE = ("readinglist.store",)


def test_the_store_writers_are_found_in_the_store() -> None:
    functions, methods = _store_writers()
    assert {"edit_library", "write_atomic", "locked", "save_candidates", "save_last_checks"} <= functions
    assert {"append_dismissed", "remove_dismissed"} <= functions
    assert methods == {"save", "ensure", "check_writable"}  # Library.save, NoteStore.save/ensure/check_writable
    assert not {"load_library", "read", "read_text", "digest_file", "load_candidates"} & (functions | methods)


def test_the_check_finds_a_write_put_back_in_a_page() -> None:
    page = (PACKAGE / "ui" / "conflicts_view.py").read_text(encoding="utf-8")
    module = "readinglist.ui.conflicts_view"
    functions, methods = _store_writers()
    assert writes_in(page, module, STORE, functions, methods) == []
    lines = len(page.splitlines())
    put_back = page + (
        "from ..store.bibfile import edit_library\n"
        "def _apply_old(change):\n    with edit_library(library_path()) as library:\n        change(library)\n"
    )
    assert writes_in(put_back, module, STORE, functions, methods) == [
        (lines + 1, "edit_library"),
        (lines + 3, "edit_library"),
    ]
    through_module = "from .. import store\nwith store.edit_library(p) as library:\n    pass\n"
    assert writes_in(through_module, module, STORE, functions, methods) == [(2, "edit_library")]
    note = "from ..store.notes import NoteStore\nNoteStore(p).save(key, text, None)\nkeys.save\nlocked = True\n"
    assert writes_in(note, module, STORE, functions, methods) == [(2, "save")]  # a widget key or a flag is no write


def test_the_store_is_written_only_by_use_cases() -> None:
    """cli/, ui/ and the rest write papers.bib, notes and discovery files only through a use case."""
    functions, methods = _store_writers()
    modules = _modules()
    helpers = tuple(WRITES_FOR_A_USE_CASE)
    trees = [_tree(modules[name]) for name in helpers]
    delegated = {name for name in _writers(trees, functions | methods) if not name.startswith("_")}
    assert {"add_papers", "enrich_library", "add_manual_paper", "save_outline", "run_merge_driver"} <= delegated
    found = []
    for name, path in modules.items():
        if name.startswith(("readinglist.usecases", "readinglist.store")) or name in helpers:
            continue
        module = f"{name}.__init__" if path.name == "__init__.py" else name
        source = path.read_text(encoding="utf-8")
        writes = writes_in(source, module, STORE, functions, methods) + writes_in(
            source, module, helpers, delegated, set()
        )
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}" for line, what in writes]
    assert not found, "write the store through a use case in readinglist/usecases/:\n" + "\n".join(found)


def test_reading_the_cache_loads_no_http_client() -> None:
    """The graph and the order read the response cache; only a fetch loads the HTTP clients and API packages."""
    code = (
        "import sys, readinglist.usecases.lineage_graph, readinglist.sources.cache, readinglist.cli.lineage\n"
        "print(','.join(sorted(p for p in ('httpx', 'requests', 'arxiv', 'semanticscholar') if p in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
