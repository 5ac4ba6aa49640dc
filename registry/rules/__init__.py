"""Rules of the domain: pure functions of plain values, tested without a database."""
