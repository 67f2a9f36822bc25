"""``kiosk history`` and ``kiosk export --patient`` as real processes on a real store: a staff
member signs in, links two spellings (audited under their account), and the FHIR history
Bundle holds every visit of the patient, each exactly the per-visit Bundle."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from fhir.resources.R4B.bundle import Bundle

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import Store
from kiosk.store.tables import audit_log
from tests.care.visits import infusion_series, series_visit
from tests.store.test_cli import kiosk

PIN = "482913"


@pytest.fixture
def series(store: Store, library: FormLibrary) -> tuple[list[Any], Any, int]:
    """Four visits of one patient, one more under a misspelt name, and Ana's staff id."""
    visits = infusion_series(library, (20, 16, 12, 9), (15, 12, 10, 8))
    typo = series_visit(library, 28, 7, 6, name="Marie Josée Nunes")
    store.add_many([*visits, typo])
    service = StaffService(store, PinHasher(store.pepper()))
    staff_id = service.add("Ana Díaz", PIN)
    return visits, typo, staff_id


def _actions(store: Store, action: str) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(audit_log).where(audit_log.c.action == action)))


def test_link_then_show_then_unlink_signed_in(cli_env: dict[str, str], store: Store,
                                              series: tuple[list[Any], Any, int]) -> None:
    visits, typo, staff_id = series
    done = kiosk(cli_env, "history", "link", visits[0].id.hex[:8], str(typo.id), "--staff", "Ana Díaz",
                 stdin=f"{PIN}\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"linked {visits[0].id.hex[:8]} and {typo.id.hex[:8]}: one patient's history"
    [entry] = _actions(store, "history.link")
    assert (entry.actor, entry.submission_id) == (f"staff:{staff_id}", visits[0].id)
    shown = kiosk(cli_env, "history", "show", typo.id.hex[:8], stdin=f"Ana Díaz\n{PIN}\n")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert [line.split()[2] for line in lines[:5]] == [v.id.hex[:8] for v in [*visits, typo]]
    assert "phq9.total=20" in lines[0] and "infusion" in lines[0] and "phq9.total=7" in lines[4]
    assert "Nunes" not in shown.stdout and "Núñez" not in shown.stdout
    assert lines[5].startswith("linked by hand: ")
    undone = kiosk(cli_env, "history", "unlink", str(typo.id), str(visits[0].id), "--staff", "Ana Díaz",
                   stdin=f"{PIN}\n")
    assert undone.returncode == 0, undone.stderr
    assert len(_actions(store, "history.unlink")) == 1


def test_a_wrong_pin_or_unknown_visit_links_nothing(cli_env: dict[str, str], store: Store,
                                                   series: tuple[list[Any], Any, int]) -> None:
    visits, typo, _ = series
    wrong = kiosk(cli_env, "history", "link", str(visits[0].id), str(typo.id), "--staff", "Ana Díaz",
                  stdin="999999\n")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    unknown = kiosk(cli_env, "history", "link", str(visits[0].id), "0123456789abcdef", "--staff", "Ana Díaz",
                    stdin=f"{PIN}\n")
    assert unknown.returncode == 1 and "no submission" in unknown.stderr
    assert _actions(store, "history.link") == []


def test_export_patient_writes_one_fhir_history_bundle(cli_env: dict[str, str], store: Store, tmp_path: Any,
                                                      settings: Settings,
                                                      series: tuple[list[Any], Any, int]) -> None:
    visits, typo, _ = series
    store.link_histories(visits[-1].id, typo.id, actor="test")
    out = tmp_path / "out"
    done = kiosk(cli_env, "export", "--patient", visits[1].id.hex[:8], "--format", "fhir", "--out", str(out))
    assert done.returncode == 0, done.stderr
    [path] = out.glob("history-*.json")
    assert done.stdout.strip() == f"{path} (5 visits)"
    assert path.stat().st_mode & 0o077 == 0
    bundle = json.loads(path.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    inner = [entry["resource"] for entry in bundle["entry"]]
    assert [b["identifier"]["value"] for b in inner] == [str(v.id) for v in [*visits, typo]]
    phq9 = [o["resource"]["valueInteger"] for b in inner for o in b["entry"]
            if o["resource"]["resourceType"] == "Observation" and o["resource"]["code"]["coding"][0]["code"] == "44261-6"]
    assert phq9 == [20, 16, 12, 9, 7]
    [entry] = _actions(store, "export.history")
    assert entry.detail == f"format:fhir visits:5 file:{path.name}"
    pdf = kiosk(cli_env, "export", "--patient", str(typo.id), "--out", str(out))
    assert pdf.returncode == 2 and "--format fhir" in pdf.stderr
