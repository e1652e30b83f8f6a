"""Audit codes in words a family understands: what was done, and why."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

ACTION_LABELS: dict[str, StrOrPromise] = {
    "case.read": _("Opened the relay log"),
    "case.write": _("Wrote in the relay log"),
    "case.manage": _("Changed the relay log (level, baton holder or status)"),
    "case.denied": _("Tried to open (refused)"),
    "case.answer_handover": _("Answered an offer of the baton"),
    "case.discuss": _("Discussed the relay log in a team"),
    "case.opened": _("Started a relay log"),
    "case.entry_added": _("Wrote in the relay log"),
    "case.measure_added": _("Added a measure"),
    "case.evaluation_added": _("Added an evaluation"),
    "case.leader_review_requested": _("Asked the leader to look at the relay log"),
    "case.leader_decision": _("Made the leader's decision"),
    "case.handover_offered": _("Offered the baton to someone else"),
    "case.handover_accepted": _("Took over the baton"),
    "case.handover_declined": _("Declined the baton"),
    "case.handover_withdrawn": _("Withdrew the offer of the baton"),
    "case.closed": _("Closed the relay log"),
    "case.reopened": _("Reopened the relay log"),
    "case.printed": _("Printed the relay log"),
    "case.listed": _("Saw the relay log in a list"),
    "child.read": _("Opened the child's register entry"),
    "child.read_basic": _("Opened the child's name, birth date and units"),
    "child.searched": _("Found the child in a search"),
    "child.listed": _("Saw the child in a list of the register"),
    "guardian.listed": _("Saw a guardian of the child in a list of the register"),
    "family.listed": _("Saw the child's family in a list of the register"),
    "enrolment.listed": _("Saw the kindergarten or school place in a list of the register"),
    "referral.listed": _("Saw the relay log referred to a team, in a list"),
    "child.created": _("Registered the child"),
    "child.updated": _("Changed the child's register entry"),
    "enrolment.created": _("Registered a kindergarten or school place"),
    "enrolment.updated": _("Changed a kindergarten or school place"),
    "consent.read": _("Looked at the consents"),
    "consent.registered": _("Registered a consent"),
    "consent.refused": _("Registered that consent was refused"),
    "consent.withdrawn": _("Registered that a consent was withdrawn"),
    "access.emergency_granted": _("Used emergency access"),
    "report.read": _("Opened a report of concern to child welfare"),
    "report.denied": _("Tried to open a report of concern (refused)"),
    "report.sent": _("Sent a report of concern to child welfare"),
    "report.printed": _("Printed a report of concern"),
    "access.emergency_read": _("Looked at a use of emergency access"),
    "audit.access_log_read": _("Looked at the access log"),
    "audit.access_log_denied": _("Tried to look at the access log (refused)"),
}

# Codes other features add later still get a sensible label by their prefix.
PREFIX_LABELS: dict[str, StrOrPromise] = {
    "case": _("Worked in the relay log"),
    "child": _("Worked with the child's register entry"),
    "consent": _("Worked with the consents"),
    "access": _("Emergency access"),
    "report": _("Worked with a report of concern to child welfare"),
    "team": _("Worked with a team discussion"),
}
OTHER_ACTION = _("Other processing")

REASON_LABELS: dict[str, StrOrPromise] = {
    "baton_holder": _("Baton holder"),
    "holder_unit_leader": _("Leader of the baton holder's unit"),
    "consented_unit": _("Unit covered by the family's consent"),
    "emergency": _("Emergency access"),
    "handover_offered": _("Offered the baton"),
    "team_referral": _("Member of a team the relay log is referred to, with consent"),
    "enrolled_unit": _("The child attends the employee's unit"),
    "registers.manage": _("Administrator of the municipality's registers"),
    "access_log": _("Follows up the child's relay log or registers"),
    "unit_leader": _("Leader of the unit"),
    "basic_identity": _("Works where the child is enrolled, or with the child's relay log"),
    "search": _("Search"),
    "mine_saker": _("May open the relay log (the list Mine saker)"),
    "visible_cases": _("May open the relay log"),
    "duty_to_report": _("Duty to report to child welfare"),
    "receiving_unit": _("Child welfare service that received the report"),
    "reporter": _("Sent the report"),
    "reporter_unit_leader": _("Leader of the reporter's unit"),
}
NO_ACCESS = _("No access")
NOT_RECORDED = "–"


def action_label(code: str) -> StrOrPromise:
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    return PREFIX_LABELS.get(code.split(".", 1)[0], OTHER_ACTION)


def reason_label(code: str, action: str = "") -> StrOrPromise:
    if not code:
        return NO_ACCESS if action.endswith("denied") else NOT_RECORDED
    return REASON_LABELS.get(code, code)
