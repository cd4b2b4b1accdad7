// Placeholder: replaced as the Grader module is written.
