"""readinglist: a bilingual annotated paper library kept as plain BibTeX, explored as a lineage graph."""

__version__ = "0.1.0"
