"""Local stand-ins for Slack: its Web API, and its signed requests to our app."""
