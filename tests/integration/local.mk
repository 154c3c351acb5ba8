# Integration and UI tests (filled in from tests/integration, tests/ui).
