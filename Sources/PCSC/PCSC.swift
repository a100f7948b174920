// Module PCSC: see DESIGN and DECISIONS.md.
