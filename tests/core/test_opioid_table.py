"""The shipped opioid table, classes and interactions: every row loads and validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ldn_desktop.core.errors import ReferenceDataError
from ldn_desktop.core.washout.names import normalise
from ldn_desktop.core.washout.opioid_table import load_reference, shipped_reference
from ldn_desktop.paths import resource_path

TABLES = shipped_reference()
ENTRY_IDS = sorted(TABLES.entries)

# One generic per row of reference washout.md §2.2, with its class per formulation.
REFERENCE_ROWS = {
    "morphine": {"ir": "SA", "er": "LA"},
    "codeine": {"ir": "SA", "er": "LA"},
    "dihydrocodeine": {"ir": "SA", "er": "LA"},
    "hydrocodone": {"ir": "SA", "er": "LA"},
    "oxycodone": {"ir": "SA", "er": "LA"},
    "hydromorphone": {"ir": "SA", "er": "LA"},
    "oxymorphone": {"ir": "SA", "er": "LA"},
    "tramadol": {"ir": "SA", "er": "LA"},
    "tapentadol": {"ir": "SA", "er": "LA"},
    "meperidine": {"ir": "SA"},
    "levorphanol": {"ir": "LA"},
    "methadone": {"ir": "MTD"},
    "buprenorphine": {"ir": "BUP", "patch": "BUP"},
    "buprenorphine_depot": {"depot": "DEPOT"},
    "fentanyl_transdermal": {"patch": "LA"},
    "fentanyl_transmucosal": {"ir": "SA"},
    "loperamide": {"ir": "PERIPH"},
    "heroin": {"ir": "ILLICIT"},
    "illicit_fentanyl": {"ir": "ILLICIT"},
    "kratom": {"ir": "UNREGULATED"},
    "tianeptine": {"ir": "UNREGULATED"},
    "dextromethorphan": {"ir": "NONOPIOID"},
    "naltrexone": {"ir": "ANTAGONIST"},
}


def test_at_least_35_entries_with_every_field() -> None:
    assert len(TABLES.entries) >= 35
    for entry in TABLES.entries.values():
        assert entry.generic and entry.half_life and entry.source and entry.receptor_activity
        assert entry.generic_names


@pytest.mark.parametrize("entry_id", ENTRY_IDS)
def test_every_shipped_row(entry_id: str) -> None:
    entry = TABLES.entries[entry_id]
    assert "washout.md" in entry.source
    for form, cls in entry.classes.items():
        assert cls in TABLES.classes, (entry_id, form)
    for name in (*entry.generic_names, *[n for p in entry.products for n in p.names]):
        target = TABLES.lookup[normalise(name)]
        assert target.entry_id == entry_id, name
    if len(set(entry.classes.values())) > 1:
        assert entry.default_form in entry.classes and entry.default_note


@pytest.mark.parametrize(("entry_id", "classes"), sorted(REFERENCE_ROWS.items()))
def test_classes_follow_the_reference(entry_id: str, classes: dict[str, str]) -> None:
    entry = TABLES.entries[entry_id]
    for form, cls in classes.items():
        assert entry.classes[form] == cls


@pytest.mark.parametrize(
    ("cls", "minimum", "recommended", "status"),
    [
        ("SA", 7, 10, "CLEAR"),
        ("LA", 10, 14, "CLEAR"),
        ("MTD", 14, 14, "CLEAR_VERIFY"),
        ("BUP", 14, 14, "CLEAR_VERIFY"),
        ("DEPOT", None, None, "REFER_SPECIALIST"),
        ("ILLICIT", 14, 14, "CLEAR_VERIFY"),
        ("UNREGULATED", 10, 14, "CLEAR_VERIFY"),
        ("PERIPH", 0, None, "CLEAR_WITH_FLAG"),
        ("NONOPIOID", 0, None, "CLEAR"),
        ("ANTAGONIST", 0, None, "CLEAR_WITH_FLAG"),
    ],
)
def test_class_table_of_reference_2_1(
    cls: str, minimum: int | None, recommended: int | None, status: str
) -> None:
    item = TABLES.classes[cls]
    assert (item.min_days, item.recommended_days, item.status_after.value) == (
        minimum,
        recommended,
        status,
    )
    assert "§2.1" in item.source


def test_interactions_of_section_3() -> None:
    titles = {i.id: i.severity for i in TABLES.interactions}
    assert titles["thioridazine"] == "moderate"
    assert titles["naltrexone_products"] == "major"
    assert titles["immunosuppressants"] == "theoretical"
    assert titles["naloxone"] == "informational"
    assert all("§3" in i.source for i in TABLES.interactions)


def test_completion_names_include_brands() -> None:
    names = set(TABLES.display_names)
    assert {"OxyContin", "Percocet", "Robitussin AC", "Sublocade", "oxycodone"} <= names


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("opioids.json", "washout_classes.json", "interactions.json"):
        shutil.copy(resource_path("data", name), folder / name)
    return folder


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["entries"][0].update(classes={"ir": "XX"}),
            r"opioids.json, entry 1 \(morphine\)",
        ),
        (lambda d: d["entries"][3].pop("source"), r"entry 4 \(hydrocodone\).*'source'"),
        (lambda d: d["entries"][4]["products"][0]["names"].append("Vicodin"), "already stands for"),
        (lambda d: d["entries"][0].pop("default_form"), "default_form"),
        (lambda d: d["entries"][1]["products"][0].update({"with": ["unobtainium"]}), "unobtainium"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, mutate: object, message: str) -> None:
    folder = _copy(tmp_path)
    path = folder / "opioids.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data)  # type: ignore[operator]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=message):
        load_reference(folder)


def test_bad_class_file_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "washout_classes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["classes"][0]["min_days"] = -1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"washout_classes.json, class 1 \(SA\)"):
        load_reference(folder)


def test_unreadable_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "interactions.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"interactions\.json"):
        load_reference(folder)
