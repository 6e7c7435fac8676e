"""Thin Slack adapters: parse the payload, call a service, render, send. Ack first."""
