"""The first version of the practice-theme vocabulary (docs/outcomes.md). Loaded by migration 0002; a business
manager cannot edit codes (they are shared across cases so recurring themes can be counted), but a new version
can be added by a migration that cites its source."""

from __future__ import annotations

VOCABULARY_VERSION = "2025-1"
SOURCE = (
    "Child Safeguarding Practice Review Panel annual reports (cross-cutting practice themes) and the "
    "national review 'Child Protection in England' (May 2022); Hampshire SCP perennial practice challenges"
)
THEMES: tuple[tuple[str, str], ...] = (
    ("information_sharing", "Information sharing and seeking"),
    ("risk_assessment", "Risk assessment, critical thinking and challenge"),
    ("voice_of_child", "The child's daily lived experience and voice"),
    ("reluctant_parents", "Engaging reluctant or avoidant parents"),
    ("wider_family", "Listening to the wider family"),
    ("domestic_abuse_practice", "Domestic abuse practice"),
    ("multi_agency_processes", "Triggering multi-agency child protection processes (strategy discussions)"),
    ("leadership", "Leadership and organisational conditions"),
    ("professional_curiosity", "Professional curiosity"),
    ("escalation", "Resolution and escalation"),
    ("disproportionality", "Disproportionality, race, ethnicity and culture"),
    ("supervision", "Supervision"),
    ("invisible_men", "Men and fathers unseen by agencies"),
)
