"""The logged-in employee is read with their seats and unread count in one query
(accounts.backends): what every page asks next comes along, and stays right."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rodtrad import policy
from rodtrad.accounts import sessions
from rodtrad.accounts.backends import ModelBackend
from rodtrad.accounts.models import User
from rodtrad.notifications.actions import do_mark_read, do_notify
from rodtrad.notifications.models import Notification
from rodtrad.notifications.unread import unread_count
from rodtrad.organisation.models import Membership, Role, Unit


def read_back(user: User) -> User:
    found = ModelBackend().get_user(user.pk)
    assert found is not None
    return found


def test_the_seats_come_with_the_user_and_match_the_policys_own_query(
    employee: User, kindergarten: Unit, other_kindergarten: Unit
) -> None:
    Membership.objects.create(user=employee, unit=other_kindergarten, role=Role.LEADER)

    with CaptureQueriesContext(connection) as queries:
        user = read_back(employee)
        seats = policy.seats(user)
    fresh = User.objects.get(pk=employee.pk)  # without them: the policy asks itself

    assert len(queries) == 1
    assert seats == policy.seats(fresh)
    assert {(seat.unit_id, seat.role) for seat in seats} == {
        (kindergarten.pk, Role.EMPLOYEE),
        (other_kindergarten.pk, Role.LEADER),
    }
    assert policy.led_unit_ids(user) == {other_kindergarten.pk}


def test_an_employee_without_a_unit_has_no_seats(employee: User) -> None:
    Membership.objects.filter(user=employee).delete()

    assert policy.seats(read_back(employee)) == ()


def test_the_unread_count_comes_with_the_user_and_follows_changes_in_the_request(
    employee: User,
) -> None:
    do_notify([employee], kind="access.emergency_granted", title="Emergency access")
    do_notify([employee], kind="access.emergency_granted", title="Emergency access")
    user = read_back(employee)

    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user) == 2
    assert len(queries) == 0

    first = Notification.objects.filter(recipient=user).order_by("pk").first()
    assert first is not None
    do_mark_read(user, first.pk)
    assert unread_count(user) == 1
    do_notify([user], kind="access.emergency_granted", title="Emergency access")
    assert unread_count(user) == 2
    do_mark_read(user)
    assert unread_count(user) == 0


def test_a_deactivated_employee_is_not_read_back(employee: User) -> None:
    User.objects.filter(pk=employee.pk).update(is_active=False)

    assert ModelBackend().get_user(employee.pk) is None


def test_request_user_is_the_user_itself_once_read(employee: User, employee_client: Client) -> None:
    # Through Django's lazy object every attribute of the user cost ~3 µs.
    response = employee_client.get("/")

    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user.pk == employee.pk


def test_an_anonymous_request_has_the_anonymous_user_itself(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert type(response.wsgi_request.user) is AnonymousUser


def reads_of_the_user(client: Client, path: str = "/varsler/") -> list[str]:
    """The statements of one page that read the session or the logged-in user."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"] or "FROM accounts_user account" in query["sql"]
    ]


def test_the_employee_comes_with_the_session_in_one_statement(employee_client: Client) -> None:
    (statement,) = reads_of_the_user(employee_client)

    assert "django_session" in statement and "accounts_user" in statement


def test_a_wrong_guess_of_whose_session_it_is_reads_the_right_employee(
    employee: User, admin_user: User, employee_client: Client
) -> None:
    key = employee_client.session.session_key
    assert key is not None
    sessions._user_of_session[key] = admin_user.pk

    assert len(reads_of_the_user(employee_client)) == 2
    response = employee_client.get("/varsler/")
    assert response.wsgi_request.user.pk == employee.pk
    assert "Kari Testesen" in response.content.decode()
    assert len(reads_of_the_user(employee_client)) == 1  # learnt again


def test_logging_out_forgets_whose_the_session_was(employee_client: Client) -> None:
    key = employee_client.session.session_key
    assert key in sessions._user_of_session

    employee_client.post("/logg-ut/")

    assert key not in sessions._user_of_session


def test_a_sessions_data_is_read_once_and_each_request_gets_its_own_copy() -> None:
    store = sessions.SessionStore()
    data = store.encode({"_auth_user_id": "7", "note": "a"})

    first = store.decode(data)
    first["note"] = "changed in place"

    assert store.decode(data) == {"_auth_user_id": "7", "note": "a"}
    assert data in sessions._decoded


def test_a_session_of_values_that_can_change_in_place_is_read_each_time() -> None:
    store = sessions.SessionStore()
    data = store.encode({"_auth_user_id": "7", "seen": ["a"]})

    store.decode(data)["seen"].append("b")

    assert store.decode(data) == {"_auth_user_id": "7", "seen": ["a"]}
    assert data not in sessions._decoded


def test_tampered_session_data_is_an_empty_session() -> None:
    store = sessions.SessionStore()
    data = store.encode({"_auth_user_id": "7"})
    tampered = data.replace(data[3], "x" if data[3] != "x" else "y", 1)

    assert store.decode(tampered) == {}
    assert tampered not in sessions._decoded
