"""The bokmål catalogues: complete, and one wording per message.

Django merges the apps' catalogues and the first app wins, so two apps that
translate the same English text differently would make the UI say one thing
here and another there."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation.trans_real import translation

import rodtrad

SOURCE = Path(rodtrad.__file__).parent
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n?)+)', re.M
)


def _join(quoted: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted.strip().splitlines())


def entries() -> list[tuple[str, str, str, bool]]:
    """(app, msgid, msgstr, fuzzy) for every entry of every bokmål catalogue."""
    found = []
    for po in sorted(SOURCE.glob("*/locale/nb/LC_MESSAGES/django.po")):
        app = po.parts[-5]
        for block in po.read_text(encoding="utf-8").split("\n\n"):
            match = ENTRY.search(block + "\n")
            if match and _join(match.group(1)):
                found.append(
                    (app, _join(match.group(1)), _join(match.group(2)), "#, fuzzy" in block)
                )
    return found


def test_every_message_is_translated() -> None:
    missing = [
        f"{app}: {msgid!r}" for app, msgid, msgstr, fuzzy in entries() if fuzzy or not msgstr
    ]
    assert missing == []


def test_no_two_apps_translate_a_message_differently() -> None:
    wordings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app, msgid, msgstr, _fuzzy in entries():
        wordings[msgid][msgstr].append(app)
    conflicts = {msgid: dict(w) for msgid, w in wordings.items() if len(w) > 1}
    assert conflicts == {}


def test_every_label_of_a_model_is_in_the_bokmal_catalogue() -> None:
    """Forms and the admin show the models' labels; makemessages cannot refresh the
    catalogues (it misses the texts inside f-strings), so a new field's label can be
    left out of them and show in English."""
    # the apps' catalogues merged (private: django-stubs leaves _catalog out)
    catalogue = translation("nb")._catalog  # type: ignore[attr-defined]
    labels = [
        # the lazy text's msgid (private: django-stubs' Promise has no _args)
        (model.__name__, str(label._args[0]))  # type: ignore[attr-defined]
        for model in apps.get_models()
        if model.__module__.startswith("rodtrad.")
        for label in (
            model._meta.verbose_name,
            model._meta.verbose_name_plural,
            *(getattr(field, "verbose_name", None) for field in model._meta.get_fields()),
        )
        if isinstance(label, Promise)
    ]
    assert labels
    assert [label for label in labels if label[1] not in catalogue] == []
