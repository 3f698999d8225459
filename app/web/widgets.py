"""GOV.UK form widgets whose HTML is remembered for the same parameters.

A govuk-frontend-wtf widget renders a GOV.UK Frontend macro (radios, for example) through
Jinja on every call. The macros are heavy: the 0–5 scale with "I don't know" costs about 4 ms
to render, on every question a workshop participant opens, which is most of the page's time
when 200 people answer at once. The HTML depends only on the widget's template and its
parameters (label, hint, items, which item is checked, the error message), so it is kept in a
bounded table, keyed by those parameters, and rendered once per distinct set.

Only widgets whose parameters take few distinct values should use this (radios with a fixed
scale, buttons, an empty text box); a text box holding what someone typed is rendered afresh.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from markupsafe import Markup

#: How many distinct renderings are kept; beyond it, new ones are rendered and not kept.
LIMIT = 4096

_kept: dict[str, Markup] = {}
_lock = threading.Lock()


def _key_part(value: Any) -> Any:
    """Parameters as plain JSON, telling markup (printed as is) from text (escaped) apart."""
    if isinstance(value, Markup):
        return {"markup": str(value)}
    if isinstance(value, dict):
        return {str(k): _key_part(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_key_part(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return {"repr": repr(value)}


class _Remembered:
    template: str

    def worth_keeping(self, params: dict) -> bool:
        return True

    def render(self, params: dict) -> Markup:
        if not self.worth_keeping(params):
            return super().render(params)  # type: ignore[misc]
        key = self.template + "\n" + json.dumps(_key_part(params), sort_keys=True)
        html = _kept.get(key)
        if html is None:
            html = super().render(params)  # type: ignore[misc]
            with _lock:
                if len(_kept) < LIMIT:
                    _kept[key] = html
        return html


class RememberedRadioInput(_Remembered, GovRadioInput):
    """GovRadioInput, rendered once per distinct label, items, choice and error."""


class RememberedSubmitInput(_Remembered, GovSubmitInput):
    """GovSubmitInput, rendered once per distinct button."""


class RememberedCharacterCount(_Remembered, GovCharacterCount):
    """GovCharacterCount, remembered only while empty: what people type is theirs alone."""

    def worth_keeping(self, params: dict) -> bool:
        return not params.get("value")


def forget_all() -> None:
    """Empty the table (for tests that change templates)."""
    with _lock:
        _kept.clear()
