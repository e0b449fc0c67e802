"""``schedule --patient P --save`` and the saved washout: the start decision through the CLI
(issue 11 start items, issue 12 item 9 and 15)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ldn_desktop.cli import main
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.titration import load_versions

TODAY = date.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _patient(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    code, out, err = _run(capsys, data, "patient", "add", "--name", "Ann Lee")
    assert code == 0, err
    return out.strip()


def _washout(capsys: pytest.CaptureFixture[str], data: Path, patient: str, *args: str) -> str:
    code, out, err = _run(capsys, data, "washout", *args, "--patient", patient, "--save", "--json")
    assert code == 0, err
    return str(json.loads(out)["status"])


def _save(capsys: pytest.CaptureFixture[str], data: Path, patient: str, *extra: str):  # type: ignore[no-untyped-def]
    return _run(
        capsys,
        data,
        "schedule",
        "--protocol",
        "standard",
        "--patient",
        patient,
        "--save",
        "--by",
        "Dr A",
        *extra,
    )


def _versions(data: Path, patient: str):  # type: ignore[no-untyped-def]
    store = DataStore.open(data, read_only=True)
    try:
        return load_versions(store, patient)
    finally:
        store.close()


BLOCKING = [
    pytest.param(["--med", f"methadone;last={_day(-2)}", "--start", _day(0)], "NOT_CLEAR", id="nc"),
    pytest.param(
        ["--med", f"zzqx unknown pill;last={_day(-40)}", "--start", _day(0)],
        "UNKNOWN_VERIFY",
        id="unknown",
    ),
    pytest.param(["--med", "Sublocade", "--start", _day(0)], "REFER_SPECIALIST", id="refer"),
    pytest.param(
        ["--med", f"oxycodone;last={_day(-30)}", "--start", _day(0), "--uds-positive"],
        "NOT_CLEAR",
        id="positive-screen",
    ),
    pytest.param(
        ["--med", f"oxycodone;last={_day(-30)}", "--start", _day(0), "--withdrawal"],
        "NOT_CLEAR",
        id="withdrawal",
    ),
    pytest.param(["--med", "tramadol;current", "--start", _day(0)], "NOT_CLEAR", id="current"),
]


@pytest.mark.parametrize(("washout", "status"), BLOCKING)
def test_a_blocking_washout_refuses_the_save_unless_overridden(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, washout: list[str], status: str
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    assert _washout(capsys, data, patient, *washout) == status
    code, _, err = _save(capsys, data, patient)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "Not saved" in err and "--override-reason" in err
    assert _versions(data, patient) == ()
    code, _, err = _save(capsys, data, patient, "--override-reason", "specialist agreed")
    assert code == 0, err
    (version,) = _versions(data, patient)
    assert version.plan.start_override_reason == "specialist agreed"
    assert "start reason: specialist agreed" in version.change.summary  # in the history


def test_default_start_from_an_old_washout_is_today(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    status = _washout(
        capsys, data, patient, "--med", f"oxycodone;last={_day(-40)}", "--start", _day(-20)
    )
    assert status == "CLEAR"
    code, out, err = _run(
        capsys, data, "schedule", "--protocol", "standard", "--patient", patient, "--json"
    )
    assert code == 0, err
    assert json.loads(out)["days"][0]["date"] == _day(0)  # not the planned start 20 days ago
    code, _, err = _save(capsys, data, patient)
    assert code == 0, err
    assert _versions(data, patient)[0].plan.start == TODAY


def test_default_start_is_the_first_whole_day_after_the_earliest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    med = f"oxycodone;form=ir;last={_day(-3)}T20:00"  # 7 days: earliest = day 4, 20:00
    _washout(capsys, data, patient, "--med", med, "--start", _day(2))
    code, out, _ = _run(
        capsys, data, "schedule", "--protocol", "standard", "--patient", patient, "--json"
    )
    assert code == 0 and json.loads(out)["days"][0]["date"] == _day(
        5
    )  # earliest = day 4 20:00 → day 5


@pytest.mark.parametrize(
    ("with_washout", "start", "words"),
    [
        (False, None, "no washout check is saved"),
        (True, _day(-1), "in the past"),
    ],
)
def test_no_washout_or_backdated_needs_a_reason(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    with_washout: bool,
    start: str | None,
    words: str,
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    if with_washout:
        _washout(
            capsys, data, patient, "--med", f"oxycodone;last={_day(-60)}", "--start", _day(-30)
        )
    extra = ["--start", start] if start else []
    code, _, err = _save(capsys, data, patient, *extra)
    assert code == 2 and words in err and "--override-reason" in err
    code, _, err = _save(capsys, data, patient, *extra, "--override-reason", "history confirmed")
    assert code == 0, err
    assert "warning" in err and words in err  # said again, with the reason
    assert _versions(data, patient)[0].plan.start_override_reason == "history confirmed"


def test_help_documents_the_reason_contract(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["schedule", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--override-reason" in text and "no washout check is saved" in text
    assert "in the past" in text


@pytest.mark.parametrize("start", ["9999-12-31", _day(400)])
def test_implausible_start_is_one_line_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, start: str
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    for extra in ([], ["--patient", patient, "--save", "--override-reason", "x"]):
        code, _, err = _run(
            capsys, data, "schedule", "--protocol", "standard", "--start", start, *extra
        )
        assert code == 2 and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1 and "more than a year ahead" in err
    assert _versions(data, patient) == ()


def test_a_retried_save_never_duplicates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    _washout(capsys, data, patient, "--med", f"oxycodone;last={_day(-30)}", "--start", _day(0))
    args = ("--start", _day(1))
    code, _, err = _save(capsys, data, patient, *args)
    assert code == 0 and "saved plan version 1" in err
    code, _, err = _save(capsys, data, patient, *args, "--reason", "retry")
    assert code == 0 and "unchanged" in err
    assert len(_versions(data, patient)) == 1


def _store_far_future_plan(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    """A plan saved by an older version with start 9999-12-31, written as the file was."""
    patient = _patient(capsys, data)
    code, _, err = _save(capsys, data, patient, "--override-reason", "x")
    assert code == 0, err
    store = DataStore.open(data, read_only=True)
    path = store.path(f"patients/{patient}/titration.json")
    store.close()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["versions"][0]["plan"]["start"] = "9999-12-31"
    path.write_text(json.dumps(document), encoding="utf-8")
    return patient


def test_a_stored_far_future_plan_does_not_crash_the_log(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _store_far_future_plan(capsys, data)
    code, _, err = _run(
        capsys, data, "log", "add", "--patient", patient, "--symptom", "nausea", "--severity", "1"
    )
    assert code in (0, 1, 2) and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2


def test_a_stored_far_future_plan_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _store_far_future_plan(capsys, data)
    code, _, err = _run(capsys, data, "schedule", "--patient", patient)
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_without_save_the_start_problems_are_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    patient = _patient(capsys, data)
    code, out, err = _run(
        capsys, data, "schedule", "--protocol", "standard", "--patient", patient, "--json"
    )
    assert code == 0 and json.loads(out)["days"][0]["date"] == _day(0)
    assert "warning: saving this plan would need --override-reason" in err
    assert "no washout check is saved" in err
