"""The ceiling of bench/bench_submissions.py: a Django project of one view that reads the
contact form's post, inserts one row into the submissions' table and commits it, with the
forms service's own database settings (SQLite's pragmas, or PostgreSQL), then answers 303.
No middleware, no form, no rate limits, no email: what any durable Django view costs under
the same gunicorn, workers and clients. Only the benchmark runs it; no URLconf of the
service mounts it."""
