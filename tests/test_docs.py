"""The README, checked against the code it describes, so the two cannot drift apart.

Every setting in ``config`` has a row in the configuration table (and every row is a real
setting), the module map names every package and top-level module, and every command in the
"Command line" block is one the parser accepts; the cheap ones are run for real.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from interview_coach.cli import commands
from interview_coach.config import ENVIRONMENT, load_settings
from interview_coach.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "interview_coach"


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def table_variables() -> set[str]:
    rows = re.findall(r"^\| `([A-Z_]+)` \|", section("Configuration"), re.M)
    return set(rows)


def test_every_setting_is_in_the_readme_table_and_nothing_else() -> None:
    assert table_variables() == set(ENVIRONMENT)


def test_the_module_map_names_every_module() -> None:
    block = section("How it is built")
    names = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    missing = [n for n in sorted(names) if not re.search(rf"\b{re.escape(n)}(\.py|/)", block)]
    assert not missing, f"README's module map misses {missing}"
    for package in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        for module in package.glob("*.py"):
            if module.stem not in ("__init__", "__main__"):
                assert re.search(rf"\b{module.stem}\b", block), f"{package.name}/{module.name}"


#: The README's placeholders, given values the parser can check.
PLACEHOLDERS = {"P": "7860", "H": "127.0.0.1"}


def readme_commands() -> list[list[str]]:
    block = section("Command line")
    code = block.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in code.splitlines()]
    argvs = [shlex.split(re.sub(r"[\[\]]", "", line))[1:] for line in lines if line]
    return [[PLACEHOLDERS.get(word, word) for word in argv] for argv in argvs]


@pytest.mark.parametrize("argv", readme_commands(), ids=lambda a: " ".join(a[:2]))
def test_every_readme_command_parses(argv: list[str]) -> None:
    args = commands.build_parser().parse_args(argv)
    assert callable(args.func)


def test_the_readme_evaluate_example_runs(tmp_path, monkeypatch, capsys) -> None:
    argv = next(a for a in readme_commands() if a[0] == "evaluate")
    (tmp_path / "a.txt").write_text(
        "At the depot our returns backlog hit 900 parcels in March. I was asked to clear it "
        "within two weeks. I split the backlog by carrier and ran two extra sorting shifts. "
        "We cleared it in nine days and complaints fell by a third.",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    assert commands.main(argv) == 0
    assert '"components"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INTERVIEW_COACH_PORT", "abc"),
        ("INTERVIEW_COACH_PORT", "70000"),
        ("INTERVIEW_COACH_LLM", "gpt"),
        ("INTERVIEW_COACH_LLM_TIMEOUT", "-1"),
        ("INTERVIEW_COACH_THREADS", "0"),
        ("INTERVIEW_COACH_JUDGE", "maybe"),
    ],
)
def test_a_bad_variable_names_itself(name: str, value: str, monkeypatch, capsys) -> None:
    with pytest.raises(ConfigError, match=f"^{name}="):
        load_settings({name: value})
    monkeypatch.setenv(name, value)
    assert commands.main(["backend"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"interview-coach: {name}={value!r}") and "\n" not in err
