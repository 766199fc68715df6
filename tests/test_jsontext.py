"""`jsontext` writes exactly what `json.dumps(ensure_ascii=False, indent=n)` writes, and its
HTML-safe form is the standard escaping: the JSON-LD and the open-data files stay the same."""

from __future__ import annotations

import enum
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from exemplars.site import jsontext

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.text().map(Markup)  # a str subclass, as templates hand over
)
_KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_KEYS, inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES, indent=st.sampled_from([0, 1, 2, 4]))
def test_dumps_is_json_dumps(value, indent):
    assert jsontext.dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from('<>&"\\/ aăđ\u2028ệ')))
def test_script_safe_is_the_escaping_it_replaced(text):
    table = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
    encoded = json.dumps({"t": text}, ensure_ascii=False)
    assert jsontext.script_safe(encoded) == encoded.translate(table)
    assert json.loads(jsontext.script_safe(encoded)) == {"t": text}
    assert not {"<", ">", "&"} & set(jsontext.script_safe(encoded))


class _Level(enum.IntEnum):
    HIGH = 3


def test_unusual_values_go_to_json_dumps():
    """An int subclass is written as its number; what JSON cannot hold fails as it does there."""
    value = {"level": _Level.HIGH, "items": [1.5, None]}
    assert jsontext.dumps(value, 1) == json.dumps(value, ensure_ascii=False, indent=1)
    with pytest.raises(TypeError):
        jsontext.dumps({"day": date(2021, 1, 1)}, 1)
    with pytest.raises(TypeError):
        jsontext.dumps({(1, 2): "tuple key"}, 1)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        jsontext.dumps(loop, 1)
