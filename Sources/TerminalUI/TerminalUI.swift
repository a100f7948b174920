// Module TerminalUI: see DESIGN and DECISIONS.md.
