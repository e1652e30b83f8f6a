"""Who may see and do what: the one place every view, API endpoint, export and
query asks. `registers` covers the administrators' registers, `cases` the
relay logs, consent, emergency access and the access log.

Denied looks like "does not exist": callers turn NotFound, None or an empty
queryset into 404, never 403, so nobody learns that a child exists.
"""

from rodtrad.policy.cases import (
    Action,
    CaseAccess,
    Reason,
    can,
    can_register_consent,
    can_view_access_log,
    case_access,
    get_case_for,
    get_child_basic_for,
    member_unit_ids,
    visible_cases,
    visible_children,
)
from rodtrad.policy.registers import (
    MANAGE_REGISTERS,
    NotFound,
    administered_municipality_ids,
    can_manage_account,
    can_manage_registers,
    get_child_for,
    get_employee_for,
    get_enrolment_for,
    get_family_for,
    get_guardian_for,
    get_municipality_for,
    get_unit_for,
    require_manage_registers,
    scope_employees,
    scope_registers,
)

__all__ = [
    "MANAGE_REGISTERS",
    "Action",
    "CaseAccess",
    "NotFound",
    "Reason",
    "administered_municipality_ids",
    "can",
    "can_manage_account",
    "can_manage_registers",
    "can_register_consent",
    "can_view_access_log",
    "case_access",
    "get_case_for",
    "get_child_basic_for",
    "get_child_for",
    "get_employee_for",
    "get_enrolment_for",
    "get_family_for",
    "get_guardian_for",
    "get_municipality_for",
    "get_unit_for",
    "member_unit_ids",
    "require_manage_registers",
    "scope_employees",
    "scope_registers",
    "visible_cases",
    "visible_children",
]
