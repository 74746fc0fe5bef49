"""Meetings as RFC 5545 iCalendar (``icalendar``): an attachment to confirmations, and feeds per group and person.

Meetings last whole days, so events are all-day (DTEND is the day after the
last day, as RFC 5545 says); the title is in the reader's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ponte.meetings.models import Meeting

PRODID = "-//Ponte//Meetings//EN"


def _location(meeting: Meeting) -> str:
    if meeting.is_virtual:
        return _("Online")
    place = f"{meeting.city}, {meeting.country.name}" if meeting.country else meeting.city
    return place + (f" ({_('and online')})" if meeting.is_hybrid else "")


def meeting_event(meeting: Meeting, *, site: str = "") -> Event:
    event = Event()
    event.add("uid", f"{meeting.code}@{settings.PONTE_CALENDAR_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_on)
    event.add("dtend", meeting.ends_on + datetime.timedelta(days=1))
    event.add("summary", f"{meeting.group}: {meeting.title}")
    event.add("location", _location(meeting))
    if site:
        event.add("url", site + meeting.get_absolute_url())
    return event


def calendar_of(meetings: Iterable[Meeting], *, name: str, site: str = "") -> bytes:
    """A VCALENDAR with one all-day VEVENT per meeting."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, site=site))
    data: bytes = calendar.to_ical()
    return data
