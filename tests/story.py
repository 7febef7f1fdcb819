"""The three paragraphs of story text that small test pages are built around."""

STORY = [
    "The council voted on Monday to close the old bridge to all traffic after engineers found "
    "cracks in two of its supports, a decision that will add a long detour for commuters.",
    "Repairs are expected to take at least eighteen months and to cost about four million, "
    "more than twice the sum set aside for all of the town's roads this year, officials said.",
    "Residents on both banks said they had been warning about the state of the bridge for "
    "years, and that heavy lorries should have been banned from crossing it long ago.",
]
