"""edition: a static documentary-edition generator.

The pipeline is a chain of pure stages: :mod:`edition.ingest` (raw text to
model), :mod:`edition.link` (markers, notes, abbreviations), :mod:`edition.data`
(the YAML), orchestrated by :mod:`edition.builder` and driven by :mod:`edition.cli`.
"""

__version__ = "0.1.0"
