"""The plugin host: hook specifications, the initiative contract, and plugin loading."""
