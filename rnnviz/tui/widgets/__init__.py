"""The debugger's panels, one per file; each draws cached lines from the app's ViewState."""
