"""JSONL helpers: bad lines are named by number, and a failed write leaves nothing behind."""

import pytest

from rlvr.errors import DataError
from rlvr.jsonl import atomic_write, read_jsonl, read_tasks, write_jsonl, write_tasks
from rlvr.types import Task


def test_bad_json_line_is_named_by_its_line_number(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"a": 1}\n\n{"a": 2}\n{"a": \n')
    with pytest.raises(DataError, match=r"in.jsonl:4: not valid JSON"):
        list(read_jsonl(p))


def test_non_object_line_is_refused(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"a": 1}\n[1, 2]\n')
    with pytest.raises(DataError, match=r":2: expected a JSON object, got list"):
        list(read_jsonl(p))


def test_reading_streams_rows_before_the_bad_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"a": 1}\n{"a": 2}\nnot json\n')
    rows = read_jsonl(p)
    assert next(rows) == {"a": 1} and next(rows) == {"a": 2}
    with pytest.raises(DataError):
        next(rows)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        list(read_jsonl(tmp_path / "nope.jsonl"))


def test_failed_write_leaves_no_file_and_no_temp(tmp_path):
    out = tmp_path / "out.jsonl"

    def rows():
        yield {"a": 1}
        raise RuntimeError("generator broke halfway")

    with pytest.raises(RuntimeError):
        write_jsonl(out, rows())
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file_intact(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_write(out) as fh:
        fh.write("new partial")
        raise KeyboardInterrupt
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_tasks_round_trip_and_bad_task_line_is_named(tmp_path):
    tasks = [Task(id=f"t{i}", suite="s", prompt=f"p{i}", answer=i) for i in range(3)]
    p = tmp_path / "tasks.jsonl"
    assert write_tasks(p, tasks) == 3
    assert list(read_tasks(p)) == tasks
    p.write_text(p.read_text() + '{"id": "x", "prompt": "no suite"}\n')
    with pytest.raises(DataError, match=r"tasks.jsonl:4: bad task: .*missing field"):
        list(read_tasks(p))


def test_written_files_get_the_umask_mode_or_keep_the_replaced_files_mode(tmp_path):
    import os
    import stat

    from rlvr.jsonl import write_jsonl

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.jsonl"
        write_jsonl(fresh, [{"a": 1}])
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # as open(..., "w") would make it, not mkstemp's 0600
        private = tmp_path / "private.jsonl"
        private.write_text("")
        private.chmod(0o600)
        write_jsonl(private, [{"a": 2}])
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)
