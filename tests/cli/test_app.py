"""The CLI through typer's CliRunner, on the real-model index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from support import CORPUS, REPORT
from typer.testing import CliRunner

from yjs_qa import Answer, IndexStatus, UpdateReport
from yjs_qa.cli.app import app

runner = CliRunner()


def test_ask_prints_answer_and_cited_passages(real_index: Path) -> None:
    result = runner.invoke(
        app,
        ["ask", "what did inspectors say about contingency planning?", "-k", "3", "--index", str(real_index)],
    )
    assert result.exit_code == 0, result.output
    assert "Answer" in result.output and "Passages" in result.output
    assert "[1]" in result.output
    assert "Domain two: Court disposals > 2.2 Planning" in result.output or "3.2 Planning" in result.output
    assert REPORT in result.output


def test_ask_json_is_the_answer_model(real_index: Path) -> None:
    result = runner.invoke(
        app,
        ["ask", "staff workloads", "-k", "4", "--json", "--service", "southend", "--index", str(real_index)],
    )
    assert result.exit_code == 0, result.output
    answer = Answer.model_validate(json.loads(result.stdout))
    assert len(answer.passages) == 4
    assert answer.filters.services == ["Southend-on-Sea"]
    assert all(p.citation.service == "Southend-on-Sea" for p in answer.passages)


def test_unknown_filter_is_a_clear_error(real_index: Path) -> None:
    result = runner.invoke(app, ["ask", "anything", "--domain", "space law", "--index", str(real_index)])
    assert result.exit_code == 1
    assert "unknown domain 'space law'" in result.output
    assert "Court disposals" in result.output  # lists the valid values


def test_empty_question_is_a_clear_error(real_index: Path) -> None:
    result = runner.invoke(app, ["ask", "   ", "--index", str(real_index)])
    assert result.exit_code == 1
    assert "question is empty" in result.output


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", "status", "--index", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "yjs-qa index build" in result.output


def test_index_status_json(real_index: Path) -> None:
    result = runner.invoke(app, ["index", "status", "--json", "--index", str(real_index)])
    assert result.exit_code == 0, result.output
    status = IndexStatus.model_validate(json.loads(result.stdout))
    assert status.model == "all-MiniLM-L6-v2"
    assert len(status.documents) == 5


def test_build_then_add_reports_what_happened(tmp_path: Path, real_index: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(real_index, index)
    result = runner.invoke(app, ["index", "build", "--corpus", str(CORPUS), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    report = UpdateReport.model_validate(json.loads(result.stdout))
    assert report.embedded == 0 and len(report.unchanged) == 5

    good = tmp_path / "good.txt"
    good.write_text("Youth justice services in Testville improved their work with victims a great deal.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["add", str(good), str(empty), "--index", str(index)])
    assert result.exit_code == 1  # something failed, and the exit status says so
    assert "added 1" in result.output
    assert f"failed: {empty}: file is empty" in result.output


def test_eval_prints_the_three_methods(real_index: Path) -> None:
    result = runner.invoke(app, ["eval", "--index", str(real_index)])
    assert result.exit_code == 0, result.output
    for method in ("| hybrid |", "| dense |", "| keyword |"):
        assert method in result.output
