"""The dependency audit of `make check` (tools/audit.py): it fails on a
known-vulnerable pin, and a source that cannot answer is said, never taken
for a clean result."""

import json

import pytest

from tools import audit


@pytest.fixture
def old_django(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# a lock pinning a Django with published advisories\nDjango==4.2.0\n    # via plan-commun\n"
                    "nh3==0.3.8\n", encoding="utf-8")
    return lock


def test_a_known_vulnerable_pin_fails_the_audit(old_django, capsys):
    assert audit.main(["-r", str(old_django), "--offline"]) == 1
    out = capsys.readouterr().out
    assert "KNOWN VULNERABILITIES" in out
    # CVE-2023-31047 (multiple file upload validation bypass), fixed in 4.2.1.
    assert "django==4.2.0: PYSEC-2023-61 (CVE-2023-31047" in out and "nh3" not in out.split("KNOWN")[1]


def test_the_locked_dependencies_have_no_known_advisory(capsys):
    assert audit.main(["--offline"]) == 0
    captured = capsys.readouterr()
    assert "advisory snapshot" in captured.out and "0 finding(s)" in captured.out


def test_a_live_source_that_cannot_answer_is_said_loudly_and_can_be_required(old_django, tmp_path, monkeypatch, capsys):
    clean = tmp_path / "clean.lock"
    clean.write_text("nh3==0.3.8\n", encoding="utf-8")
    monkeypatch.setattr(audit, "_pip_audit", lambda requirements: "pip-audit failed: ConnectionError")
    monkeypatch.delenv("AUDIT_REQUIRE_LIVE", raising=False)
    assert audit.main(["-r", str(clean), "--npm-lock", str(tmp_path / "none.json")]) == 0
    err = capsys.readouterr().err
    assert "LIVE DEPENDENCY AUDIT NOT RUN: pip-audit" in err and "days old" in err
    monkeypatch.setenv("AUDIT_REQUIRE_LIVE", "1")
    assert audit.main(["-r", str(clean), "--npm-lock", str(tmp_path / "none.json")]) == 2
    # A known vulnerability fails whatever the network does.
    assert audit.main(["-r", str(old_django), "--npm-lock", str(tmp_path / "none.json")]) == 1


def skipped(requirements):
    return {"dependencies": [{"name": line.split("==")[0], "skip_reason": "Dependency not found on PyPI and could "
                              "not be audited"} for line in requirements], "fixes": []}


def test_pip_audit_skipping_every_package_is_not_a_clean_result(monkeypatch):
    """What pip-audit does where PyPI's per-version API answers 404: it
    skips every package and exits 0, "No known vulnerabilities found"."""
    monkeypatch.setattr(audit, "_pip_audit", skipped)
    result = audit.audit_pip({"django": "5.2.19"})
    assert result.answered is False and "did not report the known-vulnerable django==4.2.0" in result.note


def test_pip_audit_findings_fail_the_audit(tmp_path, monkeypatch, capsys):
    def answering(requirements):
        return {"dependencies": [
            {"name": name, "version": version, "vulns": [{"id": "GHSA-xxxx", "aliases": ["CVE-2099-1"],
                                                          "fix_versions": ["9.9"], "description": "Bad."}]
             if (name, version) in {("django", "4.2.0"), ("nh3", "0.3.8")} else []}
            for name, version in (line.split("==") for line in requirements)]}

    monkeypatch.setattr(audit, "_pip_audit", answering)
    lock = tmp_path / "r.lock"
    lock.write_text("nh3==0.3.8\n", encoding="utf-8")
    assert audit.main(["-r", str(lock), "--npm-lock", str(tmp_path / "none.json")]) == 1
    assert "nh3==0.3.8: GHSA-xxxx (CVE-2099-1); fixed in 9.9 [pip-audit]" in capsys.readouterr().out


def test_npm_audit_refused_by_the_registry_is_not_a_clean_result(tmp_path, monkeypatch):
    lock = tmp_path / "package-lock.json"
    lock.write_text("{}", encoding="utf-8")

    class Refused:
        stdout = json.dumps({"message": "405 Method Not Allowed - POST https://registry/-/npm/v1/security/advisories/bulk"})

    monkeypatch.setattr(audit.shutil, "which", lambda name, **kw: "/usr/bin/npm")
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **kw: Refused)
    result = audit.audit_npm(lock)
    assert result.answered is False and "405" in result.note


@pytest.mark.parametrize(("version", "expected"), [
    ("2.11.5", True), ("2.11.6", True), ("2.11.7", False), ("2.12", True), ("2.12.3", True), ("2.12.4", False),
    ("2.13", False), ("0.5", True),
])
def test_ranges_are_read_as_the_advisory_database_writes_them(version, expected):
    """PYSEC-2021-114 (wagtail), whose intervals are not in order."""
    advisory = {"ranges": [[{"introduced": "2.11"}, {"fixed": "2.11.7"}, {"introduced": "0"}, {"fixed": "2.11.6"},
                            {"introduced": "2.12"}, {"fixed": "2.12.4"}]]}
    assert audit.affected(version, advisory) is expected


def test_last_affected_and_open_ranges():
    assert audit.affected("1.5", {"ranges": [[{"introduced": "1.0"}, {"last_affected": "1.5"}]]})
    assert not audit.affected("1.5.1", {"ranges": [[{"introduced": "1.0"}, {"last_affected": "1.5"}]]})
    assert audit.affected("7.0", {"ranges": [[{"introduced": "6.0"}]]})
    assert audit.affected("1.0", {"versions": ["1.0"]})
