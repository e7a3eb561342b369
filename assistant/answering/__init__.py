"""The extractive answerer: question frame → candidates → named features → one score → graded output."""
