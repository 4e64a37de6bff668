"""Where articles are analysed: this process, worker processes, or a Dask cluster.

Every engine maps an iterable of work items to outcomes **in input order**,
with a bounded window of work in flight, so memory stays flat however many
articles stream through. Items that are already outcomes (resumed from a
journal) or input problems pass straight through in their place.

Workers build their parser once per process from a picklable
:class:`EngineConfig` (models, cache, rules directory, threads), never a
loaded model shipped over a pipe.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Union

from .text import Article, InputProblem


@dataclass(frozen=True)
class EngineConfig:
    models: str | None = None
    cache: str | None = None
    rules_dir: str | None = None
    threads: int | None = None


@dataclass(frozen=True)
class Outcome:
    """One article's result, small and picklable: what the writers need."""

    article_id: str
    origin: str
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    words: int = 0
    error: str = ""          # set when the analysis failed; rows are then empty


Item = Union[Article, InputProblem, Outcome]


def outcome_for(article: Article, parser, rules) -> Outcome:
    """Analyse one article; any failure becomes an Outcome with ``error`` set."""
    from .pipeline import analyze_article
    from .counts import article_summary
    try:
        result = analyze_article(article, parser, rules)
        return Outcome(article.article_id, article.origin, result.rows, article_summary(result),
                       result.doc.n_words)
    except Exception as err:  # one bad article must not lose the others
        return _failed(article, "analysis failed", err)


# ------------------------------------------------------------------ per process

# One parser per worker process, built on first use. A module-level cache is
# the only way a process pool or Dask worker can keep a model between tasks.
_WORKER_STATE: dict[EngineConfig, tuple[object, object]] = {}


_STATE_LOCK = threading.Lock()  # a Dask worker with several threads must load once


def _worker_state(config: EngineConfig):
    with _STATE_LOCK:
        return _load_state(config)


def _load_state(config: EngineConfig):
    if config not in _WORKER_STATE:
        from . import make_parser
        from .rules import load_rules
        _WORKER_STATE[config] = (make_parser(config.models, config.cache, config.threads),
                                 load_rules(config.rules_dir))
    return _WORKER_STATE[config]


def analyse_in_worker(config: EngineConfig, article: Article) -> Outcome:
    try:
        parser, rules = _worker_state(config)
    except Exception as err:  # e.g. a corrupt model file: fail the article, say why
        return _failed(article, "worker could not load models", err)
    return outcome_for(article, parser, rules)


def _failed(article: Article, what: str, err: BaseException) -> Outcome:
    first_line = (str(err).splitlines() or [""])[0]
    return Outcome(article.article_id, article.origin,
                   error=f"{article.origin or article.article_id}: {what}: {type(err).__name__}: {first_line}")


def _warm(config: EngineConfig) -> None:
    _worker_state(config)


# ---------------------------------------------------------------------- engines

def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _ordered(items: Iterable[Item], submit, window: int) -> Iterator[Item]:
    """Submit articles, pass other items through, yield results in input order.

    A task that dies (a worker killed by the OOM killer, a lost Dask worker)
    becomes that article's error outcome; the run goes on.
    """
    pending: deque[tuple[Item, Future]] = deque()
    for item in items:
        pending.append((item, submit(item) if isinstance(item, Article) else _done(item)))
        while len(pending) >= window:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(item: Item, future) -> Item:
    try:
        return future.result()
    except Exception as err:
        return _failed(item, "worker failed", err)


class SerialEngine:
    """In this process, with a parser already loaded."""

    def __init__(self, parser, rules):
        self.parser, self.rules = parser, rules

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            yield outcome_for(item, self.parser, self.rules) if isinstance(item, Article) else item

    def close(self) -> None:
        pass


class ProcessEngine:
    """N worker processes on this machine, one model load each."""

    def __init__(self, config: EngineConfig, workers: int):
        import multiprocessing
        self.config = config
        # spawn, not fork: torch and a forked parent's threads do not mix.
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm, initargs=(self.config,))
        self.window = 4 * workers

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        return _ordered(items, lambda a: self.pool.submit(analyse_in_worker, self.config, a), self.window)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# Dask's defaults suit numpy tasks of milliseconds, not a parser busy for seconds:
# - its nanny sets MALLOC_TRIM_THRESHOLD_ in each worker, which also turns off
#   glibc's dynamic mmap threshold, so every large PyTorch tensor is mmap'd
#   and unmapped again (None unsets it; the thread limits stay);
# - its statistical profiler samples the task thread's stack every 10 ms.
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


class DaskEngine:
    """A dask.distributed cluster: ``local`` starts a LocalCluster, else a scheduler address."""

    def __init__(self, config: EngineConfig, scheduler: str, workers: int | None = None):
        from dask.distributed import Client, LocalCluster
        self.cluster = None
        if scheduler == "local":
            import dask
            n = workers or os.cpu_count() or 1
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(scheduler)
        # Workers resolve paths in their own working directory: send absolute ones.
        self.config = EngineConfig(_absolute(config.models, keep={"bundled", "stanza"}),
                                   _absolute(config.cache), _absolute(config.rules_dir), config.threads)
        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.window = 4 * n_workers

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        def submit(article: Article):
            return _DaskFuture(self.client.submit(analyse_in_worker, self.config, article, pure=False))
        return _ordered(items, submit, self.window)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _absolute(path: str | None, keep: set[str] = frozenset()) -> str | None:
    return path if path is None or path in keep else os.path.abspath(path)


class _DaskFuture:
    """Adapts a Dask future to the ``result()`` call _ordered needs."""

    def __init__(self, future):
        self.future = future

    def result(self):
        return self.future.result()
