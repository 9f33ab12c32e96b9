"""Account safety shared by every bot: budget, working hours, delays, the global pause."""
