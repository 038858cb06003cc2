"""papers.bib in git: a three-way merge by entry and field, a reviewer's diff, and the git wiring for both."""
