"""Shared test configuration for the core library's tests."""
