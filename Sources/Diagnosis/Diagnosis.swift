// Module Diagnosis: see DESIGN and DECISIONS.md.
