// Module USBDevices: see DESIGN and DECISIONS.md.
