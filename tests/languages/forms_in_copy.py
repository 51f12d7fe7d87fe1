"""Run in a copy of the project (`python forms_in_copy.py LANG`, the copy first on PYTHONPATH
and as the working folder), by tests/languages/test_add_a_language.py: the copy's forms
service, whose settings read the copy's languages.yaml as they load, as a new process would.

It migrates the copy's database (var/, SQLite), sends the contact form in LANG through
Django's test client (the whole middleware stack, the site's layout from the copy's built
site), has the outbox send the confirmation email to the SMTP server the environment names
(FORMS_SMTP_HOST, FORMS_SMTP_PORT), and opens the staff area's sign-in page with LANG as the
browser's language. It prints what the test checks, as JSON, and imports nothing of tests/.
"""

from __future__ import annotations

import json
import os
import re
import sys

import django

ANSWERS = {
    "name": "Amal Benali",
    "email": "amal@example.org",
    "topic": "project-support",
    "country": "FR",
    "message": "¿Cuándo abre la próxima convocatoria?",
}
HIDDEN = re.compile(r'type="hidden" name="(token|started)" value="([^"]+)"')


def main(lang: str) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_service.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    from forms_service import settings as loaded
    from forms_service.submissions.models import Submission
    from forms_service.worker.outbox import send_due

    call_command("migrate", verbosity=0, interactive=False)
    client = Client()
    form = client.get(f"/{lang}/forms/contact/").content.decode()
    posted = client.post(f"/{lang}/forms/contact/", {**ANSWERS, **dict(HIDDEN.findall(form))})
    received = client.get(posted["Location"]).content.decode() if posted.status_code == 303 else ""
    stored = Submission.objects.order_by("-pk").first()
    sent = send_due()
    staff = Client().get("/staff/login/", headers={"Accept-Language": lang})
    info = translation.get_language_info(lang)
    return {
        "settings_file": loaded.__file__,  # the copy's, not the project's
        "form": form,
        "posted": posted.status_code,
        "received": received,
        "stored_lang": stored.lang if stored else None,
        "reference": stored.reference if stored else None,
        "sent": list(sent),
        "staff_status": staff.status_code,
        "staff": staff.content.decode(),
        # Django's LANG_INFO (zgh's added by the settings); its translated name is lazy.
        "info": {k: v if isinstance(v, bool) else str(v) for k, v in info.items()},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
