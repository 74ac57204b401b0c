"""Facilitator: a privacy-first desktop app for people who run peer-support groups."""

__version__ = "0.1.0"
APP_NAME = "Facilitator"
