"""Validation of the engine against theory, hand-worked rules and an independent peer."""
