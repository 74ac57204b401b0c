"""How pages reach the services: the Backend (jobs on one thread), vault jobs, the page
base, navigation targets.

See docs/architecture.md, "The desktop app in wings".
"""
