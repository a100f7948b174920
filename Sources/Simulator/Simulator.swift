// Module Simulator: see DESIGN and DECISIONS.md.
