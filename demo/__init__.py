"""Demo data for `manage.py seed_demo`: a province that looks real (former Hậu Giang, now Cần Thơ).

- `names`, `trades`: word lists (people, brands, hamlets) and the rural industries of the area
  with their recognised craft villages;
- `identifiers`: tax codes, personal IDs and phone numbers that pass the portal's validators;
- `establishments`, `plans`, `catalogue`, `projects`, `ledger`: pure-Python generators driven
  by fixed seeds, so every run produces the same rows (money is sized with programs.ceilings);
- `accounts`, `bulk`, `writer`: the only modules that touch the database (bulk inserts,
  existing rows found by natural keys).

Every name, decision number and story here is invented for the demo; the figures follow the
orders of magnitude of ../shared/DOMAIN.md §5.3 and §7.1.
"""
