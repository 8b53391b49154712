"""The sharded mutation runs in docs/ are valid against their published schemas, and shard what mutate.py shards.

Schemas (tests/schemas/README.md says where each comes from): SchemaStore's
github-workflow.json, and Kubernetes' batch/v1 Job with the definitions it
references.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource

from harness.paths import HARNESS, REPO_ROOT

SCHEMAS = HARNESS / "tests" / "schemas"
WORKFLOW = REPO_ROOT / "docs" / "mutation-workflow.yml"
JOB = REPO_ROOT / "docs" / "mutation-job.yaml"


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's `on`/`off`/`yes`/`no` booleans: a workflow's `on:` key stays a string."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load(path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def workflow_errors(document: Any) -> list[str]:
    validator = Draft7Validator(_schema("github-workflow.json"))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def job_errors(document: Any) -> list[str]:
    definitions = _schema("kubernetes-definitions-for-job.json")
    registry = Registry().with_resource(definitions["$id"], Resource.from_contents(definitions))
    validator = Draft202012Validator(_schema("kubernetes-job-batch-v1.json"), registry=registry)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def _shard_count(argument: str, index_pattern: str) -> int:
    match = re.fullmatch(index_pattern + r"/([1-9][0-9]*)", argument)
    assert match, f"--shard {argument!r} is not {index_pattern}/N"
    return int(match.group(1))


def test_the_mutation_workflow_is_a_valid_github_workflow():
    assert workflow_errors(_load(WORKFLOW)) == []


def test_the_mutation_job_is_a_valid_kubernetes_indexed_job():
    assert job_errors(_load(JOB)) == []


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("workflow", lambda d: d["jobs"]["shard"].update({"runs_on": "ubuntu-latest"})),
        ("workflow", lambda d: d["jobs"]["shard"]["strategy"].update({"matrix": 8})),
        ("job", lambda d: d["spec"].update({"completions": "eight"})),
        ("job", lambda d: d["spec"]["template"]["spec"]["containers"][0].update({"commands": []})),
    ],
)
def test_the_schemas_refuse_a_broken_copy(where, change):
    document = _load(WORKFLOW if where == "workflow" else JOB)
    change(document)
    errors = workflow_errors(document) if where == "workflow" else job_errors(document)
    assert errors, f"the {where} schema accepted a broken document"


def test_the_workflow_matrix_covers_every_shard_once_and_merges_them():
    document = _load(WORKFLOW)
    shards = int(document["env"]["SHARDS"])
    assert document["jobs"]["shard"]["strategy"]["matrix"]["shard"] == list(range(shards))
    run = next(s["run"] for s in document["jobs"]["shard"]["steps"] if "mutate.py" in s.get("run", ""))
    assert '--limit 0 --shard "$SHARD/$SHARDS"' in run
    merge = next(s["run"] for s in document["jobs"]["merge"]["steps"] if "--merge" in s.get("run", ""))
    assert "mutate.py --merge mutation-shard-*.json" in merge
    assert document["jobs"]["merge"]["needs"] == "shard"


def test_the_job_runs_shard_job_completion_index_of_its_completions():
    spec = _load(JOB)["spec"]
    assert spec["completionMode"] == "Indexed"
    command = spec["template"]["spec"]["containers"][0]["command"]
    assert command[command.index("--limit") + 1] == "0"
    count = _shard_count(command[command.index("--shard") + 1], re.escape("$(JOB_COMPLETION_INDEX)"))
    assert count == spec["completions"]
