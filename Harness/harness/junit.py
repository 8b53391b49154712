"""The JUnit XML report of a vector replay: one <testcase> per case file."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from harness.replay import CaseResult, failure_line


def write_junit(results: list[CaseResult], folder: Path, out: Path) -> None:
    """Test cases named by their path under folder (as `margin vectors check` names them); written atomically."""
    failures = sum(1 for r in results if r.mismatch)
    suites = ElementTree.Element("testsuites", tests=str(len(results)), failures=str(failures))
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="run.py --vectors",
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        time="%.3f" % sum(r.seconds for r in results),
    )
    for result in results:
        try:
            name = str(result.case.path.relative_to(folder))
        except ValueError:
            name = str(result.case.path)
        testcase = ElementTree.SubElement(
            suite, "testcase", classname="vector", name=name, time="%.3f" % result.seconds
        )
        if result.mismatch:
            m = result.mismatch
            failure = ElementTree.SubElement(
                testcase, "failure", message=f"{m.where}: expected {m.expected}, got {m.actual}"
            )
            failure.text = failure_line(result)
    ElementTree.indent(suites)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as handle:
        ElementTree.ElementTree(suites).write(handle, encoding="UTF-8", xml_declaration=True)
        handle.write(b"\n")
    tmp.replace(out)
