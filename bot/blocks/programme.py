"""The programme panel at the top of a coordinator's Home tab: health in numbers, the
settings in a line, and the coordinator's buttons."""

from __future__ import annotations

from bot import ids
from bot.blocks.circle_home import circle_numbers
from bot.blocks.common import Block, actions, button, context, header, labelled, section
from bot.domain import CoordinatorPanel
from bot.i18n import t, tn


def coordinator_blocks(panel: CoordinatorPanel, locale: str) -> list[Block]:
    figures, chosen = panel.figures, panel.settings
    met = f"{figures.met_percent} %" if figures.met_percent is not None else "-"
    numbers = [
        (t("programme.active", locale), str(figures.active)),
        *(
            circle_numbers(figures, locale)
            if figures.circles is not None
            else [
                (t("programme.groups", locale), str(figures.groups)),
                (t("programme.met", locale), met),
                (t("programme.checkins", locale), str(figures.checkins)),
                (t("programme.at_risk", locale), str(len(figures.at_risk))),
                (t("programme.unpaired", locale), str(len(figures.unpaired))),
            ]
        ),
        (t("programme.feedback", locale), str(figures.feedback.answers)),
        (t("programme.kudos", locale), str(figures.kudos)),
    ]
    if chosen.digest_every_weeks and chosen.digest_channel:
        digest = t(
            f"programme.digest_every_{chosen.digest_every_weeks}",
            locale,
            weekday=t(f"settings.weekday_{chosen.digest_weekday}", locale),
            hour=f"{chosen.digest_hour:02d}:00",
            channel=f"<#{chosen.digest_channel}>",
            zone=chosen.time_zone,
        )
    else:
        digest = t("programme.digest_on_demand", locale)
    title = (
        t("programme.header_of", locale, programme=panel.name)
        if panel.name
        else t("programme.header", locale)
    )
    value = None if panel.programme_id is None else str(panel.programme_id)
    return [
        header(title),
        {
            "type": "section",
            "fields": [labelled(label, value) for label, value in numbers],
        },
        context(
            tn(
                "programme.rhythm",
                locale,
                count=chosen.cadence_days,
                hour=f"{chosen.send_hour:02d}:00",
            ),
            digest,
            tn(
                "programme.defaults",
                locale,
                mode=t(f"mode.{chosen.round_defaults.mode}", locale),
                size=t(f"pair.size_{chosen.round_defaults.group_size}", locale),
                count=chosen.round_defaults.round_weeks,
                language=t(f"settings.language_{chosen.locale or locale}", locale),
            ),
        ),
        actions(
            *(
                (  # circles are made or formed, never paired in rounds
                    button(t("circle_form.title", locale), ids.CIRCLE_FORM_OPEN, value, "primary"),
                    button(t("circles.new_button", locale), ids.CIRCLES_OPEN_NEW, value),
                )
                if figures.circles is not None
                else (button(t("programme.run_round", locale), ids.OPEN_ROUND, value, "primary"),)
            ),
            button(t("programme.post_digest", locale), ids.POST_DIGEST, value),
            button(t("programme.export", locale), ids.EXPORT, value),
            button(t("programme.settings", locale), ids.OPEN_SETTINGS, value),
            button(t("resources.add_button", locale), ids.OPEN_ADD_RESOURCE, value),
            button(t("guide.edit_button", locale), ids.OPEN_GUIDE_EDITOR, value),
        ),
        *_requests(panel, locale),
    ]


REQUESTS_SHOWN = 3  # on Home; the rest wait in the coordinators' DMs


def _requests(panel: CoordinatorPanel, locale: str) -> list[Block]:
    """Requests to join waiting for an answer, each with Approve / Decline."""
    if not panel.requests or panel.programme_id is None:
        return []
    blocks: list[Block] = [context(t("programme.requests", locale, count=len(panel.requests)))]
    for user in panel.requests[:REQUESTS_SHOWN]:
        value = f"{panel.programme_id}:{user}"
        blocks += [
            section(t("programme.request_from", locale, user=f"<@{user}>")),
            actions(
                button(t("enrolment.approve", locale), ids.APPROVE_JOIN, value, "primary"),
                button(t("enrolment.decline", locale), ids.DECLINE_JOIN, value),
            ),
        ]
    return blocks
