"""Writes of leadership."""
