"""The lean settlement reader (issue 13): the register read as text gives the same layer as the rows.

``load_settlements`` reads ``settlements.csv`` through
:class:`frontmap.data.SettlementRegister`, which splits rows and columns only
when used and finds a name key by searching the text.  These tests pin it to
the plain reader (:func:`frontmap.data.read_settlement_rows`) and to an index
of every key.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap import data
from frontmap.errors import DataError
from frontmap.settlements import SettlementLayer, load_settlements

COLUMNS = ("ids", "population", "lon", "lat", "chainage_km", "offset_km")
HEADER = ",".join(data.SETTLEMENT_COLUMNS)
ROW = (
    "7,Суджа,Sudzha,г,Суджанский район,Sudzhansky rayon,Курская "
    "область,5657,35.271944,51.191944,1,619.1,9.08,sudzha|суджа"
)


@pytest.fixture(scope="module")
def full_index() -> dict:
    index: dict = {}
    for i, row in enumerate(data.read_settlement_rows()):
        for key in row["match_keys"].split("|"):
            index.setdefault(key, []).append(i)
    return index


def test_layer_from_register_equals_layer_from_rows():
    lean = SettlementLayer(data.read_settlement_register())
    plain = SettlementLayer(data.read_settlement_rows())
    assert len(lean) == len(plain) == 11106
    for name in COLUMNS:
        a, b = getattr(lean, name), getattr(plain, name)
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)
        assert not a.flags.writeable
    assert list(lean.settlements) == list(plain.settlements)
    assert lean._by_id == plain._by_id
    assert list(lean._shipped_keys) == list(plain._shipped_keys)


def test_keys_find_the_rows_an_index_lists(full_index):
    """Every 50th key, and every key of several rows (each search reads the whole text)."""
    register = data.read_settlement_register()
    keys = sorted(full_index)
    sample = keys[::50] + [k for k in keys if len(full_index[k]) > 8]
    assert len(sample) > 700
    wrong = {key: full_index[key] for key in sample if register.rows_with_key(key) != full_index[key]}
    assert wrong == {}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='abcdekorsuvzhyаеджкорсу|,\n"', max_size=12))
def test_a_key_that_is_not_listed_finds_nothing(key):
    register = data.read_settlement_register()
    rows = register.rows_with_key(key)
    keys = register.column("match_keys")
    assert rows == [i for i, listed in enumerate(keys) for k in listed.split("|") if k == key]


@pytest.mark.parametrize("query", ["Sudzha", "Суджа", "Korenevo", "Aleksandrovka, Belgorodsky", "id:106393", "Sudzhaa"])
def test_lookups_answer_as_with_a_full_index(query):
    lean = SettlementLayer(data.read_settlement_register())
    indexed = SettlementLayer(data.read_settlement_rows())
    assert lean.candidates(query) == indexed.candidates(query)
    assert lean.suggest(query) == indexed.suggest(query)


def test_the_shipped_layer_reads_the_register():
    layer = load_settlements()
    assert isinstance(layer._table, data.SettlementRegister)
    assert layer.find("Sudzha").id == 115637


def test_quoted_fields_are_read_with_csv():
    quoted = ROW.replace("Суджанский район", '"Суджанский район, ""old"""')
    register = data.SettlementRegister(f"{HEADER}\r\n{quoted}\r\n")
    assert len(register) == 1
    assert register.row(0)["district"] == 'Суджанский район, "old"'
    assert register.rows_with_key("sudzha") == [0]
    assert SettlementLayer(register).find("Sudzha").lon == 35.271944


def test_no_trailing_newline_and_empty_register():
    assert data.SettlementRegister(f"{HEADER}\n{ROW}").rows_with_key("суджа") == [0]
    blank_lines = data.SettlementRegister(f"{HEADER}\n{ROW}\n\n\n")
    assert len(blank_lines) == 1
    assert blank_lines.rows_with_key("sudzha") == [0]
    assert blank_lines.column("id") == ("7",)
    assert data.SettlementRegister(f"{HEADER}\n{ROW}\n").rows_with_key("match_keys") == []
    empty = data.SettlementRegister(HEADER + "\n")
    assert len(empty) == 0
    assert empty.rows_with_key("sudzha") == []
    assert len(SettlementLayer(empty).lon) == 0


def test_a_wrong_header_is_a_data_error():
    with pytest.raises(DataError, match="has columns"):
        data.SettlementRegister("id,name\n1,x\n")


def test_a_short_row_is_a_data_error():
    register = data.SettlementRegister(f"{HEADER}\n{ROW}\n1,2,3\n")
    with pytest.raises(DataError, match="line 3"):
        register.column("id")
    with pytest.raises(DataError, match="line 3"):
        register.row(1)
