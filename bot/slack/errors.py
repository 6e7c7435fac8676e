"""What Slack's error codes mean for the bot: one list of "this person cannot be reached"."""

from __future__ import annotations

# The account is closed or deactivated: the person leaves the programme (FACTS.md §4-5:
# chat.postMessage, conversations.open and users.info name these).
ACCOUNT_GONE = frozenset({"account_inactive", "user_not_found", "user_disabled"})

# Everything that means "this person cannot get messages from us": the account is gone, or the
# DM is closed to the bot (no Messages tab, not allowed, archived...). Never worth a retry.
UNREACHABLE = ACCOUNT_GONE | frozenset(
    {
        "channel_not_found",
        "messages_tab_disabled",
        "cannot_dm_bot",
        "is_archived",
        "restricted_action",
        "not_allowed_token_type",
        "user_not_visible",
        "invalid_user_combination",
    }
)
