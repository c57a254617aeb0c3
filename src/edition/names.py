"""Personal names as BibTeX writes them: ``Family, Given and Other, Name``."""

from __future__ import annotations

import re

from edition.model import Name

_AND = re.compile(r"\s+and\s+(?![^{]*\})")
# A name with a preposition or article in it, or of five words or more, is a body.
_BODY = re.compile(r"\s(?:of|for|on|the|de|du)\s|^(?:\S+\s+){4,}\S+$", re.IGNORECASE)


def parse_names(value: str) -> tuple[Name, ...]:
    """The names of a BibTeX name list; ``and others`` becomes ``Name("others")``.

    ``{Body Name}`` in braces is one name kept whole (a body, or a name to be
    written as it stands); ``Family, Given`` and ``Given Family`` are both read.
    """
    names: list[Name] = []
    for part in _AND.split(value.strip()) if value.strip() else []:
        part = part.strip()
        if part.startswith("{") and part.endswith("}"):
            names.append(Name(part[1:-1]))
        elif _BODY.search(part) and "," not in part:
            names.append(Name(part))  # "CCP Central Institute of Historical Documents": a body
        elif "," in part:
            family, given = part.split(",", 1)
            names.append(Name(family.strip().strip("{}"), given.strip().strip("{}")))
        elif " " in part:
            given, family = part.rsplit(" ", 1)
            names.append(Name(family.strip("{}"), given.strip("{}")))
        else:
            names.append(Name(part.strip("{}")))
    return tuple(names)
