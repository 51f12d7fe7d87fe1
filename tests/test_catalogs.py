"""Every gettext catalog of both halves, in every language: its template's messages exactly,
all translated, none fuzzy, no obsolete entry, the placeholders intact; and each template
holding what the code asks for. The checks are in tests/catalogs.py; the tests below them feed
them a catalog with each defect, so that they are known to fail. What is particular to one
half or one language (French spacing, Arabic script, counts as plurals) stays beside that
half's code: tests/site_builder/model/test_i18n.py, tests/forms_service/test_catalogs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from portal_contract import languages
from site_builder.model.i18n import LANGUAGES
from tests.catalogs import DOMAINS, Domain, problems, read, stale

# Complete in every language with `records: required` (languages.yaml); a language being
# added may leave strings untranslated meanwhile: they fall back (CONTRIBUTING.md).
CATALOGS = [(domain, lang) for domain in DOMAINS for lang in languages.REQUIRED]


def test_each_half_has_a_catalog_in_every_language() -> None:
    assert [code for code, _name in settings.LANGUAGES] == list(LANGUAGES)  # the service's too
    for domain in DOMAINS:
        assert domain.template.exists(), f"{domain.template}: run make messages"
        assert domain.catalogs() == [domain.catalog(lang) for lang in sorted(LANGUAGES)]


@pytest.mark.parametrize("domain,lang", CATALOGS, ids=[f"{d.name}-{lang}" for d, lang in CATALOGS])
def test_catalog_is_complete_and_matches_its_template(domain: Domain, lang: str) -> None:
    found = problems(domain.catalog(lang), domain.template, lang)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])
def test_template_holds_what_the_code_asks_for(domain: Domain) -> None:
    # A mapping that finds nothing would pass the comparison below: each holds at least this.
    least = {"messages": 100, "django": 100, "contract": 6}[domain.name]
    assert len([m for m in read(domain.template) if m.id]) >= least
    found = stale(domain.template, domain.mapping)
    assert not found, "\n".join(found)


# The checks can fail: a small template and a catalog written in tmp_path, one defect each.

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""
PLURAL = {
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && "
    "n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
}
TEMPLATE = """
#, python-format
msgid "Closes on %(date)s"
msgstr ""

#, python-format
msgid "%(num)d seat left in %(city)s"
msgid_plural "%(num)d seats left in %(city)s"
msgstr[0] ""
msgstr[1] ""

msgid "Send"
msgstr ""
"""
GOOD = """
#, python-format
msgid "Closes on %(date)s"
msgstr "Clôture le %(date)s"

#, python-format
msgid "%(num)d seat left in %(city)s"
msgid_plural "%(num)d seats left in %(city)s"
msgstr[0] "Une seule place à %(city)s"
msgstr[1] "%(num)d de places à %(city)s"
msgstr[2] "%(num)d places à %(city)s"

msgid "Send"
msgstr "Envoyer"
"""


def check(tmp_path: Path, body: str, lang: str = "fr", template: str = TEMPLATE) -> list[str]:
    pot = tmp_path / "messages.pot"
    tmp_path.mkdir(exist_ok=True)
    pot.write_text(HEADER.format(lang="", plural="nplurals=2; plural=(n != 1);") + template)
    po = tmp_path / lang / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER.format(lang=lang, plural=PLURAL[lang]) + body, encoding="utf-8")
    return problems(po, pot, lang)


def line_of(tmp_path: Path, msgid: str, lang: str = "fr", prefix: str = "") -> int:
    """The line of `msgid` in the catalog `check` wrote."""
    lines = (tmp_path / lang / "LC_MESSAGES" / "messages.po").read_text().splitlines()
    return lines.index(f'{prefix}msgid "{msgid}"') + 1


def test_a_right_catalog_has_no_problem(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD) == []


CLOSES, SEATS = "Closes on %(date)s", "%(num)d seat left in %(city)s"


@pytest.mark.parametrize(
    "old,new,msgid,what",
    [
        ('msgstr "Envoyer"', 'msgstr ""', "Send", "not translated"),
        ('msgstr[1] "%(num)d de places à %(city)s"', 'msgstr[1] ""', SEATS, "plural form 1 empty"),
        ('msgid "Send"', '#, fuzzy\nmsgid "Send"', "Send", "marked fuzzy: check the translation"),
        ("Clôture le %(date)s", "Clôture prochaine", CLOSES, "the translation lacks %(date)s"),
        (
            "le %(date)s",
            "le %(jour)s",
            CLOSES,
            "the translation has %(jour)s, which the source has not, and lacks %(date)s",
        ),
        (
            "le %(date)s",
            "le %(date)d",
            CLOSES,
            "the translation has %(date)d, which the source has not, and lacks %(date)s",
        ),
        ("Une seule place à %(city)s", "Une seule place", SEATS, "form 0 lacks %(city)s"),
        ("%(num)d places à %(city)s", "places", SEATS, "form 2 lacks %(city)s, %(num)d"),
    ],
)
def test_each_defect_is_reported_with_its_file_line_and_msgid(
    tmp_path: Path, old: str, new: str, msgid: str, what: str
) -> None:
    assert old in GOOD
    found = check(tmp_path, GOOD.replace(old, new))
    po = tmp_path / "fr/LC_MESSAGES/messages.po"
    line = line_of(tmp_path, msgid)
    assert len(found) == 1, found
    assert found[0].startswith(f"{po}:{line}: {msgid!r}: {what}"), found


def test_a_report_names_the_line_of_the_msgid(tmp_path: Path) -> None:
    found = check(tmp_path, GOOD.replace('msgstr "Envoyer"', 'msgstr ""'))
    po = tmp_path / "fr/LC_MESSAGES/messages.po"
    assert found == [f"{po}:{line_of(tmp_path, 'Send')}: 'Send': not translated"]


def test_positional_placeholders_are_kept_in_number_and_order(tmp_path: Path) -> None:
    template = 'msgid "%s of %d"\nmsgstr ""\n\nmsgid "Hello {name}"\nmsgstr ""\n'
    body = 'msgid "%s of %d"\nmsgstr "%d sur %s"\n\nmsgid "Hello {name}"\nmsgstr "Bonjour"\n'
    found = check(tmp_path, body, template=template)
    assert [f.split(": ", 2)[1:] for f in found] == [
        ["'%s of %d'", "the translation has %d %s, not %s %d"],
        ["'Hello {name}'", "the translation lacks {name}"],
    ]
    # A literal percent sign is no placeholder.
    assert check(tmp_path / "b", 'msgid "10%%"\nmsgstr "10 %%"\n', template='msgid "10%%"\n') == []


def test_an_obsolete_entry_is_reported(tmp_path: Path) -> None:
    found = check(tmp_path, GOOD + '\n#~ msgid "Cancel"\n#~ msgstr "Annuler"\n')
    line = line_of(tmp_path, "Cancel", prefix="#~ ")
    assert found == [
        f"{tmp_path / 'fr/LC_MESSAGES/messages.po'}:{line}: 'Cancel': an obsolete entry (#~) "
        "left: remove it"
    ]


def test_a_catalog_must_match_its_template(tmp_path: Path) -> None:
    extra = GOOD + '\nmsgid "Cancel"\nmsgstr "Annuler"\n'
    found = check(tmp_path, extra.replace('\nmsgid "Send"\nmsgstr "Envoyer"\n', ""))
    po, pot = tmp_path / "fr/LC_MESSAGES/messages.po", tmp_path / "messages.pot"
    send = pot.read_text().splitlines().index('msgid "Send"') + 1
    assert found == [
        f"{po}:{line_of(tmp_path, 'Cancel')}: 'Cancel': not in the template {pot} "
        "(run make messages)",
        f"{po}: 'Send' of the template ({pot}:{send}) is missing (run make messages)",
    ]
    # A plural in the template is not the same message as a singular with its msgid.
    singular = GOOD.replace('msgid_plural "%(num)d seats left in %(city)s"\n', "")
    singular = singular.split("msgstr[0]")[0] + 'msgstr "place"\n\nmsgid "Send"\nmsgstr "Envoyer"\n'
    found = check(tmp_path / "b", singular)
    assert any("not in the template" in f for f in found)
    assert any("is missing" in f for f in found)


def test_a_header_fuzzy_or_with_the_wrong_plural_count_is_reported(tmp_path: Path) -> None:
    po = tmp_path / "ar/LC_MESSAGES/messages.po"
    body = GOOD.replace('msgstr[2] "%(num)d places à %(city)s"', 'msgstr[2] "x %(num)d %(city)s"')
    found = check(tmp_path, body, lang="ar")
    # Three forms where Arabic has six: the three it lacks are empty.
    line = line_of(tmp_path, SEATS, "ar")
    assert found == [f"{po}:{line}: {SEATS!r}: plural form 3, 4, 5 empty"]
    header = HEADER.replace('msgid ""', '#, fuzzy\nmsgid ""')
    pot, po = tmp_path / "c" / "messages.pot", tmp_path / "c" / "fr.po"
    pot.parent.mkdir()
    pot.write_text(HEADER.format(lang="", plural="nplurals=2; plural=(n != 1);") + TEMPLATE)
    po.write_text(header.format(lang="fr", plural="nplurals=2; plural=(n > 1);") + GOOD)
    found = problems(po, pot, "fr")
    assert f"{po}:1: the header is marked fuzzy (its plural forms may be ignored)" in found
    assert f"{po}:1: Plural-Forms says 2 plural forms; fr has 3 (CLDR)" in found


def test_a_template_behind_the_code_is_reported(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        '_("Send")\nngettext("%(n)d seat", "%(n)d seats", n)\n'
    )
    (tmp_path / "node_modules" / "app").mkdir(parents=True)  # outside the mapping: not read
    (tmp_path / "node_modules" / "app" / "x.py").write_text('_("Elsewhere")\n')
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[python: app/**.py]\n")
    pot = tmp_path / "messages.pot"
    tmp_path.mkdir(exist_ok=True)
    pot.write_text(
        HEADER.format(lang="", plural="") + 'msgid "Send"\nmsgstr ""\n\nmsgid "Gone"\nmsgstr ""\n'
    )
    found = stale(pot, mapping, tmp_path)
    assert found == [
        f"{pot}: '%(n)d seat' is in the code (found with {mapping}), not in the template: "
        "run make messages",
        f"{pot}:10: 'Gone' is no longer in the code: run make messages",
    ]
