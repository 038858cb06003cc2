"""The API adapters (Semantic Scholar, arXiv) and the on-disk response cache; only this package imports them."""
