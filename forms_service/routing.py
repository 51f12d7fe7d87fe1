"""Which consular post receives a submission: the one whose jurisdiction covers its seat.

The rule is the contract's (portal_contract.places.Jurisdictions, which `site-builder
validate` checks the posts with); this module reads the posts from the service's data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms_service.datafiles import read_yaml
from portal_contract import languages
from portal_contract.places import Jurisdictions


def post_for(data_dir: Path, country: str, city: str) -> str:
    """The id of the post covering `city` in `country` (ISO code), or "" when none does."""
    return Jurisdictions.of(_posts(data_dir)).post_for(country, city) or ""


def _posts(data_dir: Path) -> list[dict[str, Any]]:
    return list(read_yaml(data_dir / "taxonomies" / "consular-posts.yaml")["posts"])


def post_label(data_dir: Path, post_id: str, lang: str) -> str:
    """The post's name in `lang` (or the languages' fallback), or "" for no post."""
    for post in _posts(data_dir):
        if post["id"] == post_id:
            return languages.pick(post["label"], lang)[0]
    return ""
