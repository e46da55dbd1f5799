"""The import scanner: the loader's separator and header rules, chunked reading, cancelling, plans."""

from __future__ import annotations

import numpy as np
import pytest

from playground.assets import resource_path
from playground.data import CSVError
from playground.data.csv_table import read_table
from playground.ui.data_import import plan as plans
from playground.ui.data_import import table_scan
from playground.ui.data_import.table_scan import Cancelled, scan, sniff

IRIS = resource_path("datasets", "iris.csv")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "a;b;c\n1;2;x\n3;4;y\n",                       # semicolon, header
    "1\t2\t0\n3\t4\t1\n\n5\t6\t0\n",               # tab, no header, a blank line
    "\ufeffx,y\r\n1.5,2\r\n2.5,3\r\n",            # BOM, CRLF
    'name,v\n"a,b",1\n"c",2\n',                    # quoted delimiter
])
def test_detection_and_line_numbers_agree_with_the_loader(tmp_path, text):
    path = write(tmp_path, "f.csv", text)
    ours, loader = scan(path), read_table(path)
    assert (ours.separator, ours.header, ours.names) == (loader.delimiter, loader.has_header, loader.names)
    assert ours.lines.tolist() == loader.lines.tolist()
    assert [c.cells for c in ours.columns] == [[c.strip() for c in col] for col in loader.columns]
    assert sniff(path) == (loader.delimiter, loader.has_header)


def test_iris_columns_and_types():
    s = scan(IRIS)
    names, rows, lines = table_scan.head_preview(IRIS, ",", True)
    assert (names, rows, lines) == (s.names, s.preview(), s.lines[:50].tolist())
    assert s.names[-1] == "species" and s.n_rows == 150
    assert [c.guessed for c in s.columns] == ["number"] * 4 + ["text"]
    assert s.columns[0].values[0] == 5.1


def test_overridden_separator_and_header(tmp_path):
    path = write(tmp_path, "f.csv", "1;2,5;0\n3;4,5;1\n6;7,5;0\n")
    s = scan(path, separator=";", header=False)
    assert s.names == ("x1", "x2", "x3") and s.columns[1].cells == ["2,5", "4,5", "7,5"]
    s = scan(path, separator=",", header=True)
    assert s.names == ("1;2", "5;0")


def test_ragged_file_names_the_line_like_the_loader(tmp_path):
    path = write(tmp_path, "bad.csv", "a,b,c\n1,2,3\n4,5\n")
    with pytest.raises(CSVError) as ours:
        scan(path)
    with pytest.raises(CSVError) as loader:
        read_table(path)
    assert str(ours.value) == str(loader.value) and ours.value.line == 3


def test_progress_reaches_one_and_cancel_stops(tmp_path, monkeypatch):
    monkeypatch.setattr(table_scan, "CHUNK_BYTES", 64)
    path = write(tmp_path, "f.csv", "x,y\n" + "".join(f"{i},{i % 2}\n" for i in range(500)))
    seen = []
    scan(path, progress=lambda f, text: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 10
    calls = []
    with pytest.raises(Cancelled):
        scan(path, cancelled=lambda: calls.append(1) or len(calls) > 3)


def choices_for(s, target, **kw):
    features = tuple(j for j, c in enumerate(s.columns) if j != target and c.guessed == "number")
    return plans.ImportChoices(target=target, features=features, types=tuple(c.guessed for c in s.columns), **kw)


def test_plan_of_iris_is_three_classes_on_the_file_itself():
    s = scan(IRIS)
    p = plans.make_plan(s, choices_for(s, 4), sniff(IRIS))
    assert p.error is None and p.kind == "classification" and p.class_names == ("setosa", "versicolor", "virginica")
    assert p.dropped == 0 and p.copy_reasons == []
    config = plans.data_config(s, choices_for(s, 4), p)
    assert (config.source, config.target, config.columns) == ("csv", "species", None)
    # A numeric target: regression.
    p = plans.make_plan(s, choices_for(s, 0), sniff(IRIS))
    assert p.error is None and p.kind == "regression"


def test_plan_reports_dropped_rows_and_the_copy_loads(tmp_path):
    from playground.data import prepare

    path = write(tmp_path, "gaps.csv", "a,b,t\n1,2,0\n,3,1\n4,nan,0\n5,6,1\n7,8,0\n9,1,1\n")
    s = scan(path)
    ch = choices_for(s, 2)
    p = plans.make_plan(s, ch, sniff(path))
    assert p.dropped == 2 and len(p.drop_reasons) == 2 and "line 3" in p.drop_reasons[0]
    assert p.copy_reasons and p.kind == "classification"
    config = plans.data_config(s, ch, p)
    assert plans.write_clean_copy(s, ch, plans.copy_path(path)) == 4
    data = prepare(config)
    assert len(data.X_train) + len(data.X_test) == 4 and data.raw_names == ("a", "b")


def test_plan_text_in_a_feature_is_the_loaders_message(tmp_path):
    from playground.data.csv_data import load_csv

    path = write(tmp_path, "text.csv", "a,b,t\n1,2,0\n3,abc,1\n")
    s = scan(path)
    ch = plans.ImportChoices(target=2, features=(0, 1), types=("number", "number", "number"))
    p = plans.make_plan(s, ch, sniff(path))
    with pytest.raises(CSVError) as loader:
        load_csv(path)
    assert str(p.error) == str(loader.value) and p.error.line == 3


def test_numbers_typed_as_text_become_classes(tmp_path):
    path = write(tmp_path, "n.csv", "a,t\n" + "".join(f"{i},{i % 12}\n" for i in range(48)))
    s = scan(path)
    auto = plans.make_plan(s, choices_for(s, 1), sniff(path))
    assert auto.kind == "regression"  # 12 distinct integers: more than 10 classes
    ch = plans.ImportChoices(target=1, features=(0,), types=("number", "text"))
    p = plans.make_plan(s, ch, sniff(path))
    assert p.error is not None and "12 classes" in str(p.error)
    values = np.array([c.values for c in s.columns])
    assert values.shape == (2, 48)


def test_repeated_header_names_are_refused_as_the_loader_does(tmp_path):
    path = write(tmp_path, "dup.csv", "v,v,t\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n")
    with pytest.raises(CSVError) as ours:
        scan(path)
    with pytest.raises(CSVError) as loader:
        read_table(path)
    assert str(ours.value).startswith(str(loader.value)) and ours.value.line == 1
    assert scan(path, header=False).names == ("x1", "x2", "x3")  # the way out the message offers


def test_the_loaders_column_limit_holds_before_anything_is_split(tmp_path, monkeypatch):
    monkeypatch.setattr(table_scan, "MAX_COLUMNS", 3)
    path = write(tmp_path, "wide.csv", "1,2,3,4\n5,6,7,8\n9,10,11,12\n")
    with pytest.raises(CSVError, match="4 columns is more than the limit of 3"):
        scan(path)
