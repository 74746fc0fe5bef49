"""Writes of contributions."""
