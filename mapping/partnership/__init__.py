"""The partnership itself: the recommendation, pairs, self-assessments, the draft agreement."""
