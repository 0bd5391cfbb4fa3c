"""Alerts: major-matter reporting duties, surges, grade changes, compliance hits; the outbox."""
