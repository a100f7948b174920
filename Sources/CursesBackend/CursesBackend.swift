// Module CursesBackend: see DESIGN and DECISIONS.md.
