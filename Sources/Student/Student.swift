// Placeholder: replaced as the Student module is written.
