"""Everything Qt: windows, dialogs, widgets, and the bridge from the network thread to signals."""
