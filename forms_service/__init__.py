"""The forms service: receives submissions, stores them durably, lets staff review them."""
