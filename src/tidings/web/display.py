"""How values read on a page: labels for codes, numbers, links, and the Jinja2 environment that has them.

Templates only format; every label comes from the tables the coder uses (the CAMEO codebook, country
and role tables, the analysis package's QuadClass names), so a page and a download never disagree.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates

from tidings.analysis.dyads import QUAD_LABELS
from tidings.model import MODES
from tidings.ontology import actor_types, cameo_countries, event_type_or_user, split_actor_code
from tidings.web.filters import SORTS, plover_types


def quad_label(quad: Any) -> str:
    return QUAD_LABELS.get(quad, "")


def code_label(code: Any) -> str:
    """The CAMEO label of an event code ("user-defined code" for one a user's dictionary added)."""
    return event_type_or_user(str(code)).label if code else ""


def actor_label(code: Any) -> str:
    """``EGYGOV`` → "Egypt · Government" from the CAMEO tables; "" when the code is not country + role."""
    if not code:
        return ""
    country, role = split_actor_code(str(code))
    if country is None:
        return ""
    parts = [cameo_countries().get(country, country)]
    if role:
        parts.append(actor_types().get(role, role))
    return " · ".join(parts)


def number(value: Any, digits: int = 1) -> str:
    """``1,234`` for counts, ``-2.5`` for scores, an en dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else f"{value:,}"


def query_string(params: dict[str, Any], **extra: Any) -> str:
    """``params`` with ``extra`` as a URL query string, for links in templates (None values left out)."""
    return urlencode({k: v for k, v in {**params, **extra}.items() if v is not None})


def make_templates(folder: Path) -> Jinja2Templates:
    """The page templates with the filters and names above (autoescaping on, as Starlette sets it)."""
    templates = Jinja2Templates(directory=str(folder))
    templates.env.filters.update(quad_label=quad_label, code_label=code_label, number=number, actor_label=actor_label)
    templates.env.globals.update(
        modes=MODES, sorts=tuple(SORTS), quads=QUAD_LABELS, plover_types=plover_types, urlencode=urlencode,
        qs=query_string,
    )  # fmt: skip
    return templates
