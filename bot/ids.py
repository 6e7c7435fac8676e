"""Every action_id, callback_id and block_id, spelled once."""

# Views (callback_id)
PROFILE_VIEW = "profile_submit"
LEAVE_VIEW = "leave_submit"

# Buttons (action_id)
OPEN_PROFILE = "profile_open"
OPEN_LEAVE = "leave_open"

# The modals' inputs (block_id): each is named after the field it fills, so that a service's
# FieldError(field) names the block its message is shown under. Every element inside an input
# uses action_id VALUE.
VALUE = "value"

# Profile modal: one block per field (domain.PROFILE_FIELDS)
SKILLS_OFFERED = "skills_offered"
SKILLS_WANTED = "skills_wanted"
DEPARTMENT = "department"
ROLE_PREFERENCE = "role_preference"
CAREER_LEVEL = "career_level"
ABOUT = "about"
MEETING_START = "meeting_start"
MEETING_END = "meeting_end"
MEETING_DAYS = "meeting_days"
MEETING_FORM = "meeting_form"
HOLIDAY_COUNTRY = "holiday_country"
CAPACITY = "capacity"  # in a mentoring programme: how many mentees a mentor can take

# Goal modal
GOAL_WHAT = "what"
GOAL_SKILL = "skill"
GOAL_WHY = "why"
GOAL_MEASURE = "measure"
GOAL_DATE = "target_date"
GOAL_VISIBILITY = "visibility"

# Check-in modal (and GOAL_BLOCK_PREFIX below)
ATTENDANCE = "attendance"
SESSION_DATE = "session_date"
MINUTES = "minutes"
COACH = "coach"
WORKED_ON = "worked_on"
LEARNED = "learned"
NEXT_STEP = "next_step"
RATING = "rating"

# Reflection modal (and SHARE below)
REFLECTION_TEXT = "text"

# A round's options, and the programme's settings (which hold the next round's defaults)
MODE = "mode"
GROUP_SIZE = "group_size"
RECENT_ROUNDS = "recent_rounds"
ROUND_WEEKS = "round_weeks"
CADENCE = "cadence"
SEND_HOUR = "send_hour"
SESSION_MINUTES = "session_minutes"
DIGEST_CHANNEL = "digest_channel"
DIGEST_EVERY = "digest_every"
DIGEST_WEEKDAY = "digest_weekday"
DIGEST_HOUR = "digest_hour"
LANGUAGE = "language"

# Feedback survey (each block's label is the i18n key feedback.<block_id>)
GROWTH = "growth"
SUPPORTED = "supported"
RECOMMEND = "recommend"
PARTNER_USES = "partner_uses"
COMMENT = "comment"

# Forget-me modal
FORGET_CONFIRM = "confirm"

# Pairing rounds (coordinators)
ROUND_OPTIONS_VIEW = "round_options"
ROUND_PREVIEW_VIEW = "round_preview"

# A participant's pair, pauses and avoid list
OPEN_REQUEST = "partner_request_open"
REQUEST_VIEW = "partner_request"
REQUEST_REASON = "reason"
PAUSE = "pause"
RESUME = "resume"
OPEN_AVOID = "avoid_open"
AVOID_VIEW = "avoid_add"
AVOID_PERSON = "person"
REMOVE_AVOID = "avoid_remove"

# Goals, check-ins, reflections, kudos, history
GOAL_VIEW = "goal_submit"
CHECKIN_VIEW = "checkin_submit"
REFLECT_VIEW = "reflect_submit"
HISTORY_VIEW = "history"
OPEN_GOAL = "goal_open"
OPEN_CHECKIN = "checkin_open"
OPEN_REFLECT = "reflect_open"
OPEN_HISTORY = "history_open"
HISTORY_PAGE = "history_page"
GOAL_STATUS = "goal_status"  # option values are "<goal id>:<status>"
KUDOS = "kudos"
GOAL_BLOCK_PREFIX = "goal_"  # check-in inputs for each open goal: goal_<id>
SHARE = "share"

# The fortnightly rhythm's DMs
SNOOZE = "rhythm_snooze"
OPEN_GOAL_UPDATE = "goal_update_open"
GOAL_UPDATE_VIEW = "goal_update"

# Coordinators: settings, digest, export, feedback
SETTINGS_VIEW = "settings_submit"
OPEN_SETTINGS = "settings_open"
OPEN_ROUND = "round_open"
POST_DIGEST = "digest_post"
EXPORT = "export"
NUDGE_PAIR = "digest_nudge"  # value: the pair id
NUDGE_ALL = "digest_nudge_all"  # value: the digest id
OPEN_FEEDBACK = "feedback_open"  # value: the survey
FEEDBACK_VIEW = "feedback_submit"

# Programmes (coordinators): the new programme's modal, appointing a programme's coordinators
# and closing one; PROGRAMME_CHOICE's option values are programme ids (checked again on submit)
NEW_PROGRAMME_VIEW = "programme_new_submit"
PROGRAMME_COORDINATORS_VIEW = "programme_coordinators_submit"
CLOSE_PROGRAMME_VIEW = "programme_close_submit"
PROGRAMME_NAME = "programme_name"
PROGRAMME_DESCRIPTION = "programme_description"
PROGRAMME_KIND = "programme_kind"
PROGRAMME_ENROLMENT = "programme_enrolment"
PROGRAMME_STARTS = "programme_starts_on"
PROGRAMME_ENDS = "programme_ends_on"
PROGRAMME_COORDINATORS = "programme_coordinators"
PROGRAMME_COORDINATORS_PREFIX = "programme_coordinators_"  # appointing: one block a programme
PROGRAMME_CHOICE = "programme_choice"
PROGRAMME_CLOSE_CONFIRM = "programme_close_confirm"

# Privacy rights
FORGET_VIEW = "forget_me_submit"

# One-click booking (#16): the suggested times' buttons, the date and time picker modal, and
# the Booked message's buttons. Values are only what was clicked: listeners check the clicker.
BOOK_SLOT = "booking_book"  # value: "<pair id>:<start in seconds since the epoch>"
BOOK_OTHER = "booking_other"  # value: the pair id
BOOK_VIEW = "booking_submit"  # private_metadata: the pair id
RESCHEDULE = "booking_reschedule"  # value: the booking id
RESCHEDULE_VIEW = "booking_reschedule_submit"  # private_metadata: the booking id
CANCEL_BOOKING = "booking_cancel"  # value: the booking id
ADD_GOOGLE = "booking_add_google"  # link buttons: Slack still sends a click, acknowledged
ADD_OUTLOOK = "booking_add_outlook"
BOOKING_START = "start"  # the modal's datetimepicker
BOOKING_REPEAT = "repeat"  # the book modal's "every two weeks at this time" checkbox
REPEAT_BOOKING = "booking_repeat"  # value: the booking id (a single session becomes a series)
STOP_REPEATING = "booking_stop_repeating"  # value: the booking id (a series becomes single)

# A booked session's "Did you meet?" DM (#16): value "<booking id>:<start in seconds>"
MET_YES = "session_met_yes"
MET_MOVED = "session_met_moved"
MET_NO = "session_met_no"

# Coming into a programme: join (or accept an invitation to) the programme in the value; a
# coordinator's answer to a request, the value "<programme id>:<user id>"
JOIN_PROGRAMME = "programme_join"
APPROVE_JOIN = "join_approve"
DECLINE_JOIN = "join_decline"
PREVIEW_DIGEST = "digest_preview"  # a coordinator of several programmes chose one to preview
# the programme chosen in a member command's menu: "<programme id> <the command's words>"
CHOOSE_PROGRAMME = "programme_choose"

# Goal templates (#18): the goal modal's "Start from a template?" menu (option values: a skill
# key). Choosing one fills the inputs it writes under new block ids, the field's name with a
# fill number ("what.2"), because views.update keeps whatever a person typed into an input
# whose block_id is unchanged; the submission reads each field whatever its fill number.
GOAL_TEMPLATE = "goal_template"
GOAL_TEMPLATE_BLOCK = "goal_template_menu"
FILLED = "."  # between a field's name and its fill number

# The resource library (#18): the coordinators' modal (its inputs named after the fields they
# fill), the list's buttons, and the link buttons that open a resource (Slack sends the click,
# which is counted). Values are only what was clicked: listeners check the clicker's rights.
RESOURCE_ADD_VIEW = "resource_add_submit"  # private_metadata: the Flow (the programme)
RESOURCE_EDIT_VIEW = "resource_edit_submit"  # private_metadata: the resource id
RESOURCE_TITLE = "title"
RESOURCE_URL = "url"
RESOURCE_WHY = "why"
RESOURCE_SKILLS = "skills"
RESOURCE_LANGUAGE = "language"
OPEN_ADD_RESOURCE = "resource_add_open"  # value: the programme id
OPEN_RESOURCE = "resource_open"  # a link button; value: the resource id
RESOURCES_PAGE = "resources_page"  # value: "<programme id> <page> <search>"
EDIT_RESOURCE = "resource_edit"  # value: "<resource id> <page> <search>"
REMOVE_RESOURCE = "resource_remove"  # value: "<resource id> <page> <search>"

# Learnings shared by choice (#18): the button after a check-in or a reflection, the sharing
# modal, its preview, and the programme's learning channel in the settings
SHARE_LEARNING = "learning_share"  # value: "<source>:<the check-in's meeting or reflection id>"
LEARNING_VIEW = "learning_submit"  # private_metadata: the same "<source>:<id>"
LEARNING_TEXT = "learning_text"
LEARNING_AS = "learning_as"  # radio buttons: named or anonymous
LEARNING_NAMED = "named"
LEARNING_ANONYMOUS = "anonymous"
LEARNING_PREVIEW_VIEW = "learning_post"  # private_metadata: the draft previewed, as JSON
LEARNING_BACK = "learning_back"  # from the preview (or a failed post) back to the line
LEARNING_CHANNEL = "learning_channel"  # the settings' channel select

# Session guides (#18, item 1): `/mentor guide` pages through a programme's guides (the
# modal's private_metadata: its Flow); coordinators edit the journey in an editor modal.
GUIDE_VIEW = "guide_browse"  # the browsing modal (no submit)
GUIDE_PAGE = "guide_page"  # Previous / Next: value the guide's number
OPEN_GUIDE_EDITOR = "guide_editor_open"  # Home's button: value the programme id
GUIDE_EDITOR_VIEW = "guide_editor"  # the editor modal (no submit)
GUIDE_MENU = "guide_menu"  # a guide's overflow: "<change|up|down|remove>:<number>:<stamp>"
GUIDE_ADD = "guide_add"  # value "<number>:<stamp>", the new guide's number
GUIDE_RESET = "guide_reset"  # value the journey's stamp
GUIDE_CHANGE_VIEW = "guide_change"  # private_metadata "<number>|<Flow>"
GUIDE_MINUTES = "guide_minutes"  # the change modal's inputs; one of each text per locale:
GUIDE_TITLE = "guide_title"  # "<block id>_<locale>"
GUIDE_PURPOSE = "guide_purpose"
GUIDE_QUESTIONS = "guide_questions"

# Circles' rhythm (#19, item 3): the prompt in a circle's channel each cycle, and the circle
# check-in modal its button and `/mentor checkin` open
CIRCLE_PROMPT_LOG = "circle_prompt_log"  # "Log the session": value the circle id
CIRCLE_CHECKIN_VIEW = "circle_checkin"  # private_metadata: the circle id
CIRCLE_CHECKIN_DATE = "circle_checkin_date"
CIRCLE_CHECKIN_ATTENDED = "circle_checkin_attended"  # checkboxes: the circle's members
CIRCLE_CHECKIN_FACILITATOR = "circle_checkin_facilitator"  # radio buttons: the members


# Forming circles (#19): `/mentor circles form` opens the topics modal (a coordinator of
# several circles programmes first picks one: the button's value is the programme id); its
# preview's submit confirms the draft.
CIRCLE_FORM_OPEN = "circle_form_open"  # value: the programme id
CIRCLE_FORM_VIEW = "circle_form"  # private_metadata: its Flow
CIRCLE_FORM_SKILLS = "circle_form_skills"  # each skill chosen is a topic
CIRCLE_FORM_NAME = "circle_form_name"  # a topic of the coordinator's own: its name
CIRCLE_FORM_NAME_SKILLS = "circle_form_name_skills"  # and its skills
CIRCLE_FORM_MIN = "circle_form_min"
CIRCLE_FORM_MAX = "circle_form_max"
CIRCLE_FORM_MAX_CIRCLES = "circle_form_max_circles"
CIRCLE_FORM_FILL = "circle_form_fill"  # checkbox: also fill open circles with room
CIRCLE_FORM_PREVIEW_VIEW = "circle_form_preview"  # private_metadata: the draft id

# Circles made by hand, browsed and joined (#19): `/mentor circles` lists a circles programme's
# open circles (an ephemeral message, paged); `/mentor circles new` opens the coordinators'
# modal (private_metadata: its Flow).
CIRCLES_BROWSE = "circles_browse"  # a button that opens the list; value: the programme id
CIRCLES_PAGE = "circles_page"  # Previous / Next; value: "<programme id> <page>"
CIRCLE_JOIN = "circle_join"  # value: "<circle id> <page>"
CIRCLE_LEAVE = "circle_leave"  # value: "<programme id> <page>"
CIRCLE_CLOSE = "circle_close"  # a coordinator's, with a confirm dialog; "<circle id> <page>"
CIRCLES_OPEN_NEW = "circles_new_open"  # the list's New circle; value: the programme id
CIRCLE_NEW_VIEW = "circle_new_submit"
CIRCLE_TOPIC = "circle_topic"
CIRCLE_DESCRIPTION = "circle_description"
CIRCLE_SKILLS = "circle_skills"
CIRCLE_MIN_SIZE = "circle_min_size"
CIRCLE_MAX_SIZE = "circle_max_size"
CIRCLE_MEMBERS = "circle_members"
CIRCLE_FACILITATOR = "circle_facilitator"

# Shortcuts (#20), their callback_ids as manifest.yml lists them: the global shortcut opens the
# check-in /mentor checkin opens; the message shortcut, a reflection prefilled with the message.
LOG_SESSION_SHORTCUT = "log_session"
SAVE_REFLECTION_SHORTCUT = "save_reflection"

# Workflow Builder custom steps (#20), their callback_ids as manifest.yml's functions name them
LOG_SESSION_STEP = "log_coaching_session"
SEND_KUDOS_STEP = "send_kudos"
START_ROUND_STEP = "start_pairing_round"
WORKFLOW_STEPS = (LOG_SESSION_STEP, SEND_KUDOS_STEP, START_ROUND_STEP)
