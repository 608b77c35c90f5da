"""course.progress: round trips, locking across real processes, recovery from bad files."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import progress

ENV = progress.ENV_VAR


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A fresh progress file location (folder not yet created) and a fresh 'kernel'."""
    path = tmp_path / "data" / "progress.json"
    monkeypatch.setenv(ENV, str(path))
    fresh_kernel(monkeypatch)
    return path


def fresh_kernel(monkeypatch) -> None:
    monkeypatch.setattr(progress, "_told", set())
    monkeypatch.setattr(progress, "_notices", [])
    monkeypatch.setattr(progress, "_unsaved", {})
    monkeypatch.setattr(progress, "_unsaved_attempts", {})


def aside(path: Path, tag: str = "corrupt") -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.{tag}-*"))


def test_import_is_cheap():
    code = (
        "import sys, course.progress, course.dashboard\n"
        "heavy = {'pandas', 'matplotlib', 'ipywidgets', 'anywidget', 'filelock'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_record_load_round_trip(store):
    progress.record("l0", "rd_leader", correct=False, kind="quiz", answer="Germany")
    items = progress.load()
    entry = items["l0.rd_leader"]
    assert entry["lesson"] == "l0" and entry["item"] == "rd_leader" and entry["kind"] == "quiz"
    assert entry["attempts"] == 1 and entry["correct"] is False and not entry["ever_correct"]
    assert entry["answer"] == "Germany" and entry["first"] == entry["last"]
    state = json.loads(store.read_text())
    assert state["format"] == progress.FORMAT and state["version"] == progress.VERSION
    assert state["items"] == items
    assert progress.progress_path() == store


def test_attempts_times_and_ever_correct(store):
    for ok in (False, True, False):
        progress.record("l1", "ex2", correct=ok, kind="exercise")
    entry = progress.load()["l1.ex2"]
    assert entry["attempts"] == 3
    assert entry["correct"] is False and entry["ever_correct"] is True
    assert entry["first"] < entry["last"]
    progress.record("l1", "ex3", correct=True, kind="exercise")
    assert progress.load()["l1.ex2"] == entry  # other items untouched


def test_answer_truncated_and_bad_arguments(store):
    progress.record("l0", "q1", correct=True, kind="quiz", answer="x" * 1000)
    assert len(progress.load()["l0.q1"]["answer"]) == progress.ANSWER_MAX
    with pytest.raises(ValueError, match="kind"):
        progress.record("l0", "q1", correct=True, kind="essay")
    with pytest.raises(ValueError):
        progress.record("", "q1", correct=True, kind="quiz")


def test_first_version_file_is_upgraded_not_set_aside(store, capsys):
    store.parent.mkdir(parents=True)
    old = {"l0.q1": {"attempts": 2, "correct": True, "lesson": "l0", "item": "q1"}}
    old["l0.q1"].update(kind="quiz", last=1_790_000_000.5)
    store.write_text(json.dumps({"items": old}))
    progress.record("l0", "q1", correct=False, kind="quiz")
    entry = progress.load()["l0.q1"]
    assert entry["attempts"] == 3 and entry["ever_correct"] and not entry["correct"]
    assert entry["first"].startswith("2026-09-21")
    assert aside(store) == [] and capsys.readouterr().out == ""


# --- several processes at once -------------------------------------------------------------


def _worker(path: str, who: int, n: int, start) -> None:
    os.environ[ENV] = path
    start.wait()
    for i in range(n):
        progress.record(f"p{who}", f"q{i}", correct=i % 2 == 0, kind="quiz")
        progress.record("shared", f"s{i % 3}", correct=False, kind="exercise")


def test_no_update_lost_between_processes(store):
    procs, n = 4, 15
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    workers = [ctx.Process(target=_worker, args=(str(store), p, n, start)) for p in range(procs)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    items = progress.load()
    for p in range(procs):
        for i in range(n):
            assert items[f"p{p}.q{i}"]["attempts"] == 1
            assert items[f"p{p}.q{i}"]["ever_correct"] == (i % 2 == 0)
    shared = [items[f"shared.s{j}"]["attempts"] for j in range(3)]
    assert sum(shared) == procs * n and shared == [procs * n // 3] * 3
    assert len(items) == procs * n + 3
    leftovers = [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [] and aside(store) == []


# --- bad progress files --------------------------------------------------------------------

GOOD = json.dumps(
    {
        "format": progress.FORMAT,
        "version": 1,
        "items": {
            "l0.q1": {
                "lesson": "l0",
                "item": "q1",
                "kind": "quiz",
                "attempts": 2,
                "correct": True,
                "ever_correct": True,
                "first": "2026-01-01T00:00:00.000+00:00",
                "last": "2026-01-02T00:00:00.000+00:00",
                "answer": None,
            }
        },
    }
).encode()
NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
BAD_FILES = {
    "truncated": GOOD[: len(GOOD) // 2],
    "garbage": b"\x00\x01 not json at all \xff",
    "not utf-8": b"\xff\xfe{\x00",
    "empty": b"",
    "whitespace": b" \n\t",
    "json list": b"[1, 2, 3]",
    "json string": b'"progress"',
    "notebook": NOTEBOOK.encode(),
    "other dict": b'{"name": "my notes", "items": [1]}',
    "other format": GOOD.replace(b"japan-sti-course-progress", b"someone-else"),
    "newer version": GOOD.replace(b'"version": 1', b'"version": 99'),
    "damaged entry": GOOD.replace(b'"attempts": 2', b'"attempts": "two"'),
    "deep nesting": b"[" * 100_000,
}


@pytest.mark.parametrize("first_call", ["record", "load"])
@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_kept_aside_and_recording_goes_on(store, capsys, content, first_call):
    store.parent.mkdir(parents=True)
    store.write_bytes(content)
    if first_call == "load":
        assert progress.load() == {}
    progress.record("l0", "q2", correct=True, kind="quiz")
    progress.record("l0", "q2", correct=True, kind="quiz")
    [kept] = aside(store)
    assert kept.read_bytes() == content  # byte for byte
    assert kept.name.startswith("progress.json.corrupt-2")
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.count("could not be read") == 1
    assert kept.name in out and "nothing you do now will be lost" in out
    assert progress.notices() == [out.strip()]
    assert progress.load()["l0.q2"]["attempts"] == 2
    assert json.loads(store.read_text())["version"] == progress.VERSION


def test_readable_entries_of_a_damaged_file_are_kept(store):
    store.parent.mkdir(parents=True)
    state = json.loads(GOOD)
    state["items"]["l0.bad"] = {"attempts": -1}
    store.write_text(json.dumps(state))
    items = progress.load()
    assert list(items) == ["l0.q1"] and items["l0.q1"]["attempts"] == 2
    assert len(aside(store)) == 1


def test_told_once_per_kernel_and_never_overwrites(store, capsys, monkeypatch):
    monkeypatch.setattr(progress.time, "strftime", lambda fmt: "20260101-000000")
    store.parent.mkdir(parents=True)
    taken = store.with_name("progress.json.corrupt-20260101-000000")
    taken.write_bytes(b"an older kept file")
    for n, junk in enumerate([b"junk one", b"junk two"]):
        store.write_bytes(junk)
        progress.record("l0", f"q{n}", correct=True, kind="quiz")
    assert taken.read_bytes() == b"an older kept file"
    assert store.with_name(taken.name + "-1").read_bytes() == b"junk one"
    assert store.with_name(taken.name + "-2").read_bytes() == b"junk two"
    assert capsys.readouterr().out.count("could not be read") == 1
    fresh_kernel(monkeypatch)  # a new kernel is told again
    store.write_bytes(b"junk three")
    progress.load()
    assert capsys.readouterr().out.count("could not be read") == 1


# --- unwritable or busy locations ---------------------------------------------------------


def test_unwritable_location_keeps_answers_in_memory(tmp_path, monkeypatch, capsys):
    fresh_kernel(monkeypatch)
    (tmp_path / "afile").write_text("a file where a folder should be")
    monkeypatch.setenv(ENV, str(tmp_path / "afile" / "progress.json"))
    progress.record("l0", "q1", correct=False, kind="quiz")
    progress.record("l0", "q1", correct=True, kind="quiz")
    assert progress.load()["l0.q1"]["attempts"] == 2
    out = capsys.readouterr().out
    assert out.count("can't be saved") == 1 and f"set {ENV}" in out and out.count("\n") == 1
    good = tmp_path / "elsewhere" / "progress.json"
    monkeypatch.setenv(ENV, str(good))  # the fix the message suggests
    progress.record("l1", "q1", correct=True, kind="quiz")
    saved = json.loads(good.read_text())["items"]
    assert saved["l0.q1"]["attempts"] == 2 and saved["l0.q1"]["ever_correct"]
    assert "l1.q1" in saved


def _read_only_child(folder: str, result) -> None:
    import filelock  # noqa: F401  (loaded before privileges are dropped)

    if os.geteuid() == 0:  # root may write anywhere: act as an ordinary user
        os.setgid(65534)
        os.setuid(65534)
    os.environ[ENV] = str(Path(folder) / "progress.json")
    progress._told.clear()  # a fresh kernel: nothing said yet (the fork copies the parent's)
    progress._unsaved.clear()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        progress.record("l0", "q1", correct=True, kind="quiz")
        progress.record("l0", "q1", correct=True, kind="quiz")
        attempts = progress.load()["l0.q1"]["attempts"]
    result.put((out.getvalue(), attempts))


def test_read_only_folder_does_not_crash_a_quiz():
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        folder = base / "locked"
        folder.mkdir(mode=0o555)
        folder.chmod(0o555)
        ctx = multiprocessing.get_context("fork")
        result = ctx.Queue()
        child = ctx.Process(target=_read_only_child, args=(str(folder), result))
        child.start()
        out, attempts = result.get(timeout=60)
        child.join(30)
        assert child.exitcode == 0 and attempts == 2
        assert out.count("can't be saved") == 1 and ENV in out
        assert list(folder.iterdir()) == []
    finally:
        (base / "locked").chmod(0o755)
        (base / "locked").rmdir()
        base.rmdir()


def test_busy_file_waits_then_keeps_answer(store, monkeypatch, capsys):
    import filelock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    progress.record("l0", "q1", correct=True, kind="quiz")
    ctx = multiprocessing.get_context("spawn")
    held, done = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(f"{store}.lock", held, done))
    holder.start()
    try:
        assert held.wait(60)
        progress.record("l0", "q1", correct=True, kind="quiz")  # must not raise
        assert "busy" in capsys.readouterr().out
    finally:
        done.set()
        holder.join(30)
    progress.record("l0", "q2", correct=True, kind="quiz")
    assert progress.load()["l0.q1"]["attempts"] == 2
    assert json.loads(store.read_text())["items"]["l0.q1"]["attempts"] == 2
    assert filelock.FileLock(f"{store}.lock").acquire(timeout=1)


def _hold_lock(lock_path: str, held, done) -> None:
    import filelock

    with filelock.FileLock(lock_path):
        held.set()
        done.wait(60)


# --- export, import, reset ------------------------------------------------------------------


def test_export_import_round_trip(store, tmp_path, monkeypatch):
    progress.record("l0", "q1", correct=True, kind="quiz", answer="1.3%")
    progress.record("l2", "ex1", correct=False, kind="exercise")
    before = progress.load()
    exported = progress.export(tmp_path / "carry")  # a folder that does not exist yet
    assert exported == tmp_path / "carry"
    folder = tmp_path / "out"
    folder.mkdir()
    assert progress.export(folder) == folder / progress.EXPORT_NAME
    monkeypatch.setenv(ENV, str(tmp_path / "new-binder" / "progress.json"))
    assert progress.load() == {}
    assert progress.import_(exported) == 2
    assert progress.load() == before


def entry(attempts, ever, first, last, correct=False, answer=None):
    return {
        "lesson": "l0",
        "item": "q",
        "kind": "quiz",
        "attempts": attempts,
        "correct": correct,
        "ever_correct": ever,
        "first": f"2026-01-{first:02d}T00:00:00.000+00:00",
        "last": f"2026-01-{last:02d}T00:00:00.000+00:00",
        "answer": answer,
    }


def write_state(path: Path, items: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": progress.FORMAT, "version": 1, "items": items}))


def test_import_merges_the_best_of_both(store, tmp_path):
    mine = {"l0.a": entry(3, False, 5, 9, answer="mine"), "l0.b": entry(1, True, 2, 2)}
    theirs = {"l0.a": entry(1, True, 1, 20, correct=True, answer="theirs")}
    theirs["l0.c"] = entry(4, False, 3, 4)
    write_state(store, mine)
    write_state(tmp_path / "theirs.json", theirs)
    assert progress.import_(tmp_path / "theirs.json") == 2
    items = progress.load()
    assert items["l0.a"] == {
        **entry(3, True, 1, 20, correct=True, answer="theirs"),
        "item": "a",
        "first_correct": True,  # theirs came first, in one attempt, right
        "first_answer": "theirs",
    }
    assert items["l0.b"]["attempts"] == 1 and items["l0.c"]["attempts"] == 4
    # an older import does not undo newer answers
    write_state(tmp_path / "older.json", {"l0.a": entry(9, False, 3, 4, answer="old")})
    progress.import_(tmp_path / "older.json")
    a = progress.load()["l0.a"]
    assert (a["attempts"], a["ever_correct"], a["answer"], a["last"][:10]) == (
        9,
        True,
        "theirs",
        "2026-01-20",
    )


def test_import_without_merge_replaces_and_keeps_old_file(store, tmp_path):
    write_state(store, {"l0.b": entry(1, True, 2, 2)})
    old = store.read_bytes()
    write_state(tmp_path / "theirs.json", {"l0.c": entry(4, False, 3, 4)})
    progress.import_(tmp_path / "theirs.json", merge=False)
    assert list(progress.load()) == ["l0.c"]
    [kept] = aside(store, "before-import")
    assert kept.read_bytes() == old


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_import_file_changes_nothing(store, tmp_path, content):
    progress.record("l0", "q1", correct=True, kind="quiz")
    before = store.read_bytes()
    bad = tmp_path / "their-progress.json"
    bad.write_bytes(content)
    with pytest.raises(progress.ProgressFileError, match="nothing was changed") as err:
        progress.import_(bad)
    assert str(bad) in str(err.value)
    with pytest.raises(progress.ProgressFileError, match=r"upload\.json"):
        progress.import_(content, name="upload.json")
    with pytest.raises(progress.ProgressFileError, match="could not be opened"):
        progress.import_(tmp_path / "missing.json")
    assert store.read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["progress.json", "progress.json.lock"]


def test_reset_needs_confirmation_and_keeps_a_backup(store, capsys):
    progress.record("l0", "q1", correct=True, kind="quiz")
    before = store.read_bytes()
    assert progress.reset(confirm=False) is None
    assert store.read_bytes() == before and "confirm=True" in capsys.readouterr().out
    kept = progress.reset(confirm=True)
    assert kept is not None and kept.read_bytes() == before
    assert progress.load() == {}


def test_summary_rows(store):
    progress.record("l0", "q1", correct=True, kind="quiz")
    progress.record("l0", "q2", correct=False, kind="quiz")
    lessons = [
        {"id": "l0", "title": "Start here", "items": ["l0.q1", "l0.q2", "l0.q3"]},
        {"id": "l1", "title": "Budgets", "items": []},
    ]
    first, empty = progress.summary(lessons)
    assert (first["done"], first["total"], first["correct"], first["percent"]) == (2, 3, 1, 67)
    assert first["left"] == ["l0.q3"] and first["retry"] == ["l0.q2"] and not first["complete"]
    assert empty["complete"] and empty["total"] == 0


# --- property: no bytes can break recording -------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
entries = st.fixed_dictionaries(
    {},
    optional={
        k: json_values | st.sampled_from([1, True, "quiz", "2026-01-01T00:00:00Z", 1.7e9])
        for k in ("attempts", "correct", "ever_correct", "kind", "first", "last", "answer")
    },
)
our_format = st.fixed_dictionaries(
    {
        "format": st.just(progress.FORMAT),
        "version": st.sampled_from([0, 1, 2, -1, "1"]),
        "items": st.dictionaries(st.sampled_from(["l0.q1", "x", "l1.ex.2", ".a", ""]), entries),
    }
).map(lambda state: json.dumps(state).encode())
any_bytes = st.binary(max_size=300) | our_format | json_values.map(lambda v: json.dumps(v).encode())


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=any_bytes)
def test_any_bytes_never_break_record_or_load(content, monkeypatch, capsys):
    fresh_kernel(monkeypatch)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.json"
        path.write_bytes(content)
        monkeypatch.setenv(ENV, str(path))
        loaded = progress.load()
        assert isinstance(loaded, dict)
        progress.record("l9", "q1", correct=True, kind="quiz")
        assert (
            progress.load()["l9.q1"]["attempts"] == loaded.get("l9.q1", {}).get("attempts", 0) + 1
        )
        kept = aside(path)
        assert len(kept) <= 1 and all(k.read_bytes() == content for k in kept)
    capsys.readouterr()


# --- caps and concurrency (issue 12) ---------------------------------------------------------


def _entry(attempts: int = 1, answer: str | None = None) -> dict:
    now = "2025-01-01T00:00:00.000+00:00"
    return {"kind": "quiz", "attempts": attempts, "correct": True, "ever_correct": True,
            "first": now, "last": now, "answer": answer}  # fmt: skip


def _state(items: dict) -> bytes:
    return json.dumps({"format": progress.FORMAT, "version": 1, "items": items}).encode()


def test_imports_are_capped_and_refuse_devices(store, tmp_path):
    progress.record("l0", "q1", correct=True, kind="quiz")
    before = store.read_bytes()
    big = tmp_path / "big.json"
    big.write_bytes(_state({f"l0.q{i}": _entry() for i in range(30_000)}))  # ~4 MB
    with pytest.raises(progress.ProgressFileError, match="larger than 2 MB"):
        progress.import_(big)
    many = tmp_path / "many.json"
    many.write_bytes(_state({f"l0.q{i}": _entry() for i in range(6_000)}))
    assert len(many.read_bytes()) < progress.IMPORT_MAX_BYTES
    with pytest.raises(progress.ProgressFileError, match="6,000 entries"):
        progress.import_(many)
    with pytest.raises(progress.ProgressFileError, match="not a file to import"):
        progress.import_("/dev/zero")  # once hung the kernel
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(progress.ProgressFileError, match="not a file to import"):
        progress.import_(fifo)  # never opened: opening would block
    assert store.read_bytes() == before


def test_long_answers_are_cut_wherever_they_come_from(store, tmp_path):
    source = tmp_path / "long.json"
    source.write_bytes(_state({"l0.q1": _entry(answer="x" * 100_000)}))
    progress.import_(source)
    assert len(progress.load()["l0.q1"]["answer"]) == progress.ANSWER_MAX
    progress.record("l0", "q2", correct=False, kind="quiz", answer="y" * 5_000_000)
    assert len(progress.load()["l0.q2"]["answer"]) == progress.ANSWER_MAX


def test_a_held_back_attempt_adds_to_what_others_wrote(store, monkeypatch, capsys):
    """A write that found the file busy is kept and later *added*: taking the larger attempt
    count (as before) lost it when other kernels had written more in the meantime."""
    import filelock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.1)
    store.parent.mkdir(parents=True)
    with filelock.FileLock(f"{store}.lock"):  # another kernel is writing
        progress.record("l0", "q1", correct=False, kind="quiz")
        assert "busy" in capsys.readouterr().out
        store.write_bytes(_state({"l0.q1": _entry(attempts=3)}))  # its three attempts land
    progress.record("l0", "q1", correct=True, kind="quiz")
    assert progress.load()["l0.q1"]["attempts"] == 3 + 1 + 1


def _hammer(path: str, n: int, start) -> None:
    os.environ[ENV] = path
    start.wait()
    for _ in range(n):
        progress.record("shared", "item", correct=False, kind="quiz")


def test_concurrent_writers_lose_no_attempt(store):
    procs, n = 6, 150
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    workers = [ctx.Process(target=_hammer, args=(str(store), n, start)) for _ in range(procs)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(300)
        assert worker.exitcode == 0
    assert progress.load()["shared.item"]["attempts"] == procs * n


def test_damaged_entries_notice_says_what_was_kept(store, capsys):
    store.parent.mkdir(parents=True)
    items = {"l0.q1": _entry(), "l0.q2": _entry(), "l0.bad": {"attempts": "many"}}
    store.write_bytes(_state(items))
    progress.load()
    said = capsys.readouterr().out
    assert "1 of its entries are damaged" in said and "the 2 good entries were kept" in said
    assert "fresh one" not in said and "new one" not in said


def test_the_first_answer_is_kept_for_item_analysis(store):
    """Later attempts change the latest answer, never the first one and its verdict."""
    progress.record("l0", "q", correct=False, kind="quiz", answer="b")
    progress.record("l0", "q", correct=True, kind="quiz", answer="a")
    entry_ = progress.load()["l0.q"]
    assert (entry_["answer"], entry_["correct"]) == ("a", True)
    assert (entry_["first_answer"], entry_["first_correct"]) == ("b", False)


def test_older_files_give_the_first_verdict_only_where_it_is_certain(store):
    write_state(
        store,
        {
            "l0.once": entry(1, True, 1, 1, correct=True, answer="x"),
            "l0.never": entry(3, False, 1, 2),
            "l0.later": entry(3, True, 1, 2, correct=True),
        },
    )
    items = progress.load()
    assert (items["l0.once"]["first_correct"], items["l0.once"]["first_answer"]) == (True, "x")
    assert items["l0.never"]["first_correct"] is False
    assert items["l0.later"]["first_correct"] is None  # right first, or only later: unknown


def test_nothing_is_recorded_where_progress_is_off(store, monkeypatch):
    monkeypatch.setenv(progress.OFF_VAR, "1")
    progress.record("l0", "q", correct=True, kind="quiz", answer="a")
    assert not store.exists() and progress.load() == {}
