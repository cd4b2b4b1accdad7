// Placeholder: replaced as the Notebook module is written.
