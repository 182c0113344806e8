"""One piece of build work running on its own thread while MkDocs renders pages.

Pure code, no MkDocs import. The hooks start a job in an early event
(``on_files``) and collect its result in ``on_post_build``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundJob(Generic[T]):
    """``work(*args)`` on a private one-thread pool; the pool ends with the job."""

    def __init__(self, name: str, work: Callable[..., T], *args: object) -> None:
        """Start at once."""
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._future: Future[T] = self._pool.submit(work, *args)

    def ready(self) -> bool:
        """True when the work finished without an exception (never waits)."""
        return self._future.done() and not self._future.cancelled() and self._future.exception() is None

    def peek(self) -> T:
        """The result of a ``ready()`` job."""
        return self._future.result(timeout=0)

    def result(self) -> T:
        """Wait for the work and return its result (or raise its exception)."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown(wait=False)

    def cancel(self) -> None:
        """Drop the work if it has not started; let a running one finish on its own."""
        self._future.cancel()
        self._pool.shutdown(wait=False)
