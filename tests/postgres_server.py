"""A real PostgreSQL server for the tests: Debian's `postgresql` package (installed by
`make test`), a throw-away cluster on 127.0.0.1 with password authentication, started in
about a second and stopped when the session ends.

Why Debian's server rather than `pgserver`: it is the same PostgreSQL an organisation runs
(Debian/Ubuntu packages), needs no extra wheel, and `initdb -N` + `pg_ctl` start it as fast."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


def pg_bindir() -> Path | None:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    bindir: Path
    datadir: Path
    port: int
    superuser_password: str
    run_as: str | None  # the OS user the server runs as (root may not run it)

    host = "127.0.0.1"
    superuser = "postgres"

    def url(self, user: str | None = None, password: str | None = None, dbname: str = "postgres") -> str:
        user = user or self.superuser
        password = self.superuser_password if password is None and user == self.superuser else password
        auth = quote(user) + (":" + quote(password, safe="") if password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *args] if self.run_as else list(args)

    def start(self) -> None:
        pwfile = self.datadir.parent / "pwfile"
        pwfile.write_text(self.superuser_password + "\n")
        if self.run_as:
            uid = pwd.getpwnam(self.run_as).pw_uid
            for p in (self.datadir.parent, pwfile):
                os.chown(p, uid, -1)
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-N",
                "-D",
                str(self.datadir),
                "-U",
                self.superuser,
                "--pwfile",
                str(pwfile),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.datadir} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-o", options, "-w", "-l", str(self.log), "start"
            ),
            check=True,
            capture_output=True,
        )

    @property
    def log(self) -> Path:
        return self.datadir.parent / "server.log"

    def stop(self) -> None:
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        import psycopg2

        con = psycopg2.connect(self.url(dbname=dbname))
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(statement)
        finally:
            con.close()


def start_server() -> PostgresServer:
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL server binaries not found: `make test` installs Debian's postgresql package "
            "(apt-get install postgresql)"
        )
    root = Path(tempfile.mkdtemp(prefix="kinerja-pg-"))
    run_as = "postgres" if os.geteuid() == 0 else None
    server = PostgresServer(bindir, root / "data", _free_port(), secrets.token_urlsafe(16), run_as)
    server.start()
    return server
