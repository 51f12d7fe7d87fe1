"""Staff review by role: an association applies; its consulate sees it and marks it complete;
another consulate cannot see it, nor its attachment; the ministry selects it; the applicant
is emailed in Arabic; an auditor reads and changes nothing; the audit log has it all."""

from __future__ import annotations

import csv
import json
import re
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from openpyxl import load_workbook

from forms_service import clock
from forms_service.staff import review
from forms_service.staff.models import AuditEntry, Staff, StatusChange
from forms_service.submissions.models import Publication, Submission
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import PASSWORD, Smtp, signed_in, write_record
from tests.forms_service.filling import hidden_in
from tests.forms_service.pdfs import pdf_upload
from tests.forms_service.test_applications import PATH, answers, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]
ENGLISH, FRENCH = {"Accept-Language": "en"}, {"Accept-Language": "fr"}
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def applied(client: Client, **changes: Any) -> Submission:
    check = post(client, "ar", answers(**changes)).content.decode()
    client.post(PATH.format(lang="ar"), {**hidden_in(check), "step": "confirm"})
    return Submission.objects.get()


def step(client: Client, submission: Submission, status: str, comment: str = "") -> Any:
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    page = client.get(url).content.decode()
    fields = dict(HIDDEN.findall(page))
    return client.post(url, {**fields, "new_status": status, "comment": comment})


def test_an_application_goes_through_its_review(
    client: Client, live_data: Path, smtp: Smtp
) -> None:
    submission = applied(client)
    assert submission.post == "lyon"
    send_due()  # the confirmation
    lyon, paris = signed_in("lyon"), signed_in("paris")
    listing = "/staff/submissions/submission/"
    assert submission.reference in lyon.get(listing).content.decode()
    assert submission.reference not in paris.get(listing).content.decode()
    detail = f"/staff/submissions/submission/{submission.pk}/change/"
    assert paris.get(detail).status_code == 404
    assert paris.get(detail.replace("/change/", "/history/")).status_code == 404
    attachment = submission.files.get(field="statutes")
    download = lyon.get(f"/staff/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="statuts.pdf"')
    assert paris.get(f"/staff/attachments/{attachment.pk}/").status_code == 404
    # From another site's page: the application, not the file, and nothing recorded.
    downloads = AuditEntry.objects.filter(action="downloaded").count()
    lured = lyon.get(f"/staff/attachments/{attachment.pk}/", HTTP_SEC_FETCH_SITE="cross-site")
    assert lured.status_code == 302 and lured["Location"] == detail
    assert AuditEntry.objects.filter(action="downloaded").count() == downloads

    refused = step(lyon, submission, "incomplete")  # turning down needs a reason
    assert refused.status_code == 200 and Submission.objects.get().status == "received"
    assert step(lyon, submission, "complete").status_code == 302
    assert step(lyon, submission, "under-evaluation").status_code == 200  # not the consul's
    ministry = signed_in("ministry")
    assert step(ministry, submission, "under-evaluation").status_code == 302
    assert step(ministry, submission, "selected", "مشروع ممتاز").status_code == 302
    assert Submission.objects.get().status == "selected"
    assert [c.new for c in StatusChange.objects.order_by("at")] == [
        "complete",
        "under-evaluation",
        "selected",
    ]

    assert send_due() == (3, 0)
    last = smtp.inbox.messages[-1]
    body = last.get_content()
    assert submission.reference in last["Subject"]
    assert "اختارته لجنة انتقاء المشاريع" in body and "مشروع ممتاز" in body

    actions = set(AuditEntry.objects.values_list("user__username", "action"))
    assert {("lyon", "viewed"), ("lyon", "downloaded"), ("ministry", "changed-status")} <= actions
    assert ("paris", "viewed") not in actions


def test_an_auditor_reads_and_changes_nothing(client: Client, live_data: Path) -> None:
    submission = applied(client)
    auditor = signed_in("auditor")
    detail = f"/staff/submissions/submission/{submission.pk}/change/"
    assert auditor.get(detail).status_code == 200
    assert step(auditor, submission, "complete").status_code == 403
    assert Submission.objects.get().status == "received"
    assert auditor.get("/staff/staff/auditentry/").status_code == 200
    assert signed_in("lyon").get("/staff/staff/auditentry/").status_code == 403


def test_staff_accounts_need_a_role_and_a_real_post(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Staff.objects.get(user__username="lyon").post == "lyon"
    assert User.objects.get(username="ministry").password.startswith("argon2")
    with pytest.raises(CommandError, match="consular-posts"):
        call_command("create-staff", "x", role="consular", post="atlantis")
    monkeypatch.setenv("FORMS_STAFF_PASSWORD", "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("create-staff", "y", role="ministry")


def test_the_staff_area_asks_to_sign_in(client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    User.objects.create_user("visitor", password=PASSWORD)  # not staff
    client.login(username="visitor", password=PASSWORD)
    assert client.get("/staff/submissions/submission/").status_code == 302


def test_the_records_to_publish_keep_their_old_address_in_the_staff_area() -> None:
    """Publication moved from the staff app to submissions: its pages moved with it, and the
    old addresses (bookmarks, links in emails between staff) lead to the new ones."""
    submission = Submission.objects.create(
        reference="ASSOC-2345-6789",
        token="t",
        form_id="association-registration",
        lang="fr",
        answers={},
    )
    queued = Publication.objects.create(
        submission=submission, path="data/associations/amal.yaml", next_try=clock.now()
    )
    ministry = signed_in("ministry")
    listing = ministry.get("/staff/staff/publication/?state=failed")
    assert listing.status_code == 302
    assert listing["Location"] == "/staff/submissions/publication/?state=failed"
    detail = ministry.get(f"/staff/staff/publication/{queued.pk}/change/", follow=True)
    assert detail.redirect_chain == [(f"/staff/submissions/publication/{queued.pk}/change/", 302)]
    assert detail.status_code == 200 and "data/associations/amal.yaml" in detail.content.decode()


@pytest.mark.parametrize(
    "lang,text,direction",
    [("ar", "الطلبات", "rtl"), ("fr", "Demandes", "ltr"), ("en", "Submissions", "ltr")],
)
def test_the_staff_area_speaks_the_staffs_language(lang: str, text: str, direction: str) -> None:
    page = signed_in("ministry").get("/staff/", headers={"Accept-Language": lang})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'dir="{direction}"' in html and text in html
    guide = {"ar": "دليل فريق العمل", "fr": "Guide de l'équipe", "en": "Staff guide"}[lang]
    assert f'<a href="/{lang}/staff/">{guide}</a>' in html  # the staff guide, on the site


def export(client: Client, kind: str, *submissions: Submission) -> Any:
    return client.post(
        "/staff/submissions/submission/",
        {"action": f"export_{kind}", "_selected_action": [s.pk for s in submissions]},
    )


def test_the_committee_export_is_safe_and_scoped(client: Client, live_data: Path) -> None:
    submission = applied(client)
    Submission.objects.filter(pk=submission.pk).update(
        answers={**submission.answers, "project_title": '=HYPERLINK("http://x")'}
    )
    ministry = signed_in("ministry")
    csv_text = export(ministry, "csv", submission).content.decode("utf-8-sig")
    assert submission.reference in csv_text
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
    workbook = load_workbook(BytesIO(export(ministry, "xlsx", submission).content))
    cells = [c.value for row in workbook.active.iter_rows() for c in row]
    assert submission.reference in cells and '\'=HYPERLINK("http://x")' in cells
    assert 120000 in cells  # amounts stay numbers
    paris = export(signed_in("paris"), "csv", submission).content.decode("utf-8-sig")
    assert submission.reference not in paris  # not its post's: not in its export


def test_selected_applications_become_rows_for_the_projects_table(
    client: Client, live_data: Path
) -> None:
    submission = applied(client)
    Submission.objects.filter(pk=submission.pk).update(status="selected")
    response = export(signed_in("ministry"), "projects", submission)
    rows = list(csv.DictReader(StringIO(response.content.decode())))
    schema = json.loads((live_data / "schemas" / "project.tableschema.json").read_text("utf-8"))
    assert list(rows[0]) == [f["name"] for f in schema["fields"]]
    (row,) = rows
    assert re.fullmatch(r"p2030-[2-9a-z]{8}", row["id"])  # the call's year, the reference
    assert (row["call_id"], row["amount_mad"], row["status"]) == ("open-call", "120000", "funded")
    assert row["title_ar"] == "Soutien scolaire du samedi" and row["title_fr"] == ""


def test_a_submission_shows_its_answers_under_their_labels(client: Client, live_data: Path) -> None:
    submission = applied(client)
    page = signed_in("lyon").get(
        f"/staff/submissions/submission/{submission.pk}/change/", headers={"Accept-Language": "fr"}
    )
    html = page.content.decode()
    assert "<dt>Intitulé du projet</dt><dd>Soutien scolaire du samedi</dd>" in html
    assert "<dt>Pays d&#x27;accueil</dt><dd>France</dd>" in html


def answers_shown(client: Client, submission: Submission) -> str:
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    page = client.get(url, headers=FRENCH)
    assert page.status_code == 200
    return page.content.decode().split('<dl class="answers">', 1)[1].split("</dl>", 1)[0]


@pytest.mark.usefixtures("solidarity_call")
@pytest.mark.parametrize(
    ("call", "asked"),
    [
        ("open-call", {"axis": "school-support"}),  # a priority area of the call's own
        ("open-solidarity", {"axis": None, "region": "oriental", "amount_mad": "60000"}),
    ],
)
def test_an_application_reads_the_same_once_every_call_has_closed(
    client: Client, live_data: Path, call: str, asked: dict[str, Any]
) -> None:
    """The form made for no call in particular asks neither priority area nor region when no
    call is open; the staff page draws an application with the form of its own call."""
    submission = applied(client, call=call, **asked)
    before = answers_shown(signed_in("lyon"), submission)
    now = clock.now().replace(microsecond=0)
    for path in (live_data / "calls").glob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        window = {"opens": (now - timedelta(days=60)).isoformat(), "closes": now.isoformat()}
        write_record(path, {**record, **window})
    after = answers_shown(signed_in("lyon"), submission)
    # The same, but for the call's deadline, which the call's name carries and which moved.
    assert after.split("</dd>", 1)[1] == before.split("</dd>", 1)[1]
    label = "Axe prioritaire" if call == "open-call" else "Région"
    assert f"<dt>{label}" in after


def test_an_associations_page_link_chooses_it_in_the_update_form(
    client: Client, live_data: Path
) -> None:
    page = client.get("/en/forms/association-update/", {"association": "amal-test"})
    assert page.status_code == 200
    assert 'value="amal-test" selected' in page.content.decode()


@pytest.mark.parametrize("name", ["budget-2026.bat", "budget-2026.html", "budget-2026.hta"])
def test_an_attachment_downloads_as_a_pdf_whatever_its_name_ended_in(
    client: Client, live_data: Path, name: str
) -> None:
    """A staff member's computer opens a download by its name: a PDF named .bat would run."""
    submission = applied(client, statutes=pdf_upload(name))
    attachment = submission.files.get(field="statutes")
    assert attachment.name == "budget-2026.pdf"  # as the applicant and staff see it
    download = signed_in("lyon").get(f"/staff/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="budget-2026.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_attachment_kept_under_its_old_name_downloads_as_a_pdf(
    client: Client, live_data: Path
) -> None:
    """Rows stored before every name ended in .pdf are renamed on the way out."""
    attachment = applied(client).files.get(field="statutes")
    attachment.name = "budget-2026.bat"
    attachment.save()
    download = signed_in("lyon").get(f"/staff/attachments/{attachment.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="budget-2026.pdf"'


def test_an_attachment_whose_file_is_gone_is_a_404_and_a_log_line(
    client: Client, live_data: Path, settings: Any, stderr_log: StringIO
) -> None:
    submission = applied(client)
    attachment = submission.files.get(field="statutes")
    on_disk = Path(settings.FORMS_UPLOAD_DIR) / "files" / attachment.stored
    on_disk.unlink()
    assert signed_in("lyon").get(f"/staff/attachments/{attachment.pk}/").status_code == 404
    line = stderr_log.getvalue()
    assert f"no file {attachment.stored}" in line and submission.reference in line


def test_an_attachment_is_kept_by_no_cache(client: Client, live_data: Path) -> None:
    """An applicant's PDF, like every staff page, must not stay in a shared proxy or on a
    shared computer's browser cache once the staff member has left."""
    attachment = applied(client).files.get(field="statutes")
    download = signed_in("lyon").get(f"/staff/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert {"no-store", "private"} <= set(download["Cache-Control"].replace(" ", "").split(","))


def test_a_step_taken_meanwhile_by_another_reviewer_is_not_overwritten(
    client: Client, live_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reviewers post at once from the same page: the second, which chose its step from
    the status both saw, is sent back to the page as it now is, and nothing of it is kept."""
    submission = applied(client)
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    first, second = signed_in("lyon"), signed_in("lyon")
    first_page = dict(HIDDEN.findall(first.get(url).content.decode()))
    second_page = dict(HIDDEN.findall(second.get(url).content.decode()))
    # The first reviewer's post lands while the second's is past every check but the lock.
    original, raced = review.change_status, []

    def while_the_other_posts(*args: Any) -> None:
        if not raced:
            raced.append("first")
            chosen = {**first_page, "new_status": "incomplete", "comment": "x"}
            done = first.post(url, chosen, headers=ENGLISH)
            raced.append(done.status_code)
        original(*args)

    monkeypatch.setattr(review, "change_status", while_the_other_posts)
    answer = second.post(
        url, {**second_page, "new_status": "complete"}, follow=True, headers=ENGLISH
    )
    assert raced == ["first", 302]
    assert answer.status_code == 200 and answer.redirect_chain == [(url, 302)]
    assert "Another reviewer changed this submission" in answer.content.decode()
    # Both posts share the test's one connection, so the first's step went with the second's
    # rollback here; what matters is that the second's step was taken on nothing.
    assert not StatusChange.objects.filter(new="complete").exists()
    assert Submission.objects.get().status != "complete"


def test_a_page_left_open_while_another_reviewer_took_a_step_is_drawn_again(
    client: Client, live_data: Path
) -> None:
    """Its step was chosen from a status that has changed: the page is drawn again, as it
    now is, with a word of why (it was a 400 and a security line in the log)."""
    submission = applied(client)
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    first, second = signed_in("lyon"), signed_in("lyon")
    left_open = dict(HIDDEN.findall(second.get(url).content.decode()))
    assert step(first, submission, "incomplete", "statuts manquants").status_code == 302
    answer = second.post(url, {**left_open, "new_status": "complete"}, follow=True, headers=ENGLISH)
    assert answer.status_code == 200 and answer.redirect_chain == [(url, 302)]
    assert "Another reviewer changed this submission" in answer.content.decode()
    assert Submission.objects.get().status == "incomplete"
    again = second.post(url, {**left_open, "new_status": "complete"}, follow=True, headers=FRENCH)
    assert "Un autre examinateur a modifié cette demande" in again.content.decode()


def test_a_reviewers_choices_are_their_own_whoever_else_opens_a_page() -> None:
    """The steps offered are set on each form, not on the class every request shares: a
    consul's form built before the ministry's page was drawn still offers the consul's."""
    submission = Submission.objects.create(
        reference="APP-2345-6789", token="t", form_id="project-application", lang="fr",
        answers={}, post="lyon", status="complete",
    )  # fmt: skip
    site_admin = admin.site._registry[Submission]
    consul = RequestFactory().get("/")
    consul.user = User.objects.get(username="lyon")
    ministry = RequestFactory().get("/")
    ministry.user = User.objects.get(username="ministry")
    consul_form = site_admin.get_form(consul, submission)
    site_admin.get_form(ministry, submission)
    offered = [value for value, _ in consul_form(instance=submission).fields["new_status"].choices]
    assert offered == [""]  # a complete file is the committee's to evaluate


def test_a_submission_drawn_again_after_a_refused_post_is_in_the_audit_log(
    client: Client, live_data: Path
) -> None:
    """A post that fails (a step not offered) shows the answers as a GET does: it is a view."""
    submission = applied(client)
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    lyon = signed_in("lyon")
    fields = dict(HIDDEN.findall(lyon.get(url).content.decode()))
    AuditEntry.objects.all().delete()
    page = lyon.post(url, {**fields, "new_status": "selected"})  # the committee's, not lyon's
    assert page.status_code == 200 and submission.email in page.content.decode()
    viewed = AuditEntry.objects.filter(action="viewed", submission=submission)
    assert list(viewed.values_list("user__username", flat=True)) == ["lyon"]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "projects"])
def test_the_audit_log_names_each_exported_submission(
    client: Client, live_data: Path, kind: str
) -> None:
    """Not "1 applications, csv": whose answers left the service, and through whom."""
    submission = applied(client)
    Submission.objects.filter(pk=submission.pk).update(status="selected")
    assert export(signed_in("ministry"), kind, submission).status_code == 200
    (entry,) = AuditEntry.objects.filter(action="exported")
    assert (entry.user.username, entry.submission) == ("ministry", submission)
