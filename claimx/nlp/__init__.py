"""spaCy: loading the pipeline, the `claimx` component, and the line and entity helpers."""
