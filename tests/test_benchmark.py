"""The benchmark keeps working: generator and one build at a tiny N, through `make bench`'s path.

No timing is asserted here; the budget lives in docs/benchmarks.md (issue #8).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import ROOT, run_check

sys.path.insert(0, str(ROOT))

from benchmarks import generate, run  # noqa: E402


def test_generated_tree_passes_the_check_and_repeats_with_its_seed(tmp_path: Path):
    counts = generate.generate(tmp_path / "a" / "content", 60, seed=7)
    assert (counts.exemplars, counts.commendations, counts.stories) == (60, 12, 3)
    assert counts.recipients >= 2 * counts.commendations  # several recipients each
    result = run_check(tmp_path / "a" / "content", today=run.TODAY)
    assert result.returncode == 0, result.stdout
    assert "không có lỗi" in result.stdout

    generate.generate(tmp_path / "b" / "content", 60, seed=7)
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.md")}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.md")}
    assert first == second
    names = " ".join(p.decode() for p in first.values())
    assert any(letter in names for letter in "đĐ") and "ư" in names and "ơ" in names


def test_make_bench_path_builds_both_sites_and_writes_the_report(tmp_path: Path):
    out = tmp_path / "benchmarks.md"
    out.write_text(f"# old table\n\n{run.NOTES_MARKER}\n\nPhân tích viết tay.\n", encoding="utf-8")
    work = tmp_path / "work"
    assert (
        run.main(["--sizes", "50", "--work", str(work), "--out", str(out), "--build-repeats", "2"])
        == 0
    )

    [row] = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert row["n"] == 50 and row["decisions"] == 10 and row["stories"] == 2
    assert row["check"]["returncode"] == 0, row["check"]["output"]
    assert row["ours"]["returncode"] == 0 and row["floor"]["returncode"] == 0
    assert row["ours"]["max_rss"] > 0 and row["ours"]["wall"] > 0
    assert row["ours"]["tree_rss"] >= row["ours"]["max_rss"]  # the sampled process tree
    assert row["bare_yaml"]["returncode"] == 0, row["bare_yaml"]["output"]
    # Our build and the floor ran in turn twice, the check and the bare parse three times;
    # the row's figures are median samples.
    assert len(row["ours_samples"]) == len(row["floor_samples"]) == 2
    assert len(row["check_samples"]) == len(row["bare_yaml_samples"]) == run.CHECK_REPEATS
    # A first check (its cache empty) and one after a saved change, each as often.
    assert len(row["first_check_samples"]) == run.CHECK_REPEATS
    assert row["first_check"]["returncode"] == 0, row["first_check"]["output"]
    outcome = [row[kind]["output"].splitlines()[-2:] for kind in ("check", "first_check")]
    assert outcome[0] == outcome[1]  # the same answer, from the cache or from every file
    assert not (work / "n50" / "check-cache").exists()  # the benchmark's own, removed
    assert row["ours"]["wall"] in row["ours_samples"]
    assert row["check"]["wall"] == sorted(row["check_samples"])[1]
    preview = row["preview"]  # a running preview's rebuilds, after a save and a decision
    assert 0 < preview["edit_pages"] < preview["pages"] / 2
    assert 0 < preview["decision_pages"] < preview["pages"] / 2
    assert row["ours_site"]["pages"] > 50 + 10 + 2  # records, listings, home
    assert row["floor_site"]["pages"] == row["ours_site"]["pages"]
    assert (work / "n50" / "site" / "exemplars").is_dir()

    text = out.read_text(encoding="utf-8")
    assert "| 50 | 10 | 2 |" in text
    assert "; samples " in text  # every sample is in the table
    assert "; a first check, every file read: " in text
    assert "## Budget" in text and "## Machine" in text
    assert "not run" in text  # 5k and 10k lines are not claimed from a tiny run
    assert "# old table" not in text and text.rstrip().endswith("Phân tích viết tay.")


def test_median_run_is_the_middle_sample():
    runs = [run.Measured(wall, 0.0, 0, 0) for wall in (3.0, 1.0, 2.0)]
    assert run.median_run(runs).wall == 2.0
    assert run.median_run(runs[:2]).wall == 1.0  # the lower middle of an even count
