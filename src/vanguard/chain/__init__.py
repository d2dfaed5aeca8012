"""Responsibility chains: derivation, accountability, the cascade of targets, splitting."""
