"""Value types of forming circles, shared by the service that drafts and confirms a formation
and the blocks that show it (plain values: rendering never touches the database)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import CIRCLE_SIZES

TOPICS_MAX = 10  # the topics one formation may have
MAX_CIRCLES_MAX = 20  # the most circles a topic may be limited to


@dataclass(frozen=True)
class FormTopic:
    """A topic the coordinator gave: its name, the skills of the catalogue it is about, its
    circles' sizes and how many circles it may form (None: as many as its demand fills)."""

    name: str
    skills: tuple[str, ...]
    min_size: int = CIRCLE_SIZES[0]
    max_size: int = CIRCLE_SIZES[1]
    max_circles: int | None = None


@dataclass(frozen=True)
class FormOptions:
    topics: tuple[FormTopic, ...]
    fill_open: bool = False  # also fill the programme's open circles with room


@dataclass(frozen=True)
class PlacementView:
    """Why someone is in a circle of the preview: the topic's skills they want and the fewest
    hours they share with any other member (None: a time zone unknown)."""

    user_id: str
    skills: tuple[str, ...]
    shared_hours: float | None
    first_in_line: bool
    new: bool  # joins the circle now (False: already in the open circle it fills)


@dataclass(frozen=True)
class CirclePreview:
    topic: str
    circle_id: int | None  # the open circle it fills; None: a new circle
    common_hours: float | None  # the hours every member can meet (None: none known)
    placements: tuple[PlacementView, ...]  # in the order of their turn to facilitate

    @property
    def newcomers(self) -> tuple[PlacementView, ...]:
        return tuple(p for p in self.placements if p.new)


@dataclass(frozen=True)
class FormPreview:
    draft_id: str
    circles: tuple[CirclePreview, ...]
    unplaced: tuple[tuple[str, str], ...]  # (user, a CircleWaitReason value)
    fit: float  # the result's value against the best any could be, 0..1
