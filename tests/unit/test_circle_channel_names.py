"""A circle's channel is named after its topic by Slack's rules."""

from __future__ import annotations

import pytest

from bot.jobs.circle_channels import channel_name, name_candidates


@pytest.mark.parametrize(
    ("topic", "name"),
    [
        ("Leading through change", "circle-leading-through-change"),
        ("Ledarskap & Återkoppling", "circle-ledarskap-aterkoppling"),
        ("Öppna möten för ALLA!", "circle-oppna-moten-for-alla"),
        ("Straße, Ærø und Łódź", "circle-strasse-aero-und-lodz"),
        ("v2.0: data_science", "circle-v2-0-data_science"),
        ("  --Ideas--  ", "circle-ideas"),
        ("???", "circle-7"),
        ("会议", "circle-7"),
    ],
)
def test_a_name_is_lowercase_letters_digits_hyphens_and_underscores(topic: str, name: str):
    assert channel_name(topic, 7) == name


def test_a_name_and_its_numbered_alternatives_stay_within_80_characters():
    base = channel_name("word " * 40, 7)
    assert len(base) <= 80 and not base.endswith("-")
    names = list(name_candidates(base))
    assert names[0] == base and names[1].endswith("-2") and names[-1].endswith("-20")
    assert all(len(name) <= 80 for name in names)
    assert len(set(names)) == len(names)
