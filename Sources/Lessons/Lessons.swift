// Placeholder: replaced as the Lessons module is written.
