"""The one Jinja2 environment: templates from styles/templates, autoescaped, strict.

Templates are read through ``publish.files``, so a task running on a worker of a cluster renders the
templates it carried (``StyleLoader``)."""
from __future__ import annotations

import posixpath
from functools import lru_cache

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape

from publish import files
from publish.paths import TEMPLATES


class StyleLoader(BaseLoader):
    """Templates below styles/templates, read through ``publish.files``; reloaded when they change."""

    def get_source(self, environment, template):
        name = posixpath.normpath(template)
        if name.startswith(("..", "/")):
            raise TemplateNotFound(template)
        path = TEMPLATES / name
        try:
            source = files.read_text(path)
        except OSError:
            raise TemplateNotFound(template) from None
        stamp = files.stamp(path)
        return source, str(path), lambda: files.stamp(path) == stamp


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=StyleLoader(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
