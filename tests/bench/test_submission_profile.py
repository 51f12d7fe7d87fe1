"""bench/submission_profile.py runs against the service as it is: CI runs the submissions
benchmark after the suite, and a post the service now refuses (a form token of another
shape, a field renamed) must fail here first, not at the end of a CI run."""

from __future__ import annotations

from bench import bench_submissions


def test_the_profile_posts_the_contact_form_as_the_service_takes_it() -> None:
    run = bench_submissions.profile_one(count=10)  # each post asserted a 303 (received)
    # One transaction: the rate count, the submission, its confirmation email, nothing else.
    assert run["sql"] == [
        "BEGIN IMMEDIATE",
        'INSERT INTO "submissions_ratecount" (counter,',
        'INSERT INTO "submissions_submission" ("reference",',
        'INSERT INTO "submissions_email" ("submission_id",',
        "COMMIT",
    ]
    assert run["cpu_ms"] > 0
    assert run["parts_ms"]["commit"] > 0 and run["parts_ms"]["form checked"] > 0


def test_the_bare_view_profile_runs_on_the_services_database() -> None:
    run = bench_submissions.profile_one(bench_submissions.BARE, count=10)
    assert run["sql"][0] == "BEGIN IMMEDIATE" and run["sql"][-1] == "COMMIT"
    assert run["queries"] == 3
