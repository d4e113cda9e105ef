"""The hostile corpus (``tests/hostile.py``): every case a clear targetplan error with its exit code, or a sound plan.

Each case runs once in English (its message must match) and, when it is an input error,
once in Indonesian, the default (the message must be Indonesian through and through).
Files are read, never changed; a plan made is checked to the rupiah.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pytest

import targetplan as tp
from hostile import BAD_INPUT, NO_PLAN, OK, Case, cases, exit_code
from targetplan.cli import main
from targetplan.results.check import money_overruns

CASES = cases()


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def sound(plan: tp.Plan) -> None:
    """A plan keeps every rule, and every money limit to the rupiah."""
    assert plan.is_ok, plan.message
    plan.check()
    assert money_overruns(plan) == []


def run(case: Case, folder: Path, capsys: pytest.CaptureFixture[str], lang: str) -> tuple[int, str]:
    """Run a case; return its exit code and its message (what the command line printed, or the error's text)."""
    action = case.build(folder)
    before = snapshot(folder)
    with warnings.catch_warnings():
        if case.warns is not None:
            warnings.simplefilter("ignore", case.warns)
        if action.cli is not None:
            code = main([*action.cli, "--lang", lang])
            captured = capsys.readouterr()
            message = captured.err
            assert "Traceback" not in message
        else:
            assert action.call is not None
            try:
                result = action.call()
            except tp.TargetplanError as exc:
                assert isinstance(
                    exc, ValueError | TypeError | tp.InfeasiblePlanError | tp.SolverFailedError | tp.CheckFailedError
                )
                code, message = exit_code(exc), str(exc)
            else:
                code, message = OK, ""
                if isinstance(result, tp.Plan):
                    sound(result)
    after = snapshot(folder)
    for path, content in before.items():
        assert after.get(path) == content, f"{path.name} was changed by reading it"
    if code == OK and action.plan_out is not None:
        sound(tp.read_plan(action.plan_out))
    return code, message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None) -> None:
    code, message = run(case, tmp_path, capsys, "en")
    assert code == case.expect, message
    if case.expect != OK:
        assert message.strip(), "an error needs a message"
        assert re.search(case.match, message), message
    if case.expect == BAD_INPUT and "problem" in message:
        assert "Fix:" in message


INPUT_ERRORS = [c for c in CASES if c.expect == BAD_INPUT and c.kind != "api" and c.kind != "output path"]


@pytest.mark.parametrize("case", INPUT_ERRORS, ids=[c.name for c in INPUT_ERRORS])
def test_hostile_input_errors_speak_indonesian(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tp.get_language()
    try:
        code, message = run(case, tmp_path, capsys, "id")
    finally:
        tp.set_language(before)
    assert code == BAD_INPUT, message
    if "masalah" in message or "Perbaiki" in message:
        assert "problem" not in message and "Fix:" not in message
    else:  # one problem of a plan file: "plan.json: <problem>. Perbaiki: <fix>"
        assert "Perbaiki:" in message or "ditemukan" in message, message


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    by_expect = Counter(c.expect for c in CASES)
    assert len(CASES) >= 120
    assert by_expect[BAD_INPUT] >= 90 and by_expect[NO_PLAN] >= 3 and by_expect[OK] >= 15
    assert {"file", "budget", "policy", "plan file", "realisation", "output path", "api"} <= {c.kind for c in CASES}
    assert len({c.name for c in CASES}) == len(CASES)
