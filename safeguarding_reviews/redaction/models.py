"""The redaction check of a publishable file: each run, its findings and the decisions on them (issue 15)."""
