"""Tasks convert to a datasets.Dataset and back without losing anything."""

import pytest

from rlvr.errors import DataError
from rlvr.hfdata import tasks_from_dataset, tasks_to_dataset
from rlvr.types import Task


def test_tasks_round_trip_through_a_dataset_with_mixed_answer_types():
    tasks = [
        Task(id="a", suite="math", prompt="1+1?", answer=2, meta={"difficulty": 1}),
        Task(id="b", suite="math", prompt="x?", answer="x = 3", meta={"tests": ["assert f(1)"], "w": 0.5}),
        Task(id="c", suite="logic", prompt="who?", answer={"A": True}, meta={}),
    ]
    ds = tasks_to_dataset(tasks)
    assert len(ds) == 3
    assert tasks_from_dataset(ds) == tasks


def test_dataset_without_task_columns_is_refused():
    import datasets

    with pytest.raises(DataError, match="lacks task column"):
        tasks_from_dataset(datasets.Dataset.from_dict({"question": ["q"]}))
