"""Record text inside a page's JSON blocks (JSON-LD, the eligibility rules) cannot end the
block early, read as HTML by a browser's parser."""

from __future__ import annotations

import json

import pytest
import tinyhtml5

from site_builder.pages import json_block, structured

HTML = "{http://www.w3.org/1999/xhtml}"
HOSTILE = [
    "</script><script>alert(1)</script>",
    # Script data's "double escaped" state: the block's own end tag no longer ends it.
    "<!-- <script>",
    "</SCRIPT >",
    "a & b's <b>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_stays_inside_its_block_and_reads_back_unchanged(text: str) -> None:
    block = str(structured.script({"@type": "Event", "name": text}))
    page = tinyhtml5.parse(f"<!doctype html><body>{block}<footer>after</footer></body>")
    (script,) = page.iter(f"{HTML}script")
    assert json.loads(script.text or "") == {"@type": "Event", "name": text}
    assert page.find(f".//{HTML}footer") is not None


def test_the_attributes_are_written_escaped() -> None:
    block = str(json_block.script([], type="application/json", id='x"y'))
    assert block == '<script type="application/json" id="x&#34;y">[]</script>'
