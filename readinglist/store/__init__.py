"""The files the library lives in: papers.bib (lossless), notes/, and the lock that guards them."""

from ..models import Problem
from .bibfile import Library, edit_library, load_library
from .notes import NoteStore

__all__ = ["Library", "NoteStore", "Problem", "edit_library", "load_library"]
