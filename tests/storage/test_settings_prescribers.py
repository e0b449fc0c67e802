"""settings.json keeps several prescribers: the default in ``prescriber``, the others in
``other_prescribers`` (issue 13); files written before the list still load."""

from __future__ import annotations

import json

import pytest

from ldn_desktop.core.settings_values import (
    Prescriber,
    default_prescriber,
    prescribers_from_settings,
    prescribers_to_settings,
)
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.settings import SETTINGS_DOC, load_settings, save_settings

ANN = Prescriber("Dr Ann Lee", "MD", "+1 555 0100")
SAM = Prescriber("Sam Roe", "NP")


def test_round_trip_with_the_default_first(store: DataStore) -> None:
    settings = load_settings(store)
    settings.update(prescribers_to_settings((ANN, SAM), 1))
    save_settings(store, settings)
    again = load_settings(store)
    assert default_prescriber(again) == SAM
    assert prescribers_from_settings(again) == ((SAM, ANN), 0)


def test_no_prescriber_means_no_name(store: DataStore) -> None:
    settings = load_settings(store)
    assert default_prescriber(settings).name == ""
    assert prescribers_from_settings(settings) == ((), None)


def test_a_file_from_before_the_list_loads(store: DataStore) -> None:
    settings = load_settings(store)
    del settings["other_prescribers"]
    settings["prescriber"] = {"name": "Dr Old", "phone": "555"}
    save_settings(store, settings)
    assert default_prescriber(load_settings(store)) == Prescriber("Dr Old", "", "555")


@pytest.mark.parametrize(
    "others",
    [[{"credentials": "MD"}], ["Dr Ann"], [{"name": 3}], [{"name": "x"}] * 21],
)
def test_bad_prescriber_rows_are_refused(store: DataStore, others: object) -> None:
    settings = load_settings(store)
    save_settings(store, settings)
    path = store.path(SETTINGS_DOC)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["other_prescribers"] = others
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CorruptDocumentError):
        load_settings(store)
