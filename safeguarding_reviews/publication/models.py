"""Publication of a local review: the decision, holds, the notice before publication and the record."""
