"""CSV import: dialects, classes vs regression, and a table of bad files with their messages."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.data import CSVError, DataError, load_csv


def write(tmp_path: Path, content, name="d.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


ROWS = "1.5,2,a\n-3,4e-1,b\n5,6,a\n7,8,c\n"


@pytest.mark.parametrize("content", [
    "x,y,label\n" + ROWS,
    "x;y;label\n" + ROWS.replace(",", ";"),
    "x\ty\tlabel\n" + ROWS.replace(",", "\t"),
    "\ufeffx,y,label\r\n" + ROWS.replace("\n", "\r\n"),
    'x,"y",label\n' + ROWS.replace("a\n", '"a"\n'),
    "x , y , label\n" + ROWS.replace(",", " , ") + "\n\n",
])
def test_dialects_load_the_same_table(tmp_path, content):
    d = load_csv(write(tmp_path, content))
    assert d.raw_names == ("x", "y") and d.target_name == "label"
    np.testing.assert_array_equal(d.raw, [[1.5, 2], [-3, 0.4], [5, 6], [7, 8]])
    assert d.class_names == ("a", "b", "c") and d.labels.tolist() == [0, 1, 0, 2] and d.n_classes == 3


def test_no_header_names_columns_and_takes_the_last_as_target(tmp_path):
    d = load_csv(write(tmp_path, "1,2,0\n3,4,1\n5,6,1\n"))
    assert d.raw_names == ("x1", "x2") and d.target_name == "x3" and d.n_classes == 2


def test_quoted_cells_may_hold_the_delimiter(tmp_path):
    d = load_csv(write(tmp_path, 'a,b,name\n1,2,"Smith, J"\n3,4,"Doe, A"\n'))
    assert d.class_names == ("Doe, A", "Smith, J")


def test_target_and_columns_by_name_or_index(tmp_path):
    path = write(tmp_path, "y,a,b,c\n0,1,2,3\n1,4,5,6\n0,7,8,9\n")
    d = load_csv(path, target="y", columns=["c", 1])
    assert d.raw_names == ("c", "a") and d.raw[:, 0].tolist() == [3, 6, 9]
    assert load_csv(path, target=0).raw_names == ("a", "b", "c")
    assert load_csv(path, target=-1).target_name == "c"


def test_few_distinct_integers_are_classes_else_regression(tmp_path):
    assert load_csv(write(tmp_path, "a,y\n1,3\n2,5\n3,3\n")).class_names == ("3", "5")
    floats = load_csv(write(tmp_path, "a,y\n1,0.5\n2,1.5\n3,2\n"))
    assert floats.n_classes == 0 and floats.labels.tolist() == [0.5, 1.5, 2.0]
    many = "a,y\n" + "".join(f"{i},{i}\n" for i in range(30))
    assert load_csv(write(tmp_path, many)).n_classes == 0


def test_the_user_can_override_the_problem(tmp_path):
    path = write(tmp_path, "a,y\n1,3\n2,5\n3,3\n")
    d = load_csv(path, problem="regression")
    assert d.n_classes == 0 and d.labels.dtype == np.float64
    d = load_csv(write(tmp_path, "a,y\n1,0.5\n2,1.5\n3,2\n", "f.csv"), problem="auto")
    assert d.n_classes == 0


def test_drop_invalid_rows_counts_and_reindexes_classes(tmp_path):
    content = "a,b,y\n1,2,p\n,3,q\n4,nan,r\n5,6,q\n7,inf,p\n8,9,\n10,11,q\n"
    with pytest.raises(CSVError, match="line 3, column 1 \\('a'\\): the cell is empty \\(1 such rows"):
        load_csv(write(tmp_path, content))
    d = load_csv(write(tmp_path, content), drop_invalid_rows=True)
    assert d.dropped_rows == 4 and d.raw.tolist() == [[1, 2], [5, 6], [10, 11]]
    assert d.class_names == ("p", "q") and d.labels.tolist() == [0, 1, 1]


BAD_FILES = [
    ("", "d.csv: the file is empty"),
    ("  \n\n", "the file is empty"),
    ("a,b,y\n", "has a header but no data rows"),
    ("a,b,y\n1,2,0\n", "has only 1 data row; need at least 2"),
    ("a,b,y\n1,2,0\n1,2\n3,4,1\n", "d.csv, line 3: has 2 cells but the first row has 3"),
    ("a,b,y\n1,2,0\n\n1,x,1\n", "line 4, column 2 \\('b'\\): 'x' is not a number"),
    ("1,2,0\n1,x,1\n", "line 2, column 2: 'x' is not a number"),
    ("a,b,y\n1,2,0\n1,nan,1\n", "line 3, column 2 \\('b'\\): the cell holds 'nan', not a finite number"),
    ("a,b,y\n1,2,0\n-inf,2,1\n", "line 3, column 1 \\('a'\\): the cell holds '-inf'"),
    ("a,b,y\n1,,0\n1,2,1\n", "line 2, column 2 \\('b'\\): the cell is empty"),
    ("a,b,y\n1,2,0\n1,2,\n", "line 3, column 3 \\('y'\\): the cell is empty"),
    ("a,b,y\n1,2,0\n3,4,0\n", "holds a single class \\('0'\\)"),
    ("a,b,y\n1,2,u\n3,4,u\n", "holds a single class \\('u'\\)"),
    ("a,b,y\n" + "".join(f"{i},1,c{i}\n" for i in range(11)), "has 11 classes; at most 10 are supported"),
    ("a\n1\n2\n", "found only one column"),
    (b"\x00\x01\x02binary\x00", "binary content"),
    (b"a,b,y\n1,2,0\n3,4,\xff\n", "d.csv, line 3: cannot decode byte 0xff as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary content"),
    ("\x1c\n", "the file is empty"),  # found by hypothesis: str.strip() drops U+001C
    ('"\n,', "found only one column"),  # found by hypothesis: a quoted cell spanning lines
    ('a,b,y\n1,2,0\n3,"x\ny",1\n5,6,1\n', "line 3, column 2 \\('b'\\): 'x\\\\ny' is not a number"),
]


@pytest.mark.parametrize("content, message", BAD_FILES)
def test_bad_file_gets_one_clear_message(tmp_path, content, message):
    with pytest.raises(CSVError, match=message):
        load_csv(write(tmp_path, content))


@pytest.mark.parametrize("kwargs, message", [
    (dict(target="label"), "no target column named 'label'; the columns are a, b, y"),
    (dict(target=5), "target column index 5 is out of range; the file has 3 columns"),
    (dict(columns=["a", "zz"]), "no feature column named 'zz'"),
    (dict(columns=["y"]), "cannot be both a feature and the target"),
    (dict(problem="regression", target="b", columns=["a"]), None),
    (dict(max_rows=2), "3 rows is more than the limit of 2 rows"),
])
def test_bad_options_get_one_clear_message(tmp_path, kwargs, message):
    path = write(tmp_path, "a,b,y\n1,2,p\n3,4,q\n5,6,p\n")
    if message is None:  # control: the same file loads with a valid choice
        assert load_csv(path, **kwargs).n_classes == 0
        return
    with pytest.raises(CSVError, match=message):
        load_csv(path, **kwargs)


def test_text_target_for_regression_is_refused(tmp_path):
    with pytest.raises(CSVError, match="line 2, column 3 \\('y'\\): target 'p' is text; regression needs numbers"):
        load_csv(write(tmp_path, "a,b,y\n1,2,p\n3,4,q\n"), problem="regression")


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(CSVError, match="is a directory, not a CSV file"):
        load_csv(tmp_path)
    with pytest.raises(CSVError, match="file not found"):
        load_csv(tmp_path / "nope.csv")


def test_csv_error_is_a_data_error_with_location(tmp_path):
    with pytest.raises(DataError) as info:
        load_csv(write(tmp_path, "a,b,y\n1,2,0\n1,x,1\n"))
    assert (info.value.line, info.value.column, Path(info.value.path).name) == (3, "2 ('b')", "d.csv")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789.,;\t\n\r -eE+naifxyz\"'\ufeff")), max_size=200),
    st.text(max_size=100),
    st.binary(max_size=100),
))
def test_random_content_raises_only_the_loaders_error(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        for drop in (False, True):
            try:
                d = load_csv(path, drop_invalid_rows=drop)
            except CSVError:
                continue
            assert np.all(np.isfinite(d.raw)) and len(d.raw) == len(d.labels) >= 2
            assert d.n_classes == 0 or 2 <= d.n_classes <= 10


@pytest.mark.slow
def test_a_million_rows_load_linearly(tmp_path):
    rng = np.random.default_rng(0)
    block = "".join(f"{a:.5f},{b:.5f},{c:.3f},{k}\n" for (a, b, c), k in
                    zip(rng.normal(size=(1000, 3)).tolist(), rng.integers(0, 3, 1000).tolist()))
    path = tmp_path / "big.csv"
    path.write_text("a,b,c,label\n" + block * 1000)
    start = time.perf_counter()
    d = load_csv(path)
    print(f"\n1,000,000-row CSV loaded in {time.perf_counter() - start:.2f} s")
    assert d.raw.shape == (1_000_000, 3) and d.n_classes == 3
    # One more row than the limit is refused, naming the limit.
    with pytest.raises(CSVError, match="1,000,001 rows is more than the limit of 1,000,000 rows"):
        (tmp_path / "big.csv").write_text("a,b,c,label\n" + block * 1000 + "1,2,3,0\n")
        load_csv(path)


def test_a_changed_file_is_read_again_and_arrays_are_read_only(tmp_path):
    path = write(tmp_path, "a,y\n1,0\n2,1\n")
    first = load_csv(path)
    assert load_csv(path) is first  # unchanged file: cached
    with pytest.raises(ValueError):
        first.raw[0, 0] = 9
    path.write_text("a,y\n1,0\n2,1\n3,1\n")
    assert len(load_csv(path).raw) == 3
    replacement = write(tmp_path, "a,y\n5,0\n6,1\n", "new.csv")
    replacement.replace(path)  # same size as the first version, another inode
    assert load_csv(path).raw[:, 0].tolist() == [5, 6]
