// Module Guides: see DESIGN and DECISIONS.md.
