"""What a parallel process's constraint on the local review can block. Pure (no Django), so the local review's
step rules (local_reviews/steps.py) can name the same codes."""

from __future__ import annotations

from safeguarding_reviews.core.choices import TextChoices


class Block(TextChoices):
    FAMILY_CONTACT = "family_contact", "Contact with the family"
    PRACTITIONER_EVENT = "practitioner_event", "Practitioner event and interviews"
    DRAFT_SHARING = "draft_sharing", "Sharing the draft report"
    PUBLICATION = "publication", "Publication"
