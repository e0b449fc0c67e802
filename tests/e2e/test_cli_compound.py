"""The `compound` / `liquid` CLI contract (issue 3): JSON keys, exit status 2, no Qt, PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CAPSULE_KEYS = {
    "capsules_total",
    "drug_per_capsule_mg",
    "drug_total_mg",
    "filler_per_capsule_mg",
    "filler_total_mg",
    "blend_total_mg",
    "fill_per_capsule_mg",
    "min_weighable_mg",
    "aliquot",
    "tablets_needed",
    "bud",
    "warnings",
}
ALIQUOT_KEYS = {"drug_weighed_mg", "diluent_mg", "mix_total_mg", "portion_mg"}
LIQUID_KEYS = {
    "concentration_mg_per_ml",
    "drug_mg",
    "tablets_needed",
    "dose_table",
    "bud",
    "storage",
}
TV1 = [
    "--strength",
    "4.5mg",
    "--quantity",
    "30",
    "--extra",
    "2",
    "--assay",
    "99.5%",
    "--fill-weight",
    "240mg",
    "--capsule-size",
    "1",
    "--date",
    "2026-03-01",
]


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LDN_DESKTOP_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ldn_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_compound_json_has_the_contract_keys_and_tv1_numbers(tmp_path: Path) -> None:
    done = run(["compound", *TV1, "--json"], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result.keys() >= CAPSULE_KEYS
    assert result["capsules_total"] == 32
    assert result["drug_total_mg"] == pytest.approx(144.723618, rel=1e-6)
    assert result["filler_total_mg"] == pytest.approx(7535.276382, rel=1e-6)
    assert result["blend_total_mg"] == pytest.approx(7680, rel=1e-9)
    assert result["min_weighable_mg"] == 82
    assert result["aliquot"] is None and result["tablets_needed"] is None
    assert result["bud"] == "2026-08-28"
    assert result["warnings"] == []
    assert not (tmp_path / "data").exists()  # a calculation writes nothing


def test_aliquot_tablets_and_expiry_cap(tmp_path: Path) -> None:
    done = run(
        [
            "compound",
            "--strength",
            "0.5mg",
            "--quantity",
            "30",
            "--source",
            "tablets",
            "--tablet-strength",
            "50mg",
            "--tablets",
            "2",
            "--tablets-weight",
            "501.2mg",
            "--balance",
            "class-iii",
            "--date",
            "2026-03-01",
            "--tablets-expiry",
            "2026-07",
            "--json",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["drug_total_mg"] == pytest.approx(0.5 * 501.2 / 100 * 30, rel=1e-9)
    assert result["min_weighable_mg"] == 120
    assert result["aliquot"].keys() >= ALIQUOT_KEYS
    assert result["aliquot"]["drug_weighed_mg"] >= 120
    assert result["tablets_needed"] == 1
    assert result["bud"] == "2026-07-31"


def test_overage_percent_is_exact(tmp_path: Path) -> None:
    done = run(
        [
            "compound",
            "--strength",
            "3mg",
            "--quantity",
            "90",
            "--overage",
            "10%",
            "--assay",
            "99.5%",
            "--json",
        ],
        tmp_path,
    )
    assert json.loads(done.stdout)["capsules_total"] == 99


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--strength", "4.5mL", "--quantity", "30"], "--strength"),
        (["--strength", "2**9999999 mg", "--quantity", "30"], "--strength"),
        (["--strength", "1 tsp", "--quantity", "30"], "--strength"),
        (["--strength", "4.5mg", "--quantity", "thirty"], "--quantity"),
        (["--strength", "4.5mg", "--quantity", "30", "--assay", "abc"], "--assay"),
        (
            [
                "--strength",
                "4.5mg",
                "--quantity",
                "30",
                "--source",
                "tablets",
                "--tablets",
                "1",
                "--tablets-weight",
                "250mg",
            ],
            "--tablets",
        ),
        (
            ["--strength", "4.5mg", "--quantity", "30", "--assay", "99%", "--method", "volumetric"],
            "--api-density",
        ),
        (
            [
                "--strength",
                "4.5mg",
                "--quantity",
                "30",
                "--assay",
                "99%",
                "--date",
                "2026-03-01",
                "--api-expiry",
                "2026-02-01",
            ],
            "--api-expiry",
        ),
        (["--strength", "4.5mg", "--quantity", "30", "--assay", "99%", "--save"], "--preparer"),
        (
            ["--strength", "4.5mg", "--quantity", "30", "--extra", "1", "--overage", "5%"],
            "--overage",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_option(
    args: list[str], option: str, tmp_path: Path
) -> None:
    done = run(["compound", *args, "--pdf", str(tmp_path / "w.pdf")], tmp_path / "data")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and option in lines[0]
    assert done.stdout == ""
    assert not (tmp_path / "data").exists() and not (tmp_path / "w.pdf").exists()


def test_compound_without_pdf_loads_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom ldn_desktop.cli import main\n"
        f"main(['compound', *{TV1!r}, '--json'])\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')\n"
    )
    env = {**os.environ, "LDN_DESKTOP_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip().endswith("NOQT"), done.stderr


def test_save_pdf_and_label(tmp_path: Path) -> None:
    from pypdf import PdfReader

    worksheet, label = tmp_path / "worksheet.pdf", tmp_path / "label.pdf"
    done = run(
        [
            "compound",
            "--strength",
            "3mg",
            "--quantity",
            "30",
            "--assay",
            "99.5%",
            "--date",
            "2026-03-01",
            "--save",
            "--preparer",
            "ab",
            "--checker",
            "cd",
            "--patient-name",
            "Ada Lovelace",
            "--rx",
            "RX-9",
            "--pdf",
            str(worksheet),
            "--label-pdf",
            str(label),
            "--json",
        ],
        tmp_path / "data",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["lot"] == "20260301-01"
    records = json.loads((tmp_path / "data" / "pharmacy.json").read_text())["records"]
    assert records[0]["lot"] == "20260301-01" and records[0]["preparer"] == "AB"
    label_text = " ".join(" ".join(p.extract_text() for p in PdfReader(label).pages).split())
    assert len(PdfReader(label).pages) == 1
    for expected in (
        "Naltrexone HCl 3 mg capsules",
        "Ada Lovelace",
        "20260301-01",
        "28 Aug 2026",
        "30 capsules",
    ):
        assert expected in label_text
    sheet = " ".join(" ".join(p.extract_text() for p in PdfReader(worksheet).pages).split())
    assert "3 mg" in sheet and "3.0 mg" not in sheet and " .5" not in sheet


def test_liquid_json_contract(tmp_path: Path) -> None:
    done = run(
        [
            "liquid",
            "--concentration",
            "1mg/mL",
            "--volume",
            "50mL",
            "--date",
            "2026-03-01",
            "--json",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result.keys() >= LIQUID_KEYS
    assert result["drug_mg"] == 50 and result["tablets_needed"] == 1
    assert result["dose_table"]["4.5"] == 4.5 and result["dose_table"]["0.5"] == 0.5
    assert result["bud"] == "2026-03-15" and "refrigerator" in result["storage"]
    preserved = run(
        [
            "liquid",
            "--volume",
            "100mL",
            "--source",
            "api",
            "--assay",
            "99.5%",
            "--preserved",
            "--date",
            "2026-03-01",
            "--json",
        ],
        tmp_path,
    )
    assert json.loads(preserved.stdout)["bud"] == "2026-04-05"
    bad = run(["liquid", "--volume", "2 tsp"], tmp_path)
    assert bad.returncode == 2 and "--volume" in bad.stderr


def test_save_for_a_patient_by_id(tmp_path: Path) -> None:
    data = tmp_path / "data"
    patient = run(["patient", "add", "--name", "Ada Lovelace"], data).stdout.strip()
    done = run(
        [
            "compound",
            "--strength",
            "1.5mg",
            "--quantity",
            "30",
            "--assay",
            "99.5%",
            "--save",
            "--preparer",
            "AB",
            "--checker",
            "CD",
            "--patient",
            patient,
            "--date",
            "2026-03-01",
        ],
        data,
    )
    assert done.returncode == 0, done.stderr
    assert "saved as lot 20260301-01" in done.stdout
    record = json.loads((data / "pharmacy.json").read_text())["records"][0]
    assert (record["patient_id"], record["patient_name"]) == (patient, "Ada Lovelace")
    missing = run(
        [
            "compound",
            "--strength",
            "1.5mg",
            "--quantity",
            "30",
            "--assay",
            "99.5%",
            "--save",
            "--preparer",
            "AB",
            "--checker",
            "CD",
            "--patient",
            "nobody",
        ],
        data,
    )
    assert missing.returncode == 2 and missing.stderr.startswith("ldn-desktop: error: --patient")
    assert len(json.loads((data / "pharmacy.json").read_text())["records"]) == 1


def test_the_pharmacys_saved_balance_is_used_unless_one_is_given(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A Class III balance saved in Settings gives the 120 mg minimum; --balance-* still wins."""
    import json as _json

    from ldn_desktop.cli import main as cli_main
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.settings import load_settings, save_settings

    data = tmp_path / "data"
    store = DataStore.open(data)
    settings = load_settings(store)
    settings["defaults"]["balance"]["kind"] = "class-iii"
    save_settings(store, settings)
    store.close()
    base = [
        "--data-dir",
        str(data),
        "compound",
        "--strength",
        "4.5mg",
        "--quantity",
        "30",
        "--assay",
        "99.5%",
        "--fill-weight",
        "240mg",
        "--json",
    ]
    assert cli_main(base) == 0
    assert _json.loads(capsys.readouterr().out)["min_weighable_mg"] == 120
    assert cli_main([*base, "--balance-readability", "0.1mg", "--balance-sd", "0.03mg"]) == 0
    assert _json.loads(capsys.readouterr().out)["min_weighable_mg"] == 82
    assert cli_main(["--data-dir", str(tmp_path / "none"), *base[2:]]) == 0
    assert _json.loads(capsys.readouterr().out)["min_weighable_mg"] == 82
