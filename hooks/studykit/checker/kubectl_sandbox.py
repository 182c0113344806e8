"""Keep every kubectl run inside the checker's private sandbox.

Pure code, no MkDocs import. Lesson text comes from pull requests, so a page
must not be able to choose where kubectl connects, which kubeconfig or
credentials it reads, or where it writes. ``confine`` rewrites the values of
the flags that choose a target into tokens; ``Sandbox`` owns the private
temporary folder, the stand-in files and the substitution of those tokens.
kubectl still parses every flag (a flag without a value is still an error),
but its value cannot take effect.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path, PurePosixPath

TOKEN = "@K8SCHECK:{}@"
KUBECONFIG = TOKEN.format("kubeconfig")
SERVER = TOKEN.format("server")
PRIVATE = TOKEN.format("private")
RE_TOKEN = re.compile(r"@K8SCHECK:(?P<kind>[a-z]+)(?::(?P<name>[^@]*))?@")
RE_UNSAFE_NAME = re.compile(r"[^\w.-]")
RE_LEADING_DOTS = re.compile(r"^\.+")
DATA_DIR = Path(__file__).with_name("data")
#: Global flags that choose a target, and the value they get instead (kubectl options, v1.37).
TARGET_VALUES = {
    "--kubeconfig": KUBECONFIG,
    "--kuberc": PRIVATE + "/kuberc",
    "--cache-dir": PRIVATE + "/cache",
    "--profile-output": PRIVATE + "/profile.pprof",
    "--server": SERVER,
    "-s": SERVER,
    "--proxy-url": "",
    "--context": "k8scheck",
    "--cluster": "k8scheck",
    "--user": "k8scheck",
    "--token": "k8scheck",
    "--username": "k8scheck",
    "--password": "k8scheck",
    "--tls-server-name": "",
    "--output-directory": PRIVATE + "/dump",
    # credential files kubectl would read: the sandbox's stand-in TLS pair (``config set-cluster --embed-certs`` reads it)
    "--certificate-authority": TOKEN.format("cert"),
    "--client-certificate": TOKEN.format("cert"),
    "--client-key": TOKEN.format("key"),
}
#: The stand-in kustomization folder (``-k``, ``kubectl kustomize``): one stand-in manifest.
KUSTOMIZATION = "resources:\n- stub.yaml\n"
#: Stand-in file contents by kind; ``data`` files are named after the file they stand for.
STUB_CONTENT = {
    # a workload with a pod template, so that ``set image|env|resources --local -f`` have something to change
    "manifest": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: k8scheck-stub\n  labels: {app: k8scheck-stub}\nspec:\n"
        "  selector: {matchLabels: {app: k8scheck-stub}}\n  template:\n    metadata: {labels: {app: k8scheck-stub}}\n"
        "    spec: {containers: [{name: app, image: k8scheck-stub, ports: [{containerPort: 80}]}]}\n"
    ),
    "env": "K8SCHECK_STUB=1\n",
    "gotemplate": "{{.kind}}\n",
    "jsonpath": "{.kind}\n",
    "custom": "{}\n",
    "patch": "{}\n",
    "columns": "NAME\nmetadata.name\n",
    "kuberc": "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n",
}


def stub(kind: str, name: str = "") -> str:
    """Return the token that stands for a stand-in file of ``kind`` (``data`` files keep their name)."""
    return TOKEN.format(f"{kind}:{safe_name(name)}" if name else kind)


def safe_name(name: str) -> str:
    """Return a file name that cannot leave the sandbox folder."""
    cleaned = RE_LEADING_DOTS.sub("", RE_UNSAFE_NAME.sub("_", PurePosixPath(name).name))
    return cleaned or "data"


def dashed_flag(flag: str) -> str:
    """A long flag spelled with ``-`` (``--patch_file`` → ``--patch-file``): kubectl's flag parser reads ``_`` as ``-``."""
    return "--" + flag[2:].replace("_", "-") if flag.startswith("--") else flag


def split_flag(word: str) -> tuple[str, str | None]:
    """Split ``--flag=value`` / ``-svalue`` into the flag (``-`` for ``_``, as kubectl reads it) and its inline value (or None)."""
    if word.startswith("--"):
        flag, sep, value = word.partition("=")
        return dashed_flag(flag), value if sep else None
    if word.startswith("-s") and len(word) > 2:
        return "-s", word[2:].removeprefix("=")
    return word, None


def confine(argv: list[str]) -> list[str]:
    """Rewrite target-choosing flags (before ``--``) so that they cannot take effect."""
    out: list[str] = []
    items = iter(enumerate(argv))
    for i, word in items:
        if word == "--":
            out.extend(argv[i:])
            break
        flag, inline = split_flag(word)
        if flag not in TARGET_VALUES:
            out.append(word)
            continue
        value_follows = inline is None and i + 1 < len(argv) and argv[i + 1] != "--"
        if inline is None and not value_follows:
            out.append(word)  # no value: kubectl reports it (and a following ``--`` stays)
            continue
        out.append(f"{flag}={TARGET_VALUES[flag]}")
        if value_follows:
            next(items)  # the value, replaced above
    return out


class Sandbox:
    """A private temporary folder with stand-in files; resolves tokens into real paths."""

    def __init__(self) -> None:
        """Create the folder and the fixed stand-ins."""
        self._tmp = tempfile.TemporaryDirectory(prefix="k8scheck-")
        self.root = Path(self._tmp.name)
        self.server_url = ""
        self._lock = threading.Lock()
        (self.root / "stubs").mkdir()
        for kind, text in STUB_CONTENT.items():
            (self.root / "stubs" / kind).write_bytes(text.encode())
        shutil.copy(DATA_DIR / "stub-tls.crt", self.root / "stubs" / "cert")
        shutil.copy(DATA_DIR / "stub-tls.key", self.root / "stubs" / "key")
        stub_dir = self.root / "stubs" / "dir"
        stub_dir.mkdir()
        (stub_dir / "stub.yaml").write_bytes(STUB_CONTENT["manifest"].encode())
        (stub_dir / "kustomization.yaml").write_bytes(KUSTOMIZATION.encode())

    @property
    def stubs(self) -> Path:
        """Return the folder of the stand-in files."""
        return self.root / "stubs"

    def resolve(self, argv: list[str], private: Path, stubs: Path | None = None) -> list[str]:
        """Replace every token in ``argv``.

        ``private`` is this run's own folder and ``stubs`` the stand-ins' folder, both as kubectl
        sees them (inside the OS sandbox they are ``/work`` and ``/stubs``; by default the real paths).
        """
        view = stubs or self.stubs
        return [RE_TOKEN.sub(lambda m: self._path(m.group("kind"), m.group("name"), private, view), arg) for arg in argv]

    def _path(self, kind: str, name: str | None, private: Path, stubs: Path) -> str:
        """Return the path (or URL) behind one token, as kubectl sees it."""
        if kind == "server":
            return self.server_url
        if kind == "kubeconfig":
            return str(private / "config")
        if kind == "private":
            return str(private)
        if kind in ("data", "env"):  # ``stub`` always names these
            return str(stubs / self._named_stub(kind, name or ""))
        return str(stubs / kind)

    def _named_stub(self, kind: str, name: str) -> str:
        """Create (once) the stand-in for one named file: its own key, so two of them never collide.

        Return its path relative to the stand-ins' folder.
        """
        relative = f"{kind}-files/{safe_name(name)}"
        target = self.stubs / relative
        with self._lock:
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                if kind == "env":
                    text = "K8SCHECK_" + re.sub(r"\W", "_", target.name).upper() + "=1\n"
                elif target.name.endswith(("json", "dockercfg")):  # also .dockerconfigjson
                    text = "{}\n"
                else:
                    text = "k8scheck\n"
                target.write_bytes(text.encode())
        return relative

    def cleanup(self) -> None:
        """Remove the folder and everything kubectl wrote into it."""
        self._tmp.cleanup()
