"""Every action_id, callback_id and block_id, spelled once."""

# Views (callback_id)
PROFILE_VIEW = "profile_submit"
LEAVE_VIEW = "leave_submit"

# Buttons (action_id)
OPEN_PROFILE = "profile_open"
OPEN_LEAVE = "leave_open"

# Profile modal inputs: block_id per field; every element inside uses action_id VALUE.
VALUE = "value"
PROFILE_FIELDS = (
    "skills_offered",
    "skills_wanted",
    "department",
    "role_preference",
    "career_level",
    "about",
)
