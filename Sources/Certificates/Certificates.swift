// Module Certificates: see DESIGN and DECISIONS.md.
