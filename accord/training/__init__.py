"""Training accord's learned components from the annotated corpus."""
