"""The worker: what the service does outside requests, draining the queues the other apps
fill. `forms-service send_outbox` sends the outbox's emails, commits the approved records to
the data repository and clears pending files; `forms-service notify` queues the alerts and
sends them at once.

It is the top of the apps: it may import any of them, and none imports it, so that the
queues' rows (submissions' models), the approvals that fill them (staff) and the alerts
never depend on how they are sent.
"""
