"""The resource library (#18): the coordinators' modal, the paged list `/mentor resources`
answers with, the suggestions on a member's Home and the digest's most opened. A resource opens
from a link button (Slack still sends the click, which is counted); its title and why line are
the coordinators' words, escaped wherever they show, so that none forms a mention or a link."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    input_block,
    modal,
    option,
    plain,
    section,
)
from bot.blocks.profile import skill_list, skill_option_groups
from bot.domain import (
    RESOURCE_ANY_LANGUAGE,
    RESOURCE_LANGUAGES,
    RESOURCE_SKILLS_MAX,
    RESOURCE_TITLE_MAX,
    RESOURCE_URL_MAX,
    RESOURCE_WHY_MAX,
    RESOURCES_PER_PAGE,
    ResourceCard,
    ResourceOpens,
    ResourcePage,
)
from bot.i18n import t, tn

CONFIRM_TEXT_MAX = 300  # a confirmation dialog's text


def link(url: str, title: str) -> str:
    """Slack's link syntax for a kept (http or https) link: the title escaped, so that it can
    form no mention or broadcast, and the link's & as Slack wants it inside <...>."""
    return f"<{url.replace('&', '&amp;')}|{escape(title)}>"


def resource_modal(
    locale: str,
    callback_id: str,
    metadata: str,
    programme: str | None = None,
    current: ResourceCard | None = None,
) -> dict[str, Any]:
    """Add a resource (`current` None) or edit one: title, link, why, skills, language;
    `programme`: the library's programme, named when the workspace runs several."""
    blocks: list[Block] = []
    if programme:
        blocks.append(context(t("resources.in_programme", locale, programme=escape(programme))))
    blocks += [
        input_block(
            ids.RESOURCE_TITLE,
            t("resources.title_label", locale),
            _text(
                RESOURCE_TITLE_MAX,
                t("resources.title_placeholder", locale),
                current.title if current else None,
            ),
        ),
        input_block(
            ids.RESOURCE_URL,
            t("resources.url_label", locale),
            _text(
                RESOURCE_URL_MAX,
                t("resources.url_placeholder", locale),
                current.url if current else None,
            ),
            hint=t("resources.url_hint", locale),
        ),
        input_block(
            ids.RESOURCE_WHY,
            t("resources.why_label", locale),
            _text(
                RESOURCE_WHY_MAX,
                t("resources.why_placeholder", locale),
                current.why if current else None,
                multiline=True,
            ),
            optional=True,
        ),
        input_block(
            ids.RESOURCE_SKILLS,
            t("resources.skills_label", locale),
            _skills(current.skills if current else (), locale),
            hint=t("resources.skills_hint", locale, max=RESOURCE_SKILLS_MAX),
            optional=True,
        ),
        input_block(
            ids.RESOURCE_LANGUAGE,
            t("resources.language_label", locale),
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "options": [_language(code, locale) for code in RESOURCE_LANGUAGES],
                "initial_option": _language(current.language if current else _own(locale), locale),
            },
        ),
    ]
    editing = current is not None
    return modal(
        t(f"resources.{'edit' if editing else 'add'}_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=callback_id,
        submit=t("common.save" if editing else "resources.add_submit", locale),
        private_metadata=metadata,
    )


def resource_list(page: ResourcePage, locale: str, *, manage: bool) -> dict[str, Any]:
    """One page of the library as an ephemeral message, with Previous and Next; `manage`: the
    reader coordinates the programme (Add, and Edit and Remove on each)."""
    query = escape(page.query)
    if page.total:
        text = (
            t("resources.count_matching", locale, total=page.total, query=query)
            if page.query
            else t("resources.count_all", locale, total=page.total)
        )
    else:
        text = (
            t("resources.empty_matching", locale, query=query)
            if page.query
            else t("resources.empty_all", locale)
        )
    add = button(t("resources.add_button", locale), ids.OPEN_ADD_RESOURCE, str(page.programme_id))
    blocks: list[Block] = [
        header(t("resources.header", locale)),
        section(text, add if manage else None),
    ]
    state = f"{page.page} {page.query}"
    for card in page.resources:
        blocks.append(_item(card, locale))
        if manage:
            value = f"{card.id} {state}"
            blocks.append(
                actions(
                    button(t("resources.edit", locale), ids.EDIT_RESOURCE, value),
                    {
                        **button(
                            t("resources.remove", locale), ids.REMOVE_RESOURCE, value, "danger"
                        ),
                        "confirm": _confirm_removal(card, locale),
                    },
                )
            )
    pages = -(-page.total // RESOURCES_PER_PAGE)
    if pages > 1:
        turn = []
        if page.page > 0:
            previous = f"{page.programme_id} {page.page - 1} {page.query}"
            turn.append(button(t("resources.previous", locale), ids.RESOURCES_PAGE, previous))
        if page.has_next:
            following = f"{page.programme_id} {page.page + 1} {page.query}"
            turn.append(button(t("resources.next", locale), ids.RESOURCES_PAGE, following))
        blocks += [
            context(t("resources.page", locale, page=page.page + 1, pages=pages)),
            actions(*turn),
        ]
    blocks.append(context(t("resources.search_hint", locale)))
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}


def suggestion_blocks(resources: tuple[ResourceCard, ...], locale: str) -> list[Block]:
    """A member's suggested resources on Home; nothing when none fits them."""
    if not resources:
        return []
    return [
        divider(),
        section(f"*{t('resources.home_header', locale)}*"),
        *(_item(card, locale) for card in resources),
        context(t("resources.home_hint", locale)),
    ]


def most_opened_blocks(top: tuple[ResourceOpens, ...], locale: str) -> list[Block]:
    """The digest's most opened resources with how often (counts only); nothing when none was."""
    if not top:
        return []
    lines = [
        tn(
            "resources.digest_line",
            locale,
            count=item.opens,
            link=link(item.url, item.title),
        )
        for item in top
    ]
    heading = t("resources.digest_header", locale)
    return [section(f"*{heading}*\n" + "\n".join(f"• {line}" for line in lines))]


def _item(card: ResourceCard, locale: str) -> Block:
    """A resource: its title and why line, where it leads, what it builds, and Open."""
    about = [escape(card.host)]
    if card.skills:
        about.append(skill_list(card.skills, locale))
    if card.language != RESOURCE_ANY_LANGUAGE:
        about.append(t(f"resources.language_{card.language}", locale))
    lines = [f"*{escape(card.title)}*"]
    if card.why:
        lines.append(escape(card.why))
    lines.append(f"_{' · '.join(about)}_")
    opening = {
        **button(t("resources.open", locale), ids.OPEN_RESOURCE, str(card.id)),
        "url": card.url,
    }
    return section("\n".join(lines), opening)


def _confirm_removal(card: ResourceCard, locale: str) -> dict[str, Any]:
    return {
        "title": plain(t("resources.remove_confirm_title", locale)),
        "text": plain(
            clip(t("resources.remove_confirm_text", locale, title=card.title), CONFIRM_TEXT_MAX)
        ),
        "confirm": plain(t("resources.remove_confirm_yes", locale)),
        "deny": plain(t("resources.remove_confirm_no", locale)),
        "style": "danger",
    }


def _text(
    max_length: int, placeholder: str, value: str | None, *, multiline: bool = False
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": max_length,
        "multiline": multiline,
        "placeholder": plain(placeholder),
    }
    if value:
        element["initial_value"] = value
    return element


def _skills(chosen: tuple[str, ...], locale: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.VALUE,
        "placeholder": plain(t("resources.skills_placeholder", locale)),
        "max_selected_items": RESOURCE_SKILLS_MAX,
        "option_groups": skill_option_groups(locale),
    }
    if chosen:
        element["initial_options"] = [option(t(f"skill.{s}", locale), s) for s in chosen]
    return element


def _own(locale: str) -> str:
    """A new resource's language to start with: the coordinator's own."""
    return locale if locale in RESOURCE_LANGUAGES else RESOURCE_ANY_LANGUAGE


def _language(code: str, locale: str) -> dict[str, Any]:
    return option(t(f"resources.language_{code}", locale), code)
