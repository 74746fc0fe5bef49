"""Ponte's benchmark: a seeded generator of a large dataset on PostgreSQL and timed measurements (``make bench``).

Not part of the test suite: ``pytest`` collects ``tests/`` only, and nothing here asserts a time.
"""
