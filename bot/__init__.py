"""mentor-bot: a Slack bot that runs workplace peer-coaching programmes."""
