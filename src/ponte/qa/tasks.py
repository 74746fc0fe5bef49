"""Background jobs of the Standards Q&A: they only call services."""

from __future__ import annotations

from celery import shared_task

from ponte.qa import services


@shared_task(acks_late=True)
def notify_experts_of_question(question_id: int) -> int:
    """Email the group's experts a notice of a new question (once per question, see the service)."""
    return services.notify_experts(question_id=question_id)


@shared_task(acks_late=True)
def remind_leadership_of_unanswered() -> int:
    """Email the groups' leaders the questions waiting too long for an answer (each question once)."""
    return services.remind_leadership_of_unanswered()
