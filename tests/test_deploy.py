"""The hub administrator's files: the Zero to JupyterHub values validate against the chart's
published schema (merged with the chart's defaults, as helm does), and the image installs
the course with the lock."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
Z2JH = ROOT / "tests" / "data" / "z2jh"  # jupyterhub/zero-to-jupyterhub-k8s @ 48ea50e (BSD)


def merged(defaults: dict, override: dict) -> dict:
    """``override`` laid over ``defaults``, key by key (how helm merges values files)."""
    out = dict(defaults)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def test_config_yaml_is_valid_chart_values() -> None:
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "deploy" / "config.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(merged(defaults, config), schema)
    assert config["singleuser"]["memory"] == {"guarantee": "512M", "limit": "1G"}
    assert config["cull"]["enabled"] is True and config["singleuser"]["defaultUrl"] == "/lab"


def test_a_wrong_value_is_caught_by_the_schema() -> None:
    """The validation can fail: a misspelt key is refused."""
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    bad = {"singleuser": {"memroy": {"limit": "1G"}}}
    try:
        jsonschema.validate(merged(defaults, bad), schema)
    except jsonschema.ValidationError as error:
        assert "memroy" in str(error)
    else:
        raise AssertionError("the schema accepted a misspelt key")


def test_the_image_installs_the_course_with_the_lock() -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert (
        "ARG BASE=quay.io/jupyter/minimal-notebook:" in dockerfile and "FROM ${BASE}" in dockerfile
    )
    assert "-c /opt/japan-sti-course/requirements/constraints.txt" in dockerfile
    assert "nbgitpuller" in dockerfile


def test_the_grading_job_runs_every_shard_once() -> None:
    """deploy/grade-job.yaml: an Indexed Job whose N pods pass shards 1/N … N/N to course grade."""
    job = yaml.safe_load((ROOT / "deploy" / "grade-job.yaml").read_text(encoding="utf-8"))
    spec = job["spec"]
    assert job["kind"] == "Job" and spec["completionMode"] == "Indexed"
    (container,) = spec["template"]["spec"]["containers"]
    command = " ".join(container["command"] + container["args"])
    shard = re.search(r'--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(\d+)"', command)
    assert shard and int(shard.group(1)) == spec["completions"] == spec["parallelism"]
    assert command.startswith("sh -c course grade /submitted --output /graded")
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    assert mounts["/submitted"]["readOnly"] is True and "readOnly" not in mounts["/graded"]
