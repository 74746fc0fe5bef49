"""Ponte: the engagement platform for standardization and development work."""

from ponte.tasks import app as celery_app

__all__ = ["celery_app"]
