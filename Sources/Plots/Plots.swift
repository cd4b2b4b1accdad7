// Placeholder: replaced as the Plots module is written.
