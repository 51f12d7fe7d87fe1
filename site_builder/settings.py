"""The site builder's settings: the only module that reads the environment.

A build runs one MkDocs process per language; these reach each of them through the
environment, which is how `site-builder build` hands them down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from portal_contract import origin as portal_origin

NOW = "SITE_BUILDER_NOW"
DATA = "SITE_BUILDER_DATA"
MODEL = "SITE_BUILDER_MODEL"
SHELLS = "SITE_BUILDER_SHELLS"
SEARCH_DOCS = "SITE_BUILDER_SEARCH_DOCS"
STATE = "SITE_BUILDER_STATE"
ORIGIN = portal_origin.VARIABLE  # PORTAL_ORIGIN, which the forms service reads too


@dataclass(frozen=True)
class Settings:
    # The moment pages are built "as of" (ISO date or date-time): which calls are open, how
    # long is left. Unset: the clock. Tests and benchmarks set it so pages do not drift.
    now: str | None = None
    # The data folder; unset: the plugin's `data_dir`, relative to the language's config file.
    data: str | None = None
    # A site model already read and validated (site_builder/model/snapshot.py), set by
    # `site-builder build` for its MkDocs processes; unset: the plugin reads the data itself.
    model: str | None = None
    # A folder where each language's build leaves its page layouts, for `serve` to reuse.
    shells: str | None = None
    # A folder where each page leaves its searchable part, for the search index to read.
    search_docs: str | None = None
    # PORTAL_ORIGIN (or `--origin`): the public address the site is served at, e.g.
    # https://partenariat.example.ma; every absolute URL of the build starts with it.
    # Unset: http://127.0.0.1:8000, where `make run` serves it.
    origin: str | None = None
    # A folder where each language's build leaves what it made each page from
    # (site_builder/pages/ledger.py), for a later incremental build.
    state: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            now=env.get(NOW) or None,
            data=env.get(DATA) or None,
            model=env.get(MODEL) or None,
            shells=env.get(SHELLS) or None,
            search_docs=env.get(SEARCH_DOCS) or None,
            origin=env.get(ORIGIN) or None,
            state=env.get(STATE) or None,
        )

    def to_env(self) -> dict[str, str]:
        pairs = {
            NOW: self.now,
            DATA: self.data,
            MODEL: self.model,
            SHELLS: self.shells,
            SEARCH_DOCS: self.search_docs,
            ORIGIN: self.origin,
            STATE: self.state,
        }
        return {key: value for key, value in pairs.items() if value}

    def public_origin(self) -> str:
        """The origin, checked and normalised; raises portal_origin.OriginError."""
        return portal_origin.parse(self.origin or portal_origin.DEFAULT)
