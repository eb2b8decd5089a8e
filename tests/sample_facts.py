"""Facts of the built-in sample community (data/sample/) that tests rely on, in one place.

The sample is rebuilt deterministically by ``scripts/make_sample.py``; when it changes,
change these numbers (``tests/unit/data/test_sample.py`` checks each against the data).
"""

from __future__ import annotations

PARTNERS = 50
SECTORS = 11
LARGEST_SECTOR = "Victim services"
LARGEST_SECTOR_PARTNERS = 8
SERVICES = 159
RELATIONSHIPS = 80  # rows of relationships.csv
PAIRS = 72  # pairs of partners with at least one recorded relationship
PARTNERS_LEAVING_A_HOLE = 41  # partners whose departure leaves a gap or cuts the network
