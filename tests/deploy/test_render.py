"""`python -m deploy.render`: placeholders filled, a line repeated per value, and a value
missing, unknown or left over stops it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from deploy.render import RenderError, pairs, render
from tests.conftest import REPO

TEMPLATE = "upstream u {\n    server {{SERVERS}};\n}\nroot {{DIR}}/current;\n"


def test_a_name_with_several_values_repeats_its_line() -> None:
    done = render(TEMPLATE, {"SERVERS": "127.0.0.1:8001, 127.0.0.1:8002", "DIR": "/srv/h"})
    assert done == (
        "upstream u {\n    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n}\n"
        "root /srv/h/current;\n"
    )


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"SERVERS": "a"}, "no value given for DIR"),
        ({"SERVERS": "a", "DIR": "/d", "PORT": "80"}, "the template has no PORT"),
    ],
)
def test_a_missing_or_unknown_name_stops_it(values: dict[str, str], said: str) -> None:
    with pytest.raises(RenderError, match=said):
        render(TEMPLATE, values)


def test_two_lists_on_one_line_are_refused() -> None:
    with pytest.raises(RenderError, match="both"):
        render("listen {{A}} {{B}};\n", {"A": "1,2", "B": "3,4"})


@pytest.mark.parametrize("argument", ["HTTP_LISTEN", "lower=1", "HTTP_LISTEN= "])
def test_arguments_are_name_equals_value(argument: str) -> None:
    with pytest.raises(RenderError, match="NAME=VALUE"):
        pairs([argument])


def test_the_shipped_template_names_only_ports_and_paths() -> None:
    """Every placeholder of the nginx template, filled from the command line; a left-out
    one is named and nothing is written."""
    template = str(REPO / "deploy" / "nginx" / "portal.conf.template")
    done = subprocess.run(
        [sys.executable, "-m", "deploy.render", template, "HTTP_LISTEN=80"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert (
        "no value given for FORMS_SERVERS, HOST_DIR, HTTPS_LISTEN, LOG_DIR, SERVER_NAME,"
        in done.stderr
    )


def test_the_languages_come_from_the_languages_file() -> None:
    """Not given on the command line: a language added to languages.yaml is served by the
    nginx configuration rendered next, as by the site and the service."""
    template = "location ~ ^/(?:{{LANGUAGES}})/ {}\n~*^{{OTHER_LANGUAGES}} {{OTHER_LANGUAGES}};\n"
    done = render(template + "default {{FIRST_LANGUAGE}};\n", {})
    assert done == "location ~ ^/(?:ar|fr|en)/ {}\n~*^fr fr;\n~*^en en;\ndefault ar;\n"
    with pytest.raises(RenderError, match="LANGUAGES: from portal_contract/languages"):
        render(template, {"LANGUAGES": "ar"})
