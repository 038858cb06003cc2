"""Outputs: reading orders in several formats, the standalone graph page, the list as an awesome-list README."""
