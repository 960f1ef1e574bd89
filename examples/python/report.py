# SPDX-License-Identifier: MIT
"""Example for `aurelis analyze`: a clean report generator (parameterised SQL, no shell,
sets for membership, a list joined once)."""
import sqlite3


def totals_by_region(conn: sqlite3.Connection, year: int) -> dict:
    cur = conn.cursor()
    cur.execute("SELECT region, SUM(amount) FROM sales WHERE year = ? GROUP BY region", (year,))
    return dict(cur.fetchall())


def render(totals: dict) -> str:
    seen = set()
    lines = []
    for region, amount in sorted(totals.items()):
        if region in seen:
            continue
        seen.add(region)
        lines.append(f"{region:<20} {amount:>12,.2f}")
    return "\n".join(lines)
