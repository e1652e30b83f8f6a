"""The invitation as an iCalendar file (RFC 5545), for the participant's own calendar.

It carries the meeting's title, time, place or video link and a link to the
meeting in Rød tråd, never who the meeting is about: calendars are shared,
synchronised and read on phones.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from rodtrad.teams.actions import site_link
from rodtrad.teams.models import Meeting, MeetingStatus


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Rød tråd//Møter//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "PUBLISH")
    event = Event()
    link = site_link(reverse("teams:meeting", args=[meeting.pk]))
    event.add("uid", f"meeting-{meeting.pk}@rodtrad")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    event.add("location", meeting.place or meeting.video_link)
    event.add("url", meeting.video_link or link)
    description = link if not meeting.video_link else f"{meeting.video_link}\n\n{link}"
    event.add("description", description)
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
