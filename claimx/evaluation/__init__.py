"""Scoring claimx against human-annotated attributions (`claimx eval`), without spaCy."""
