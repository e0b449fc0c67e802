"""Issue 11 (compounding): the CLI answers from the one typed report — every defect through `compound`/`liquid`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.test_cli_compound import run

TV1 = ["--strength", "4.5mg", "--quantity", "30", "--extra", "2", "--assay", "99.5%"]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_liquid_from_api_shows_the_weighing_at_the_balance_readability(tmp_path: Path) -> None:
    args = ["liquid", "--source", "api", "--assay", "99%", "--volume", "50mL"]
    result = json.loads(run([*args, "--json"], tmp_path).stdout)
    assert result["balance_readability_mg"] == 0.1
    assert [w["shown"] for w in result["report"]["weighings"]] == ["50.5 mg"]
    text = run(args, tmp_path).stdout
    assert "Weigh 50.5 mg of naltrexone HCl API powder" in text
    assert "50.5051 mg of" not in text


@pytest.mark.parametrize("fill", ["23mg", "1g", "2300mg"])
def test_implausible_measured_fill_is_refused_unless_confirmed(tmp_path: Path, fill: str) -> None:
    refused = run(["compound", *TV1, "--fill-weight", fill], tmp_path)
    assert refused.returncode == 2
    assert "--fill-weight" in refused.stderr and "--confirm-fill" in refused.stderr
    if fill == "23mg":
        return  # 23 mg is below the drug as well: refused even when confirmed (next test)
    done = run(["compound", *TV1, "--fill-weight", fill, "--confirm-fill", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert any("Confirmed by the pharmacist" in w for w in json.loads(done.stdout)["warnings"])


def test_a_measured_fill_below_the_drug_is_refused_even_when_confirmed(tmp_path: Path) -> None:
    args = ["compound", "--strength", "40mg", "--quantity", "10", "--assay", "99.5%"]
    done = run([*args, "--capsule-size", "5", "--fill-weight", "30mg", "--confirm-fill"], tmp_path)
    assert done.returncode == 2
    assert "--fill-weight" in done.stderr and "less than the drug" in done.stderr


def test_an_infeasible_aliquot_says_no_plan_is_possible_and_what_would_help(tmp_path: Path) -> None:
    args = ["compound", "--strength", "0.5mg", "--quantity", "1", "--assay", "99.5%"]
    args += ["--fill-weight", "240mg", "--balance", "class-iii"]
    text = run(args, tmp_path).stdout
    assert "NO WEIGHING PLAN IS POSSIBLE" in text
    assert "make at least" in text and "capsules" in text
    assert " -" not in text.replace(" - ", "")  # no negative weighing anywhere
    result = json.loads(run([*args, "--json"], tmp_path).stdout)
    assert result["plan_possible"] is False
    assert result["report"]["weighings"] == [] and result["report"]["steps"] == []
    saved = run([*args, "--save", "--preparer", "AB", "--checker", "CD"], tmp_path / "d")
    assert saved.returncode == 2 and "No weighing plan" in saved.stderr


def test_api_needs_its_assay_and_an_anhydrous_assay_needs_its_water(tmp_path: Path) -> None:
    base = ["compound", "--strength", "4.5mg", "--quantity", "30"]
    missing = run(base, tmp_path)
    assert missing.returncode == 2 and "--assay" in missing.stderr
    for basis in ("anhydrous", "dried"):
        done = run([*base, "--assay", "99.2%", "--assay-basis", basis], tmp_path)
        assert done.returncode == 2 and done.stderr.count("--water") == 1
    ok = run(
        [*base, "--assay", "99.2%", "--assay-basis", "anhydrous", "--water", "0.5%", "--json"],
        tmp_path,
    )
    assert json.loads(ok.stdout)["potency"] == pytest.approx(0.98704)
    liquid = run(["liquid", "--source", "api", "--volume", "50mL"], tmp_path)
    assert liquid.returncode == 2 and "--assay" in liquid.stderr


@pytest.mark.parametrize("concentration", ["10mg/mL", "45mg/mL"])
def test_liquid_concentrations_a_syringe_cannot_measure_are_flagged(
    tmp_path: Path, concentration: str
) -> None:
    done = run(["liquid", "--volume", "50mL", "--concentration", concentration, "--json"], tmp_path)
    result = json.loads(done.stdout)
    assert any("too small to measure" in w for w in result["warnings"])
    assert any(not d["measurable"] for d in result["report"]["doses"])


def test_liquid_dose_table_is_rounded_to_the_syringe(tmp_path: Path) -> None:
    args = ["liquid", "--volume", "50mL", "--concentration", "3mg/mL"]
    result = json.loads(run([*args, "--json"], tmp_path).stdout)
    assert result["dose_table"]["1"] == 0.3
    assert result["dose_table_exact"]["1"] == pytest.approx(1 / 3)
    text = run(args, tmp_path).stdout
    assert "1 mg = 0.3 mL" in text and "0.333" not in text


def test_liquid_supply_longer_than_its_bud_is_split_into_fills(tmp_path: Path) -> None:
    args = ["liquid", "--volume", "63mL", "--dose", "4.5mg", "--days", "90", "--json"]
    result = json.loads(run(args, tmp_path).stdout)
    assert result["fills"]["count"] == 7 and result["fills"]["days_per_fill"] == 14
    assert result["fills"]["fill_ml"] == 63
    assert any("7 fills" in w for w in result["warnings"])


def test_liquid_refuses_tablet_options_it_would_ignore(tmp_path: Path) -> None:
    for option in (["--tablets", "2"], ["--tablets-weight", "300mg"]):
        done = run(["liquid", "--volume", "50mL", *option], tmp_path)
        assert done.returncode == 2 and option[0] in done.stderr
    done = run(
        ["compound", *TV1, "--source", "tablets", "--tablets", "4", "--tablets-weight", "800mg"],
        tmp_path,
    )
    assert done.returncode == 2 and "--assay" in done.stderr  # an API option with tablets


def test_whole_tablets_are_in_the_instruction_not_a_warning(tmp_path: Path) -> None:
    result = json.loads(run(["liquid", "--volume", "30mL", "--json"], tmp_path).stdout)
    assert any("make up to 50 mL" in s and "dispense 30 mL" in s for s in result["steps"])
    assert not any("whole tablet" in w for w in result["warnings"])


def write_settings(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    from ldn_desktop.storage.settings import DEFAULT_SETTINGS

    settings = {
        **DEFAULT_SETTINGS,
        "format": "ldn-desktop/settings",
        "version": 1,
        "pharmacy": {"name": "Main St Pharmacy", "address": "1 Main St, Boston", "phone": "555"},
    }
    (data / "settings.json").write_text(json.dumps(settings))


def test_liquid_pdf_label_and_save_like_compound(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_settings(data)
    sheet, label = tmp_path / "w.pdf", tmp_path / "l.pdf"
    args = ["liquid", "--volume", "50mL", "--dose", "4.5mg", "--date", "2026-03-01"]
    args += ["--pdf", str(sheet), "--label-pdf", str(label), "--save", "--preparer", "AB"]
    args += ["--checker", "CD", "--prescriber", "Dr Who", "--api-lot", "T-1", "--json"]
    done = run(args, data)
    assert done.returncode == 0, done.stderr
    lot = json.loads(done.stdout)["lot"]
    assert lot == "20260301-01"
    label_text = pdf_text(label)
    for expected in ("Take 4.5 mL (4.5 mg)", "Dr Who", "1 Main St, Boston", lot, "Filled"):
        assert expected in label_text
    assert "Dose table" in pdf_text(sheet) and lot in pdf_text(sheet)
    records = json.loads((data / "pharmacy.json").read_text())["records"]
    assert records[0]["kind"] == "liquid" and records[0]["report"]["kind"] == "liquid"


def test_base_label_states_the_hcl_content_and_release_without_lots_warns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    label = tmp_path / "l.pdf"
    args = ["compound", *TV1, "--basis", "base", "--fill-weight", "240mg", "--date", "2026-03-01"]
    args += ["--save", "--preparer", "AB", "--checker", "CD", "--label-pdf", str(label), "--json"]
    done = run(args, data)
    assert done.returncode == 0, done.stderr
    assert "each capsule contains 4.98 mg naltrexone HCl" in pdf_text(label)
    warnings = json.loads(done.stdout)["report"]["warnings"]
    assert any("No component expiry" in w for w in warnings)
    assert any("No component lot" in w for w in warnings)
    saved = json.loads((data / "pharmacy.json").read_text())["records"][0]["report"]["warnings"]
    assert any("No component expiry" in w for w in saved)
