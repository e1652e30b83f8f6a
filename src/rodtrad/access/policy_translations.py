"""Strings of rodtrad.policy shown on the access pages ("Why do I have
access?"). The policy is a module, not an app, so it has no catalogue of its
own: they are listed here only so that makemessages copies them into this
app's catalogue. tests/access/test_translations.py checks that every reason
the policy can give has a bokmål text. Nothing imports this."""

from django.utils.translation import gettext_noop

POLICY_STRINGS = (
    gettext_noop("You hold the baton for this relay log."),
    gettext_noop("You lead the unit of the baton holder."),
    gettext_noop(
        "Your unit takes part in this relay log, and the family's consent covers your unit."
    ),
    gettext_noop("You have emergency access with a written reason, until it expires."),
    gettext_noop("You have been offered the baton for this relay log."),
    gettext_noop(
        "The relay log is referred to a team you are a member of, and the family's consent "
        "for team discussion covers your unit."
    ),
    # The relay log's name and levels (rodtrad.cases), shown on these pages too.
    gettext_noop("Relay log"),
    gettext_noop("Level 0: wondering and concern"),
    gettext_noop("Level 1: measures in own service"),
    gettext_noop("Level 2: simple interdisciplinary collaboration"),
    gettext_noop("Level 3: broad interdisciplinary collaboration"),
)
