"""DX diagnosis rules as plain functions: no database, no request (see certification.py)."""
