"""The demo companies shipped in ``knowledge/companies/<slug>/``, read from their files.

Two parts of the app read a company's ``company.yaml``: the knowledge store files the
company's research under its display name, and the browser app offers the company as a
ready-made sample (role, interviewers, job description). Keeping both readers next to
each other keeps them agreeing on the folder layout. Indexing must fail loudly on a
broken file; the sample list only skips it, so one bad folder never hides the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import Settings
from ..models import PanelMember
from .documents import DocumentError

log = logging.getLogger(__name__)


def company_name(folder: Path) -> str:
    """The display name from ``folder/company.yaml``, or a :class:`DocumentError` naming it."""
    path = folder / "company.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DocumentError(f"{folder.name}/company.yaml: cannot read it ({exc})") from exc
    if not isinstance(data, dict) or not str(data.get("name") or "").strip():
        raise DocumentError(f"{folder.name}/company.yaml: needs a 'name'")
    return str(data["name"]).strip()


@dataclass
class SampleCompany:
    name: str
    role: str
    seniority: str
    interviewers: list[PanelMember]
    job_description: str


def sample_companies(settings: Settings) -> dict[str, SampleCompany]:
    """The demo companies shipped in knowledge/companies, keyed by display name."""
    out: dict[str, SampleCompany] = {}
    for path in sorted(Path(settings.knowledge_dir).glob("companies/*/company.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            jd_path = path.parent / "job-description.md"
            jd = jd_path.read_text(encoding="utf-8") if jd_path.is_file() else ""
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            log.warning("skipping sample company %s: %s", path.parent.name, exc)
            continue
        if not isinstance(data, dict) or not data.get("name"):
            continue
        people = [
            PanelMember(str(p.get("name", "")).strip(), str(p.get("title", "")).strip())
            for p in data.get("sample_interviewers") or []
            if isinstance(p, dict) and p.get("name")
        ]
        name = str(data["name"]).strip()
        out[name] = SampleCompany(
            name=name,
            role=str(data.get("sample_role") or ""),
            seniority=str(data.get("seniority") or "mid"),
            interviewers=people,
            job_description=jd,
        )
    return out
