"""The locked dependencies against the known vulnerabilities (`make audit`,
part of `make check`).

    python tools/audit.py [-r requirements.lock ...] [--npm-lock package-lock.json] [--offline]
    python tools/audit.py refresh PATH   # PATH: a checkout of pypa/advisory-database, or OSV's PyPI all.zip

Three sources, each saying what it covered:

1. pip-audit (live, PyPI's vulnerability service: the Python Packaging
   Advisory Database), on every pin of the lock files. It reports a package
   it could not look up as skipped and still exits 0: here every package
   skipped counts as "the service did not answer", never as "no
   vulnerability".
2. npm audit (live, the npm registry's advisories) on package-lock.json.
3. The snapshot of the Python Packaging Advisory Database kept in
   tools/advisories/pypi.jsonl (its source and date on its first line),
   matched here, offline: the floor that holds when the live services are
   out of reach (a machine that reaches only the package registries: the
   per-version JSON API and api.osv.dev answer neither there). It knows
   nothing published after its date: `refresh` it from a machine that
   reaches GitHub or OSV.

Exit status: 1 when any source finds a locked version affected by an
advisory; otherwise 0, with a banner naming each live source that could not
answer and the age of the snapshot that stood in for it. AUDIT_REQUIRE_LIVE=1
(a release pipeline that has the network) turns that banner into exit 2.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tools" / "advisories" / "pypi.jsonl"
LOCKS = ("requirements.lock", "requirements-dev.lock", "requirements-bench.lock")
NPM_LOCK = "package-lock.json"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")
# A version every advisory service knows to be vulnerable: a service that
# finds nothing wrong with it is not answering.
CANARY = ("django", "4.2.0")
TIMEOUT = 20


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(paths) -> dict[str, str]:
    """Every `name==version` of the lock files, by canonical name."""
    pins = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            match = PIN.match(line.strip())
            if match:
                pins[canonical(match.group(1))] = match.group(2)
    return pins


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    aliases: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    summary: str = ""
    source: str = ""

    def line(self) -> str:
        aliases = f" ({', '.join(self.aliases[:3])})" if self.aliases else ""
        fixed = f"; fixed in {', '.join(self.fixed)}" if self.fixed else ""
        return f"  {self.package}=={self.version}: {self.advisory}{aliases}{fixed} [{self.source}]\n    {self.summary}"


@dataclass
class SourceResult:
    name: str
    findings: list[Finding] = field(default_factory=list)
    answered: bool = True
    note: str = ""


# --- The snapshot ---------------------------------------------------------

def load_snapshot(path: Path = SNAPSHOT) -> tuple[dict, list[dict]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:] if line.strip()]


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affected(version: str, advisory: dict) -> bool:
    """OSV's ECOSYSTEM ranges, read as the advisory database writes them:
    each `introduced` opens an interval that the next `fixed` (excluded) or
    `last_affected` (included) closes; or the explicit list of versions."""
    if version in advisory.get("versions", ()):
        return True
    current = _version(version)
    if current is None:
        return False
    for events in advisory.get("ranges", ()):
        start = None
        for event in events:
            kind, value = next(iter(event.items()))
            if kind == "introduced":
                if start is not None and current >= start:
                    return True  # an interval left open
                start = Version("0") if value == "0" else _version(value)
            elif start is not None and (end := _version(value)) is not None:
                if current >= start and (current < end if kind == "fixed" else current <= end):
                    return True
                start = None
        if start is not None and current >= start:
            return True
    return False


def fixed_versions(advisory: dict) -> list[str]:
    return [value for events in advisory.get("ranges", ()) for event in events
            for kind, value in event.items() if kind == "fixed"]


def audit_snapshot(pins: dict[str, str], path: Path = SNAPSHOT) -> tuple[SourceResult, dict]:
    meta, advisories = load_snapshot(path)
    result = SourceResult(f"advisory snapshot ({meta['source']} of {meta['date']})")
    for advisory in advisories:
        version = pins.get(advisory["package"])
        if version and not advisory.get("withdrawn") and affected(version, advisory):
            result.findings.append(Finding(advisory["package"], version, advisory["id"], advisory.get("aliases", []),
                                           fixed_versions(advisory), advisory.get("summary", ""), "snapshot"))
    return result, meta


def snapshot_entries(records) -> list[dict]:
    """OSV records (PyPA's YAML or OSV's JSON) as the snapshot keeps them."""
    entries = []
    for record in records:
        summary = " ".join((record.get("summary") or record.get("details") or "").split())
        summary = summary[:197] + "…" if len(summary) > 200 else summary
        for item in record.get("affected", ()):
            package = item.get("package", {})
            if package.get("ecosystem") != "PyPI":
                continue
            entry = {"id": record["id"], "package": canonical(package["name"]), "aliases": record.get("aliases", []),
                     "summary": summary}
            if record.get("withdrawn"):
                entry["withdrawn"] = str(record["withdrawn"])
            ranges = [r["events"] for r in item.get("ranges", ()) if r.get("type") == "ECOSYSTEM"]
            if ranges:
                entry["ranges"] = [[{k: str(v) for k, v in event.items()} for event in events] for events in ranges]
            else:
                entry["versions"] = [str(v) for v in item.get("versions", ())]
            entries.append(entry)
    return sorted(entries, key=lambda e: (e["package"], e["id"]))


def refresh(source: Path, out: Path = SNAPSHOT) -> int:
    """Rebuild the snapshot from a checkout of pypa/advisory-database (its
    vulns/ folder of YAML files) or from OSV's PyPI/all.zip (JSON files)."""
    import yaml

    if source.is_dir():
        files = sorted((source / "vulns").rglob("*.yaml"))
        records = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
        commit = subprocess.run(["git", "-C", str(source), "log", "-1", "--format=%H %cs"], capture_output=True,
                                text=True).stdout.split()
        meta = {"source": "pypa/advisory-database", "commit": commit[0] if commit else "",
                "date": commit[1] if len(commit) > 1 else datetime.date.today().isoformat()}
    else:
        with zipfile.ZipFile(source) as archive:
            records = [json.loads(archive.read(name)) for name in archive.namelist() if name.endswith(".json")]
        newest = max((r.get("modified", "") for r in records), default="")[:10]
        meta = {"source": "OSV PyPI/all.zip", "date": newest or datetime.date.today().isoformat()}
    entries = snapshot_entries(records)
    meta["advisories"] = len(entries)
    with out.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(meta, sort_keys=True) + "\n")
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out.relative_to(ROOT)}: {len(entries)} advisories from {meta['source']} of {meta['date']}")
    return 0


# --- pip-audit (live) -----------------------------------------------------

def _pip_audit(requirements: list[str]) -> dict | str:
    """pip-audit's JSON report for these pins, or why there is none."""
    executable = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if not executable:
        return "pip-audit is not installed (make install)"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(requirements) + "\n")
    try:
        result = subprocess.run(
            [executable, "-r", handle.name, "--no-deps", "--disable-pip", "--format", "json", "--progress-spinner",
             "off", "--timeout", str(TIMEOUT), "--vulnerability-service", "pypi"],
            capture_output=True, text=True, timeout=600,
        )
    except subprocess.TimeoutExpired:
        return "pip-audit took longer than 10 minutes"
    finally:
        os.unlink(handle.name)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        error = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return f"pip-audit failed: {error[:300]}"


def _answered(report: dict) -> bool:
    dependencies = report.get("dependencies", [])
    return any("skip_reason" not in dependency for dependency in dependencies)


def audit_pip(pins: dict[str, str]) -> SourceResult:
    result = SourceResult("pip-audit (PyPI vulnerability service)")
    # A service that answers knows the canary: asked first, it spares a
    # hundred requests to a service that cannot answer.
    canary = _pip_audit(["==".join(CANARY)])
    if isinstance(canary, str) or not any(d.get("vulns") for d in canary.get("dependencies", [])):
        result.answered = False
        why = canary if isinstance(canary, str) else "; ".join(
            sorted({d.get("skip_reason", "no advisory").split(":")[0] for d in canary.get("dependencies", [])}))
        result.note = f"it did not report the known-vulnerable {'=='.join(CANARY)}: {why}"
        return result
    report = _pip_audit([f"{name}=={version}" for name, version in sorted(pins.items())])
    if isinstance(report, str):
        result.answered, result.note = False, report
        return result
    if not _answered(report):
        reasons = {d.get("skip_reason", "").split(":")[0] for d in report.get("dependencies", [])}
        result.answered = False
        result.note = f"every package skipped: {'; '.join(sorted(reasons))}"
        return result
    for dependency in report["dependencies"]:
        for vuln in dependency.get("vulns", ()):
            result.findings.append(Finding(canonical(dependency["name"]), dependency["version"], vuln["id"],
                                           vuln.get("aliases", []), vuln.get("fix_versions", []),
                                           " ".join(vuln.get("description", "").split())[:200], "pip-audit"))
    skipped = [d["name"] for d in report["dependencies"] if "skip_reason" in d]
    if skipped:
        result.note = f"{len(skipped)} package(s) not looked up: {', '.join(skipped[:10])}"
    return result


# --- npm audit (live) -----------------------------------------------------

def audit_npm(lock: Path) -> SourceResult:
    result = SourceResult("npm audit (npm registry advisories)")
    npm = shutil.which("npm")
    if not lock.exists():
        result.note = f"no {lock.name}"
        return result
    if not npm:
        result.answered, result.note = False, "npm is not installed"
        return result
    try:
        run = subprocess.run([npm, "audit", "--package-lock-only", "--json"], cwd=lock.parent, capture_output=True,
                             text=True, timeout=120)
        report = json.loads(run.stdout or "{}")
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        result.answered, result.note = False, f"npm audit gave no report ({type(error).__name__})"
        return result
    if "vulnerabilities" not in report:
        message = report.get("message") or report.get("error", {}).get("summary") or "no report"
        result.answered, result.note = False, f"the registry refused the audit: {message[:200]}"
        return result
    for name, vulnerability in sorted(report["vulnerabilities"].items()):
        for via in vulnerability.get("via", ()):
            if isinstance(via, dict):
                result.findings.append(Finding(name, vulnerability.get("range", ""), str(via.get("source", "")),
                                               [via.get("url", "")], [], via.get("title", ""), "npm audit"))
    return result


# --- Report ---------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-r", "--requirements", action="append", help="a lock file (default: the three of the repo)")
    parser.add_argument("--npm-lock", default=str(ROOT / NPM_LOCK))
    parser.add_argument("--offline", action="store_true", help="the snapshot only (counts as no live source)")
    parser.add_argument("--snapshot", default=str(SNAPSHOT), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    locks = options.requirements or [str(ROOT / name) for name in LOCKS]
    pins = read_pins(locks)
    if not pins:
        print(f"audit: no pinned package in {', '.join(locks)}", file=sys.stderr)
        return 1

    snapshot, meta = audit_snapshot(pins, Path(options.snapshot))
    results = [snapshot]
    if options.offline:
        results += [SourceResult("pip-audit (PyPI vulnerability service)", answered=False, note="--offline"),
                    SourceResult("npm audit (npm registry advisories)", answered=False, note="--offline")]
    else:
        results += [audit_pip(pins), audit_npm(Path(options.npm_lock))]

    print(f"Dependency audit: {len(pins)} pinned Python packages ({', '.join(Path(p).name for p in locks)}).")
    findings = [finding for result in results for finding in result.findings]
    for result in results:
        state = "answered" if result.answered else "DID NOT ANSWER"
        count = f", {len(result.findings)} finding(s)" if result.answered else ""
        print(f"- {result.name}: {state}{count}{f' ({result.note})' if result.note else ''}")
    if findings:
        print("\nKNOWN VULNERABILITIES in the locked dependencies:")
        for finding in sorted(findings, key=lambda f: (f.package, f.advisory)):
            print(finding.line())
        print("\nUpgrade them (pyproject.toml or package.json, then make lock), or record why not in SECURITY.md.")
        return 1

    silent = [result for result in results if not result.answered]
    if silent:
        age = (datetime.date.today() - datetime.date.fromisoformat(meta["date"])).days
        banner = [
            "!" * 78,
            "! LIVE DEPENDENCY AUDIT NOT RUN: " + ", ".join(result.name for result in silent),
            f"! Only the advisory snapshot of {meta['date']} ({age} days old) was checked: it knows",
            "! nothing published since. Run `make audit` where PyPI's per-version API, api.osv.dev",
            "! and the npm audit endpoint answer, or refresh the snapshot (tools/audit.py refresh).",
            "!" * 78,
        ]
        print("\n".join(banner), file=sys.stderr)
        if os.environ.get("AUDIT_REQUIRE_LIVE", "").lower() in {"1", "true", "yes"}:
            print("AUDIT_REQUIRE_LIVE is set: failing.", file=sys.stderr)
            return 2
        return 0
    print("No known vulnerability in the locked dependencies.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "refresh":
        sys.exit(refresh(Path(sys.argv[2])))
    sys.exit(main())
