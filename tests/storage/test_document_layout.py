"""How a document is laid out on disk: readable, one record or entry per line, and written by
the json module's C encoder.

``json.dumps(indent=...)`` runs the json module's pure-Python encoder (the C one has no indent):
releasing one compounding record into a 2,000-record ``pharmacy.json`` spent ~0.8 s of its ~3 s
there (3 Dec 2026, issue 14). The layout indents the document's own keys and the items of its
lists and objects; below that, each item is one compact line.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from ldn_desktop.storage.document_codec import DocumentKind, encode_document

KIND = DocumentKind("layout", 3, lambda document: None)

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_scalars |= st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_every_document_reads_back_as_written(body: dict[str, Any]) -> None:
    raw = encode_document(body, KIND)
    parsed = json.loads(raw)
    assert list(parsed)[:2] == ["format", "version"]  # the envelope first
    assert parsed == {"format": "ldn-desktop/layout", "version": 3, **body} | {
        "format": "ldn-desktop/layout",
        "version": 3,
    }
    assert raw.endswith(b"\n")


def test_one_record_per_line_and_the_document_keys_on_their_own() -> None:
    records = [
        {"lot": f"20260101-{n:02d}", "notes": "zwölf ✓", "dose": {"mg": 1.5}} for n in range(3)
    ]
    text = encode_document({"records": records, "settings": {"a": [1, 2], "b": {}}}, KIND).decode()
    assert text.splitlines() == [
        "{",
        ' "format": "ldn-desktop/layout",',
        ' "version": 3,',
        ' "records": [',
        '  {"lot": "20260101-00", "notes": "zwölf ✓", "dose": {"mg": 1.5}},',
        '  {"lot": "20260101-01", "notes": "zwölf ✓", "dose": {"mg": 1.5}},',
        '  {"lot": "20260101-02", "notes": "zwölf ✓", "dose": {"mg": 1.5}}',
        " ],",
        ' "settings": {',
        '  "a": [1, 2],',
        '  "b": {}',
        " }",
        "}",
    ]
    empty = encode_document({"records": [], "note": {}}, KIND).decode()
    assert '"records": [],' in empty and '"note": {}' in empty


def test_written_by_the_c_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure-Python encoder is never used (it is what indent= runs)."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the pure-Python JSON encoder was used")

    monkeypatch.setattr(json.encoder, "_make_iterencode", refused)
    records = [{"lot": str(n), "steps": [{"mg": 1.5, "days": 7}] * 3} for n in range(50)]
    assert json.loads(encode_document({"records": records}, KIND))["records"] == records


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_not_a_number_is_refused_at_every_depth(bad: float) -> None:
    for body in ({"x": bad}, {"x": [bad]}, {"x": {"y": [{"z": bad}]}}):
        with pytest.raises(ValueError):
            encode_document(body, KIND)


def test_keys_that_are_not_text_are_named_as_the_json_module_names_them() -> None:
    body = {"settings": {1: True, None: 2, 1.5: "x", False: []}, 7: "seven"}
    assert json.loads(encode_document(body, KIND)) == json.loads(
        json.dumps({"format": "ldn-desktop/layout", "version": 3, **body})
    )
