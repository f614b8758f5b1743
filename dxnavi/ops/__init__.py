"""Operations tooling: checks that run against whole databases (backup/restore verification)."""
