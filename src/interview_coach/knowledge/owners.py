"""Whose research a chunk is: every upload belongs to one user; the shipped samples to all.

With ``serve --auth`` several people share one store, and research is private (notes on a
company, a recruiter's email). So each research chunk names its owner in its metadata, and
every read and write of research goes through the filters here: a search sees the user's
own chunks plus the shared ones, a re-upload replaces only the uploader's own copy, and the
company list is kept per owner. The shipped sample companies (and anything ingested with
``--shared``) belong to :data:`SHARED`: everyone reads them, no upload replaces them.
Keeping the rules in one place lets the store's ranking change without touching who sees what.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

#: Owner of research everyone may read: the shipped samples, and ``ingest --shared``.
SHARED = ""
#: The one user of a single-user install (no ``--auth``) and the CLI's default.
LOCAL = "local"
#: Collection-metadata key of the per-owner company registry ({owner: {key: display name}}).
REGISTRY_KEY = "companies_by_owner"


def owner_of(user: str | None) -> str:
    """The owner a user's uploads are filed under; a missing user is the local one."""
    return LOCAL if user is None else str(user)


def readable(user: str | None) -> dict[str, Any]:
    """Chroma filter: research this user may read (their own and the shared samples)."""
    return {"owner": {"$in": [owner_of(user), SHARED]}}


def research_where(
    user: str | None, company_key: str, present: Collection[str] | None = None
) -> dict[str, Any] | None:
    """Chroma filter: this user's readable research, about one company when ``company_key``.

    ``present`` lists every owner with research in the store (the registry's keys). When
    nobody but this user and the shared samples has any, the owner clause could only ever
    be true and is left out: Chroma narrows a search by metadata before its vector walk,
    and on a single-user store of 10k chunks an always-true clause tripled the query time.
    """
    company = {"company_key": company_key} if company_key else None
    if present is not None and set(present) <= {owner_of(user), SHARED}:
        return company
    return {"$and": [company, readable(user)]} if company else readable(user)


def own_copy(owner: str, source: str, company_key: str) -> dict[str, Any]:
    """Chroma filter: the chunks a re-upload of ``source`` replaces (the uploader's own only)."""
    return {"$and": [{"source": source}, {"company_key": company_key}, {"owner": owner}]}


def load_registry(metadata: dict[str, Any] | None) -> dict[str, dict[str, str]] | None:
    raw = (metadata or {}).get(REGISTRY_KEY)
    return None if raw is None else {o: dict(names) for o, names in json.loads(raw).items()}


def dump_registry(registry: dict[str, dict[str, str]]) -> str:
    """The registry as stored; an owner whose research names no company stays, because the
    keys also say who has research at all (:func:`research_where`)."""
    return json.dumps(registry, sort_keys=True, ensure_ascii=False)


def company_names(registry: dict[str, dict[str, str]], user: str | None) -> list[str]:
    """The companies a user sees: their own and the shared ones, one name per company."""
    names = dict(registry.get(SHARED, {}))
    for key, name in registry.get(owner_of(user), {}).items():
        names.setdefault(key, name)
    return sorted(names.values(), key=str.casefold)


def legacy_owner(meta: dict[str, Any]) -> str:
    """Owner of a chunk stored before owners existed: shipped files are shared, uploads local.

    A single-user install keeps seeing its research; with accounts, old uploads stay with the
    local user rather than leaking to everyone.
    """
    return SHARED if meta.get("origin") == "knowledge" else LOCAL
