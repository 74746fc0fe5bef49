"""Meetings own registrations, attendance, fellowships, contributions and leadership posts; every write of the app
is a function in one of these modules (each says its rules at the top)."""

from ponte.meetings.services.registrations import (
    cancel_registration,
    confirm_paid_registrations,
    delegate_category,
    record_attendance,
    register,
    reset_calendar_feed,
)

__all__ = [
    "cancel_registration",
    "confirm_paid_registrations",
    "delegate_category",
    "record_attendance",
    "register",
    "reset_calendar_feed",
]
