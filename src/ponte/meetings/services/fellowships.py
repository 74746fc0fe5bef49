"""Writes of fellowships."""
